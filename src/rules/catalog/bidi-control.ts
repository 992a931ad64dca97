// Bidirectional controls that make a person see text in another order than the model (and a parser)
// reads it: Trojan Source (CVE-2021-42574) applied to tool metadata. Direction marks inside
// right-to-left text are normal and left out by analyze().
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {analyze} from '../../text/analyze.js'
import {RTL_RE} from '../../text/unicode.js'
import {defineRule} from '../types.js'
import {isNameField, quote, whereOf} from '../where.js'

const OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E'])
const ISOLATES = new Set(['\u2066', '\u2067', '\u2068'])
const OVERRIDES = new Set(['\u202D', '\u202E'])
const MARKS = new Set(['\u200E', '\u200F', '\u061C'])

export default defineRule({
  meta: {
    id: 'bidi-control',
    summary: 'bidirectional control characters reorder what a reviewer sees',
    description:
      'Bidirectional overrides, embeddings and isolates (U+202A to U+202E, U+2066 to U+2069) and direction marks (U+200E, U+200F, U+061C) change the order in which text is displayed without changing the order in which it is stored. A reviewer reads one sentence; the model reads another (the Trojan Source technique). In right-to-left text, direction marks are normal and are not reported.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [451],
    remediation:
      'Remove the bidirectional controls. Tool metadata written in a left-to-right language needs none; text in a right-to-left language needs at most direction marks, never overrides.',
  },
  text(field, ctx) {
    const a = analyze(field.text)
    const runs = a.hidden.filter((r) => r.kind === 'bidi')
    if (runs.length === 0) return
    let overrides = 0
    let marks = 0
    let count = 0
    let depth = 0
    let isolates = 0
    for (const r of runs) {
      for (const ch of field.text.slice(r.index, r.index + r.length)) {
        count++
        if (OVERRIDES.has(ch)) overrides++
        if (MARKS.has(ch)) marks++
        if (OPENERS.has(ch)) depth++
        else if (ch === '\u202C') depth = Math.max(0, depth - 1)
        else if (ISOLATES.has(ch)) isolates++
        else if (ch === '\u2069') isolates = Math.max(0, isolates - 1)
      }
    }
    const unterminated = depth > 0 || isolates > 0
    const onlyMarks = marks === count
    const rtl = RTL_RE.test(field.text)
    let severity: Severity
    if (isNameField(field)) severity = 'high'
    else if (field.role === 'content') severity = 'medium'
    else if (onlyMarks) severity = 'medium'
    else if (rtl && overrides === 0 && !unterminated) severity = 'medium'
    else severity = 'high'
    const kinds = overrides > 0 ? 'override' : onlyMarks ? 'direction mark' : 'embedding or isolate'
    // The evidence shows a short excerpt: reorder only a window around the first override.
    const first = overrides > 0 ? Math.max(0, field.text.search(/[\u202D\u202E]/) - 200) : 0
    const displayed = overrides > 0 ? displayOrder(field.text.slice(first, first + 2000)) : undefined
    ctx.report({
      at: field,
      message: `${count} bidirectional control character${count === 1 ? '' : 's'} (${kinds}${unterminated ? ', unterminated' : ''}) in ${whereOf(field)} reorder what a reviewer sees`,
      severity,
      confidence: onlyMarks ? 'medium' : 'high',
      evidence: displayed === undefined ? `reads: ${field.text.slice(0, 2000)}` : `displays as: ${displayed} | reads: ${a.visible.slice(first, first + 2000)}`,
    })
  },
  config(config, ctx) {
    const n = analyze(config.name).hidden.filter((r) => r.kind === 'bidi').reduce((sum, r) => sum + r.length, 0)
    if (n === 0) return
    ctx.report({at: config, message: `${n} bidirectional control character${n === 1 ? '' : 's'} in the name of server ${quote(config.name)} reorder what a reviewer sees`, severity: 'high', confidence: 'high', evidence: config.name.slice(0, 200)})
  },
})

/**
 * Roughly what a person sees: the text between a right-to-left override and its PDF (or the end of
 * the paragraph) shown reversed; a left-to-right override keeps its order. Good enough to show the
 * reviewer that the two readings differ; it is not the full Unicode bidi algorithm.
 */
export function displayOrder(text: string): string {
  let out = ''
  let i = 0
  const chars = [...text]
  while (i < chars.length) {
    const ch = chars[i]
    if (ch === '\u202E') {
      let j = i + 1
      let span: string[] = []
      while (j < chars.length && chars[j] !== '\u202C' && chars[j] !== '\n') {
        if (!isBidi(chars[j])) span.push(chars[j])
        j++
      }
      out += span.reverse().join('')
      span = []
      i = j + (chars[j] === '\u202C' ? 1 : 0)
      continue
    }
    if (!isBidi(ch)) out += ch
    i++
  }
  return out
}

function isBidi(ch: string): boolean {
  return /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(ch)
}
