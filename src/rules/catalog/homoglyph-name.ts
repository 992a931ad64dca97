// Names spelled with look-alike letters (Cyrillic "а" in "reаd_file"), mixed scripts, or characters
// the spec does not allow; and look-alike words inside descriptions. A spoofed name makes the model
// or a reviewer take one tool for another; a spoofed word slips past keyword filters.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {visibleText} from '../../text/analyze.js'
import {instructionSignals} from '../../text/instructive.js'
import {foldConfusables, isConfusable, LATIN_LOOKALIKE_SCRIPTS, scriptOf, type Script} from '../../text/unicode.js'
import type {Located, Scope, TextField} from '../scope.js'
import type {RuleContext} from '../types.js'
import {defineRule} from '../types.js'
import {normalizeName, WELL_KNOWN_BY_NAME} from '../well-known-tools.js'
import {clip, isNameField, quote, SPEC_NAME_RE, whereOf} from '../where.js'

const PROSE_FIELDS = new Set(['description', 'title', 'instructions', 'param-description', 'param-title', 'prompt-argument', 'annotation-title', 'output-schema'])

export default defineRule({
  meta: {
    id: 'homoglyph-name',
    summary: 'a name uses look-alike or mixed-script letters, or characters outside [A-Za-z0-9_.-]',
    description:
      'Tool, prompt, parameter and server names are identifiers: the MCP spec limits tool names to `[A-Za-z0-9_.-]`. A name written with letters from another script that look Latin (Cyrillic `а`, Greek `ο`, fullwidth or mathematical letters) reads the same to a person and differs for the machine, so it can impersonate another tool, a well-known tool or an allow-list entry. Inside descriptions, words that mix Latin with look-alike letters hide keywords from filters. Text written in one script (Japanese, Russian, Greek) is not mixed script and is not reported.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [1007],
    remediation:
      'Rename the tool, prompt or parameter using only `[A-Za-z0-9_.-]`. If the server is third-party and a name imitates another tool, do not use the server: the imitation is deliberate.',
  },
  text(field, ctx) {
    if (field.role !== 'metadata') return
    if (isNameField(field)) checkName(field.text, field, ctx, field.field === 'param-name' ? 'parameter' : field.field === 'server-info' ? 'server' : field.kind, siblingsOf(field))
    else if (PROSE_FIELDS.has(field.field)) checkProse(field, ctx)
  },
  config(config, ctx) {
    checkName(config.name, config, ctx, 'server', [])
  },
})

interface NameVerdict {
  severity: Severity
  message: string
  evidence: string
}

/** Judge one name; undefined when it is a plain spec-conforming name. */
export function judgeName(name: string, what: string, known: (latin: string) => string | undefined): NameVerdict | undefined {
  const visible = visibleText(name)
  if (SPEC_NAME_RE.test(visible) || visible === '') return undefined
  const scripts = new Set<Script>()
  let confusables = 0
  for (const ch of visible) {
    const s = scriptOf(ch)
    if (s) scripts.add(s)
    if (isConfusable(ch)) confusables++
  }
  const latin = foldConfusables(visible.normalize('NFKC'))
  const imitates = latin !== visible && SPEC_NAME_RE.test(latin)
  if (imitates) {
    const target = known(latin)
    const how = describeLookalikes(visible)
    return {
      severity: target ? 'high' : 'medium',
      message: target
        ? `${what} name ${quote(name)} imitates ${target} with look-alike characters (${how})`
        : `${what} name ${quote(name)} is spelled with look-alike characters (${how}) and reads as ${quote(latin)}`,
      evidence: `${clip(name, 200)} -> ${clip(latin, 200)}`,
    }
  }
  const lookalikeMix = scripts.has('latin') && [...scripts].some((s) => LATIN_LOOKALIKE_SCRIPTS.has(s))
  if (lookalikeMix || (scripts.size > 1 && confusables > 0)) {
    return {severity: 'medium', message: `${what} name ${quote(name)} mixes scripts (${[...scripts].sort().join(', ')})`, evidence: clip(name, 200)}
  }
  // The spec's character set binds tool and prompt names only: parameter names are JSON keys, and
  // server names ("GitHub MCP Server") are labels.
  if (what === 'parameter' || what === 'server') return undefined
  return {severity: 'low', message: `${what} name ${quote(name)} has characters outside the spec's [A-Za-z0-9_.-]`, evidence: clip(name, 200)}
}

function checkName(name: string, at: Located, ctx: RuleContext, what: string, siblings: string[]): void {
  const names = scopeNames(ctx.scope)
  const verdict = judgeName(name, what, (latin) => {
    const key = normalizeName(latin)
    if (siblings.some((s) => normalizeName(s) === key)) return `the ${what} ${quote(siblings.find((s) => normalizeName(s) === key)!)} next to it`
    const other = names.get(key)
    if (other) return `${other.kind} ${quote(other.name)}${other.server ? ` of server ${quote(other.server)}` : ''}`
    const wk = WELL_KNOWN_BY_NAME.get(key)
    if (wk) return `the well-known tool ${quote(wk.name)} (${wk.owners[0]})`
    return undefined
  })
  if (!verdict) return
  ctx.report({at, message: verdict.message, severity: verdict.severity, evidence: verdict.evidence, confidence: verdict.severity === 'low' ? 'medium' : 'high'})
}

/** Which look-alike letters a name uses, as `"а" U+0430 cyrillic`. */
function describeLookalikes(name: string): string {
  const out: string[] = []
  for (const ch of name) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x80) continue
    const hex = cp.toString(16).toUpperCase().padStart(4, '0')
    if (!out.some((o) => o.includes(`U+${hex}`))) out.push(`U+${hex} ${scriptOf(ch) ?? 'symbol'}`)
    if (out.length >= 3) break
  }
  return out.join(', ')
}

/** Parameter names next to a parameter (same schema object), for "imitates its sibling". */
function siblingsOf(field: TextField): string[] {
  if (field.field !== 'param-name' || !field.item) return []
  const parentPointer = field.pointer.slice(0, field.pointer.lastIndexOf('/'))
  const siblings: string[] = []
  for (const [k, v] of Object.entries(propertiesAt(field.item.descriptor, parentPointer, field.item.pointer))) {
    if (k !== field.text && v !== undefined) siblings.push(k)
  }
  return siblings
}

function propertiesAt(descriptor: Record<string, unknown>, pointer: string, itemPointer: string): Record<string, unknown> {
  if (!pointer.startsWith(itemPointer)) return {}
  let cur: unknown = descriptor
  for (const t of pointer.slice(itemPointer.length).split('/').slice(1)) {
    if (!cur || typeof cur !== 'object') return {}
    cur = (cur as Record<string, unknown>)[t.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return cur && typeof cur === 'object' ? (cur as Record<string, unknown>) : {}
}

interface NamedThing {
  kind: string
  name: string
  server?: string
}

const NAMES = new WeakMap<Scope, Map<string, NamedThing>>()

/** Plain ASCII tool, prompt and server names in the scope, by normalized name. */
function scopeNames(scope: Scope): Map<string, NamedThing> {
  let map = NAMES.get(scope)
  if (map) return map
  map = new Map()
  for (const s of scope.servers) {
    if (SPEC_NAME_RE.test(s.name)) map.set(normalizeName(s.name), {kind: 'server', name: s.name})
    for (const it of s.items) {
      if ((it.kind === 'tool' || it.kind === 'prompt') && SPEC_NAME_RE.test(it.name)) map.set(normalizeName(it.name), {kind: it.kind, name: it.name, server: s.name})
    }
  }
  for (const c of scope.configs) if (SPEC_NAME_RE.test(c.name)) map.set(normalizeName(c.name), {kind: 'server', name: c.name})
  NAMES.set(scope, map)
  return map
}

// Words in prose that mix Latin letters with look-alikes, or consist only of look-alikes in Latin text.
function checkProse(field: TextField, ctx: RuleContext): void {
  const text = field.text
  if (!/[\u0370-\u058F\u13A0-\u13FF\u1D00-\u1D2B\u0250-\u02AF]/.test(text)) return
  let latin = 0
  let other = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++
    else if (c >= 0x370 && c <= 0x58f) other++
  }
  const latinText = latin > other * 2
  const words: string[] = []
  for (const m of text.matchAll(/[\p{L}\p{M}]{2,64}/gu)) {
    const w = m[0]
    let hasLatin = false
    let lookalike = 0
    let letters = 0
    for (const ch of w) {
      letters++
      if (/[A-Za-z]/.test(ch)) hasLatin = true
      else if (isConfusable(ch)) lookalike++
    }
    const spoofed = (hasLatin && lookalike > 0) || (latinText && lookalike === letters && letters >= 3)
    if (spoofed && !words.includes(w)) words.push(w)
    if (words.length >= 5) break
  }
  if (words.length === 0) return
  // Several spoofed words around an instruction: the spelling exists to get it past filters.
  const instructive = words.length >= 3 && instructionSignals(foldConfusables(text)).level !== 'none'
  ctx.report({
    at: field,
    message: `${words.length === 5 ? '5 or more words' : `${words.length} word${words.length === 1 ? '' : 's'}`} in ${whereOf(field)} mix latin with look-alike letters (${words
      .slice(0, 3)
      .map((w) => `${quote(w)} reads ${quote(foldConfusables(w))}`)
      .join(', ')})`,
    severity: instructive && field.role === 'metadata' ? 'high' : 'medium',
    confidence: instructive ? 'high' : 'medium',
    evidence: words.join(' '),
    key: 'prose',
  })
}
