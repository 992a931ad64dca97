// Word diffs of descriptions and instructions (jsdiff `diffWords`), bounded: a hostile server can
// send megabytes of text, and an unbounded diff of two such texts is quadratic. Past the bound the
// whole text reads as replaced, which is still true.

import {createRequire} from 'node:module'

// jsdiff loads on the first diff: only drift rules and `diff` compare texts, yet every rule module
// is imported at start-up, and jsdiff's 20 files cost each command about 12 ms before it runs.
let diffLib: typeof import('diff') | undefined
const jsdiff = (): typeof import('diff') => (diffLib ??= createRequire(import.meta.url)('diff') as typeof import('diff'))

export interface WordPart {
  op: 'same' | 'added' | 'removed'
  value: string
}

const MAX_EDIT_LENGTH = 2000

export function wordDiff(before: string, after: string): WordPart[] {
  const changes = jsdiff().diffWords(before, after, {maxEditLength: MAX_EDIT_LENGTH})
  if (!changes) return replaced(before, after)
  const parts: WordPart[] = changes.map((c) => ({op: c.added ? 'added' : c.removed ? 'removed' : 'same', value: c.value}))
  // Two texts that share only spaces and punctuation read better as one replaced by the other.
  if (before !== after && before && after && parts.every((p) => p.op !== 'same' || !/[\p{L}\p{N}]/u.test(p.value))) return replaced(before, after)
  return parts
}

function replaced(before: string, after: string): WordPart[] {
  return [...(before ? [{op: 'removed' as const, value: before}] : []), ...(after ? [{op: 'added' as const, value: after}] : [])]
}

export interface WordFormat {
  same(text: string): string
  added(text: string): string
  removed(text: string): string
}

/**
 * Render a word diff with `fmt`; unchanged runs longer than `2 * context` characters keep only
 * `context` characters next to each change, joined by `…`.
 */
export function formatWordDiff(parts: WordPart[], fmt: WordFormat, context = 40): string {
  let out = ''
  for (const [i, p] of parts.entries()) {
    if (p.op === 'added') out += fmt.added(p.value)
    else if (p.op === 'removed') out += fmt.removed(p.value)
    else if (p.value.length <= 2 * context) out += fmt.same(p.value)
    else {
      const head = i > 0 ? p.value.slice(0, context) : ''
      const tail = i < parts.length - 1 ? p.value.slice(-context) : ''
      out += fmt.same(head + '…' + tail)
    }
  }
  return out
}

const MARKERS: WordFormat = {same: (s) => s, added: (s) => `{+${s}+}`, removed: (s) => `[-${s}-]`}

/** `[-removed-]{+added+}` inline form: the short evidence of a finding. */
export function inlineWordDiff(parts: WordPart[], context = 40): string {
  return formatWordDiff(parts, MARKERS, context)
}

/** Evidence for a changed text: the word diff, or the text alone when one side is absent. */
export function textChangeEvidence(before: unknown, after: unknown): string {
  const b = typeof before === 'string' ? before : before === undefined ? '' : JSON.stringify(before)
  const a = typeof after === 'string' ? after : after === undefined ? '' : JSON.stringify(after)
  return inlineWordDiff(wordDiff(b, a))
}
