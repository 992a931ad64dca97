// Personal data in text: the detectors of this folder behind one call, with overlaps resolved (a card
// number is not also reported as a phone number) and masks that keep only what a reader needs to
// recognize the value (the last digits, the mail domain).

import {findCards} from './card.js'
import {findEmails} from './email.js'
import {findIbans} from './iban.js'
import {findIps} from './ip.js'
import {findPhones} from './phone.js'
import {findSsns} from './ssn.js'

export const PII_KINDS = ['ssn', 'card', 'iban', 'email', 'phone', 'ip'] as const
export type PiiKind = (typeof PII_KINDS)[number]

export const PII_LABELS: Record<PiiKind, string> = {
  ssn: 'US social security number',
  card: 'payment card number',
  iban: 'IBAN',
  email: 'e-mail address',
  phone: 'phone number',
  ip: 'IP address',
}

export interface PiiMatch {
  kind: PiiKind
  /** UTF-16 index in the text. */
  index: number
  /** The value as written (never print it: use `maskPii`). */
  value: string
}

// When two matches overlap, the one that passed the stronger check wins (checksums before formats).
const PRIORITY: Record<PiiKind, number> = {card: 0, iban: 1, ssn: 2, email: 3, ip: 4, phone: 5}

// Every detector needs at least one digit or an `@`; prose without either costs one scan.
const HAS_SIGNAL = /[\d@]/

export function findPii(text: string, kinds: ReadonlySet<PiiKind> = ALL_KINDS): PiiMatch[] {
  if (!HAS_SIGNAL.test(text)) return []
  const found: PiiMatch[] = []
  const add = (kind: PiiKind, list: Array<{index: number; value: string}>) => {
    if (kinds.has(kind)) for (const m of list) found.push({kind, index: m.index, value: m.value})
  }
  if (kinds.has('card')) add('card', findCards(text))
  if (kinds.has('iban')) add('iban', findIbans(text))
  if (kinds.has('ssn')) add('ssn', findSsns(text))
  if (kinds.has('email')) add('email', findEmails(text))
  if (kinds.has('ip')) add('ip', findIps(text))
  if (kinds.has('phone')) add('phone', findPhones(text))
  if (found.length < 2) return found
  found.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.index - b.index)
  const kept: PiiMatch[] = []
  for (const m of found) {
    const end = m.index + m.value.length
    if (!kept.some((k) => m.index < k.index + k.value.length && k.index < end)) kept.push(m)
  }
  return kept.sort((a, b) => a.index - b.index)
}

const ALL_KINDS: ReadonlySet<PiiKind> = new Set(PII_KINDS)

/** A form that identifies the value to its owner without disclosing it. */
export function maskPii(m: Pick<PiiMatch, 'kind' | 'value'>): string {
  const v = m.value
  switch (m.kind) {
    case 'ssn':
      return '***-**-' + v.replace(/\D/g, '').slice(-4)
    case 'card':
    case 'phone':
      return '*'.repeat(4) + v.replace(/\D/g, '').slice(-4)
    case 'iban':
      return v.slice(0, 2) + '**' + '*'.repeat(4) + v.replace(/ /g, '').slice(-4)
    case 'email': {
      const at = v.lastIndexOf('@')
      return v[0] + '***' + v.slice(at)
    }
    case 'ip':
      return v.includes(':') ? v.split(':').slice(0, 2).join(':') + ':****' : v.split('.').slice(0, 2).join('.') + '.*.*'
  }
}

/** Replace each match in `text` by its mask. */
export function redactPii(text: string, matches: PiiMatch[] = findPii(text)): string {
  if (matches.length === 0) return text
  let out = ''
  let last = 0
  for (const m of matches) {
    if (m.index < last) continue
    out += text.slice(last, m.index) + maskPii(m)
    last = m.index + m.value.length
  }
  return out + text.slice(last)
}
