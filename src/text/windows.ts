// Running a pattern on windows of a long text instead of all of it. The literal prefilter (see
// literals.ts) skips a pattern on a text that lacks its required literals; a long text has some
// literal of most patterns but few places where it occurs, and only there can a match be.

import {matchBounds} from './literals.js'

// Three quarters of the signal patterns' literal groups occur in 1 MB of tool results. Below this
// length one pass over the text costs less than finding where they occur.
export const WINDOWS_FROM = 4096

/**
 * Windows of `text` to run a pattern on instead of all of it, four numbers each: the positions a
 * match may start at, [a, b), and the slice to match in, [from, to). Every match holds one of the
 * `hits` (so it starts at most `len - 1` before one), and whether and what the pattern matches at a
 * position depends only on the text within `reach` of it: a slice reaching that far around a window
 * gives the answer the whole text gives at every start the window covers. Undefined when the
 * windows would cover much of the text (one pass costs less).
 */
export function windowsAround(text: string, hits: readonly number[], len: number, reach: number): number[] | undefined {
  const windows: number[] = []
  let covered = 0
  for (const hit of hits) {
    const a = Math.max(0, hit - len + 1)
    const b = hit + 1
    const last = windows.length - 4
    // Merged when the slices would overlap: one slice instead of two over the same text.
    if (last >= 0 && a - reach <= windows[last + 3]) {
      covered += b - windows[last + 1]
      windows[last + 1] = b
      windows[last + 3] = Math.min(text.length, b + reach)
    } else {
      covered += b - a + 2 * reach
      windows.push(a, b, Math.max(0, a - reach), Math.min(text.length, b + reach))
    }
    if (covered > text.length / 2) return undefined
  }
  return windows
}

/** The whole text as one window (an empty match may start at its very end). */
export function wholeText(text: string): number[] {
  return [0, text.length + 1, 0, text.length]
}

/**
 * The matches `text.matchAll(re)` finds, in the same order, searching only `windows` (see
 * `windowsAround`; `wholeText` for all of it). Going through the windows in order, each search
 * starting where the last match ended, finds what one pass finds: no match starts outside them.
 * Unlike matchAll, `re` itself is used (left with lastIndex 0) and `m.input` is the window's slice.
 */
export function* windowMatches(re: RegExp, text: string, windows: readonly number[]): Generator<RegExpExecArray> {
  if (!re.global || re.sticky) throw new TypeError(`windowMatches needs a global, non-sticky regex: /${re.source}/${re.flags}`)
  const unicode = re.unicode || re.flags.includes('v')
  let pos = 0
  try {
    for (let w = 0; w < windows.length; w += 4) {
      const b = windows[w + 1]
      if (pos >= b) continue
      const from = windows[w + 2]
      const slice = from === 0 && windows[w + 3] === text.length ? text : text.slice(from, windows[w + 3])
      re.lastIndex = Math.max(windows[w], pos) - from
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        // A match starting past the window may need text beyond its slice: a later window finds it.
        if (m.index + from >= b) break
        m.index += from
        // With /d, every group's [start, end] too (a named group's pair is its numbered one's).
        if (m.indices && from > 0) for (const pair of m.indices) if (pair) (pair[0] += from), (pair[1] += from)
        // After an empty match, one character on, as matchAll does (a whole surrogate pair with /u).
        pos = m[0].length > 0 ? m.index + m[0].length : m.index + (unicode && isPairAt(text, m.index) ? 2 : 1)
        yield m
        re.lastIndex = pos - from
      }
    }
  } finally {
    // The patterns are shared: a caller that stops early must not leave the next one mid-text.
    re.lastIndex = 0
  }
}

function isPairAt(text: string, i: number): boolean {
  const hi = text.charCodeAt(i)
  const lo = text.charCodeAt(i + 1)
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff
}

/**
 * The matches of a pattern whose required literal groups are `groups` (indexes into `hits`, from
 * `LiteralIndex.locate`): through the windows of its rarest group when that saves work, else in the
 * whole text. `hits` undefined: the text was scanned without locating (a short text).
 */
export function patternMatches(re: RegExp, text: string, groups: readonly number[], hits: ReadonlyArray<number[] | null | undefined> | undefined, bounds: Bounds | undefined): Generator<RegExpExecArray> {
  return windowMatches(re, text, (hits && windowsOf(text, groups, hits, bounds)) ?? wholeText(text))
}

type Bounds = {len: number; reach: number}

/** The matches of `re`, each of which holds `literal`: in a long text, found around its occurrences. */
export function matchesWith(re: RegExp, text: string, literal: string): Iterable<RegExpExecArray> {
  const first = text.indexOf(literal)
  if (first < 0) return []
  if (text.length < WINDOWS_FROM) return windowMatches(re, text, wholeText(text))
  const hits: number[] = []
  const cap = text.length >> 8
  for (let i = first; i >= 0 && hits.length <= cap; i = text.indexOf(literal, i + 1)) hits.push(i + literal.length - 1)
  return patternMatches(re, text, [0], hits.length <= cap ? [hits] : undefined, matchBounds(re))
}

/** The windows of the pattern's rarest group whose hits were counted, when that saves work. */
export function windowsOf(text: string, groups: readonly number[], hits: ReadonlyArray<number[] | null | undefined>, bounds: Bounds | undefined): number[] | undefined {
  if (!bounds) return undefined
  let rarest: number[] | undefined
  for (const g of groups) if (hits[g] && (!rarest || hits[g]!.length < rarest.length)) rarest = hits[g]!
  return rarest && windowsAround(text, rarest, bounds.len, bounds.reach)
}

