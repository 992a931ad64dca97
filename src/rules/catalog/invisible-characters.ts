// Zero-width characters, variation selectors and private-use characters that smuggle data or split
// words so filters miss them. analyze() already leaves out their legitimate uses (a ZWJ inside an
// emoji sequence, one VS16 after an emoji, ZWJ/ZWNJ in scripts that need them).
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {analyze, type HiddenKind} from '../../text/analyze.js'
import {instructionSignals} from '../../text/instructive.js'
import {countCodePoints} from '../../text/unicode.js'
import {defineRule} from '../types.js'
import {clip, isNameField, quote, whereOf} from '../where.js'

const KINDS: ReadonlySet<HiddenKind> = new Set(['zero-width', 'variation-selector', 'private-use'])

const LABEL: Record<string, [string, string]> = {
  'zero-width': ['zero-width character', 'zero-width characters'],
  'variation-selector': ['variation selector', 'variation selectors'],
  'private-use': ['private-use character', 'private-use characters'],
}

export default defineRule({
  meta: {
    id: 'invisible-characters',
    summary: 'invisible characters hide data or split words in a name or description',
    description:
      'Zero-width spaces and joiners, word joiners, soft hyphens, invisible operators, Hangul fillers, variation selectors and private-use characters render as nothing (or as nothing recognizable). In a name they make two names that look the same differ; in a description they split words so keyword filters miss them, or carry a message byte by byte (variation selectors after an emoji). Legitimate uses are left alone: a zero-width joiner inside an emoji sequence, one presentation selector after an emoji, ZWJ/ZWNJ in scripts that need them, a soft hyphen inside a long word.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [176, 451],
    remediation:
      'Remove the invisible characters. Names must use only `[A-Za-z0-9_.-]`; descriptions need none of these characters. If a description was pasted from a web page or a word processor, paste it as plain text.',
  },
  text(field, ctx) {
    const a = analyze(field.text)
    const runs = a.hidden.filter((r) => KINDS.has(r.kind))
    if (runs.length === 0) return
    const counts = new Map<HiddenKind, number>()
    let total = 0
    let longestRun = 0
    const words: string[] = []
    let splitWords = 0
    for (const r of runs) {
      const n = countCodePoints(field.text, r.index, r.index + r.length)
      counts.set(r.kind, (counts.get(r.kind) ?? 0) + n)
      total += n
      longestRun = Math.max(longestRun, n)
      // Where they sit matters for the first runs; past those, counting is enough.
      const word = splitWords < 64 ? wordAround(field.text, r.index, r.length) : undefined
      if (word) splitWords++
      if (word && words.length < 3 && !words.includes(word)) words.push(word)
    }
    const smuggled = a.decoded.filter((d) => d.encoding === 'variation-selectors' && !d.via)
    const splitsWords = words.length > 0
    let severity: Severity
    if (isNameField(field)) severity = 'high'
    else if (smuggled.length > 0) severity = field.role === 'metadata' ? 'high' : 'medium'
    else if (field.role === 'content') severity = total >= 10 || longestRun >= 3 || (splitsWords && total >= 3) ? 'medium' : 'low'
    // Words split on purpose around an instruction: the split exists to get the instruction past filters.
    else if (splitWords >= 3 && instructionSignals(a.visible).level !== 'none') severity = 'high'
    else severity = longestRun >= 2 || total >= 3 || splitsWords ? 'medium' : 'low'
    const what = [...counts].map(([k, n]) => `${n} ${LABEL[k][n === 1 ? 0 : 1]}`).join(', ')
    const inside = splitsWords ? ` inside ${splitWords > words.length ? `${splitWords} words such as ` : ''}${words.map(quote).join(', ')}` : ''
    const first = runs[0]
    ctx.report({
      at: field,
      message: `${what} in ${whereOf(field)}${inside}${smuggled.length > 0 ? ', encoding hidden text' : ''}`,
      severity,
      confidence: isNameField(field) || smuggled.length > 0 || splitsWords ? 'high' : 'medium',
      evidence:
        smuggled.length > 0
          ? `decoded: ${clip(smuggled.map((d) => d.text).join(' '))}`
          : clip(field.text.slice(Math.max(0, first.index - 40), first.index + first.length + 40), 200),
    })
  },
  config(config, ctx) {
    // A server name in a client config is a name too: allow-lists and locks refer to it.
    const runs = analyze(config.name).hidden.filter((r) => KINDS.has(r.kind))
    if (runs.length === 0) return
    const n = runs.reduce((sum, r) => sum + countCodePoints(config.name, r.index, r.index + r.length), 0)
    ctx.report({at: config, message: `${n} invisible character${n === 1 ? '' : 's'} in the name of server ${quote(config.name)}`, severity: 'high', confidence: 'high', evidence: clip(config.name, 200)})
  },
})

/** The word a run sits inside (letters on both sides), with the run removed, or undefined. */
function wordAround(text: string, index: number, length: number): string | undefined {
  let start = index
  while (start > 0 && index - start < 40 && /[\p{L}\p{N}]/u.test(text[start - 1])) start--
  let end = index + length
  while (end < text.length && end - index - length < 40 && /[\p{L}\p{N}]/u.test(text[end])) end++
  if (start === index || end === index + length) return undefined
  return text.slice(start, index) + text.slice(index + length, end)
}
