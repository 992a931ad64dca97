// Text pushed out of view: a reviewer (or an approval dialog) shows the first lines of a description;
// dozens of blank lines, hundreds of spaces, blank-looking characters or filler push the rest below
// the fold, where the model still reads it. Also: a very long description whose tail turns into
// something else than its head.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {instructionSignals, type InstructionLevel} from '../../text/instructive.js'
import {defineRule} from '../types.js'
import {clip, quote, whereOf} from '../where.js'

const MIN_BLANK_LINES = 20
const MIN_BLANKS = 300
const MIN_EXOTIC_BLANKS = 10
const MIN_FILLER = 300
// Clients show a few hundred characters of a description; past this length only the model reads on.
const LONG_TEXT = 4000
const HEAD = 1000

export interface Gap {
  index: number
  end: number
  newlines: number
  blanks: number
  exotic: number
  /** The repeated filler character, when the gap is filler rather than white space. */
  filler?: string
}

// Characters that render blank: white space, and the blank-looking ones that `trim()` and `\s` miss.
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || isExoticBlank(c)
}

function isExoticBlank(c: number): boolean {
  // All of them sit at U+00A0 and above: ASCII, most of any text, is answered by one comparison.
  return (
    c >= 0xa0 &&
    (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060 ||
    c === 0x3000 || c === 0x2800 || c === 0x3164 || c === 0x115f || c === 0x1160 || c === 0xffa0 || c === 0xfeff || c === 0x00ad)
  )
}

// What padding needs at the least: a run of 20 blanks (20 blank lines, or 300 blanks), blank-looking
// characters (10 of them in a run), or 300 of one other character, which puts one character at two
// multiples of 150 apart. Most texts have none: the regex engine and a sample every 150 characters
// say so in a fraction of the loop's time.
const BLANK_RUN_RE = /[ \t\n\r\v\f]{20,}/
const EXOTIC_RE = /[\u00a0\u00ad\u115f\u1160\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u2800\u3000\u3164\ufeff\uffa0]/
const FILLER_STEP = MIN_FILLER / 2

function mayHavePadding(text: string): boolean {
  if (BLANK_RUN_RE.test(text) || EXOTIC_RE.test(text)) return true
  for (let i = 0; i + FILLER_STEP < text.length; i += FILLER_STEP) {
    const c = text.charCodeAt(i)
    if (c === text.charCodeAt(i + FILLER_STEP) && !isBlank(c) && !/[\p{L}\p{N}]/u.test(text[i])) return true
  }
  return false
}

/** The first stretch of padding followed by more text. */
export function findPadding(text: string): Gap | undefined {
  return mayHavePadding(text) ? scanPadding(text) : undefined
}

/** `findPadding` without the quick test: one linear pass (exported for the test that holds them together). */
export function scanPadding(text: string): Gap | undefined {
  let i = 0
  const n = text.length
  let seenText = false
  while (i < n) {
    const c = text.charCodeAt(i)
    if (isBlank(c)) {
      const start = i
      let newlines = 0
      let blanks = 0
      let exotic = 0
      while (i < n && isBlank(text.charCodeAt(i))) {
        const d = text.charCodeAt(i)
        if (d === 0x0a) newlines++
        else if (isExoticBlank(d)) exotic++
        else if (d !== 0x0d) blanks++
        i++
      }
      const padded = newlines >= MIN_BLANK_LINES || blanks + exotic >= MIN_BLANKS || exotic >= MIN_EXOTIC_BLANKS
      if (padded && seenText && hasTextAfter(text, i)) return {index: start, end: i, newlines, blanks, exotic}
      continue
    }
    // Filler: one visible character repeated (dots, dashes, underscores), possibly spaced.
    let j = i + 1
    while (j < n && text.charCodeAt(j) === c) j++
    if (j - i >= MIN_FILLER && !/[\p{L}\p{N}]/u.test(text[i]) && seenText && hasTextAfter(text, j)) {
      return {index: i, end: j, newlines: 0, blanks: 0, exotic: 0, filler: text[i]}
    }
    seenText = true
    i = j
  }
  return undefined
}

function hasTextAfter(text: string, from: number): boolean {
  let letters = 0
  for (let k = from; k < text.length && k < from + 2000; k++) {
    if (/[\p{L}\p{N}]/u.test(text[k]) && ++letters >= 3) return true
  }
  return false
}

const RANK: Record<InstructionLevel, number> = {none: 0, weak: 1, strong: 2}

export default defineRule({
  meta: {
    id: 'padding-out-of-view',
    summary: 'padding pushes part of a text out of view',
    description:
      'Dozens of blank lines, hundreds of spaces, blank-looking characters (braille blank U+2800, Hangul fillers, no-break and ideographic spaces) or a long run of filler push the end of a description out of what a reviewer or an approval dialog shows, while the model reads all of it. A very long description whose tail reads differently from its head (instructions after documentation) is reported too.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [451, 1427],
    remediation: 'Remove the padding and read what follows it. A description that needs thousands of characters should be shortened; move documentation to the server\'s README.',
  },
  text(field, ctx) {
    const text = field.text
    if (text.length < 40) return
    const gap = findPadding(text)
    if (gap) {
      const tail = text.slice(gap.end, gap.end + 4000)
      const signals = instructionSignals(tail)
      const instructive = signals.level !== 'none'
      // A tool result (a file, a web page) is often padded by nature: only a hidden instruction counts.
      if (field.role === 'content' && !instructive) return
      const severity: Severity = field.role === 'content' ? 'medium' : instructive ? 'high' : 'medium'
      ctx.report({
        at: field,
        message: `${describeGap(gap)} in ${whereOf(field)} push text out of view${instructive ? ` that reads as an instruction (${signals.reasons.slice(0, 2).join(', ')})` : ''}`,
        severity,
        confidence: instructive ? 'high' : 'medium',
        evidence: `hidden after the padding: ${clip(tail)}`,
      })
      return
    }
    if (text.length < LONG_TEXT || field.role !== 'metadata') return
    const head = instructionSignals(text.slice(0, HEAD))
    const tailText = text.slice(Math.floor(text.length / 2))
    const tail = instructionSignals(tailText)
    if (RANK[tail.level] <= RANK[head.level] || tail.level === 'none') return
    ctx.report({
      at: field,
      message: `${text.length} characters in ${whereOf(field)}: the tail, past what clients show, reads as an instruction (${tail.reasons.slice(0, 2).join(', ')}) while the head does not`,
      severity: tail.level === 'strong' ? 'high' : 'medium',
      confidence: 'medium',
      evidence: `tail: ${clip(tailText)}`,
      key: 'long-tail',
    })
  },
})

function describeGap(g: Gap): string {
  if (g.filler) return `${g.end - g.index} repeated ${quote(g.filler)} characters`
  const parts: string[] = []
  if (g.newlines >= MIN_BLANK_LINES) parts.push(`${g.newlines} blank lines`)
  if (g.exotic >= MIN_EXOTIC_BLANKS) parts.push(`${g.exotic} blank-looking characters`)
  if (parts.length === 0 || g.blanks >= MIN_BLANKS) parts.push(`${g.blanks} spaces`)
  return parts.join(' and ')
}
