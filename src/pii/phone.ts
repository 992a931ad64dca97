// Phone numbers through libphonenumber-js (Google's metadata): only numbers that are valid for their
// region count. The library scans slowly, so a linear pre-filter hands it only short digit runs that
// could be a phone number; texts without seven digits in a row (with separators) cost one regex pass.

import {findPhoneNumbersInText, type CountryCode} from 'libphonenumber-js'
import type {RawMatch} from './ssn.js'

// A run of 7 to 20 digits with the separators people write between them, optionally after `+`.
const CANDIDATE = /(?:\+|\b)\d(?:[ .()/-]{0,3}\d){6,19}\b\)?/g

// A national number counts only when grouped the way people write one (`415 555 2671`, `(415)
// 555-2671`, `1-415-555-2671`): ten bare digits, or two numbers that happen to stand side by side in
// prose, are ids and counts far more often than phone numbers. International numbers (`+44 20...`)
// are written in too many groupings to check, and the leading `+` is signal enough.
const NATIONAL_GROUPS = new Set(['3,3,4', '1,3,3,4'])

function written(value: string): boolean {
  if (value.startsWith('+')) return true
  const groups = value.split(/\D+/).filter(Boolean).map((g) => g.length)
  return NATIONAL_GROUPS.has(groups.join(','))
}

export function findPhones(text: string, region: CountryCode = 'US'): RawMatch[] {
  const out: RawMatch[] = []
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index ?? 0
    // Keep an opening parenthesis just before the run: `(415) 555-2671`.
    const from = start > 0 && text[start - 1] === '(' ? start - 1 : start
    const candidate = text.slice(from, start + m[0].length)
    for (const f of findPhoneNumbersInText(candidate, region)) {
      const value = candidate.slice(f.startsAt, f.endsAt)
      if (f.number.isValid() && written(value)) out.push({index: from + f.startsAt, value})
    }
  }
  return out
}
