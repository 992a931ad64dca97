// When does one tool name pass for another? Same skeleton (glyphs that read alike: `read_fi1e`,
// `send-emai1`), or a typo-style edit of one or two characters (a dropped, doubled, inserted or
// swapped letter: `read_fiel`, `raed_file`). Substituting one letter for an unrelated one
// (`read_note` / `read_node`) makes a different word, not a copy, and plurals and version suffixes
// (`read_files`, `search_v2`) are how honest servers name related tools: neither counts.

import {skeleton} from '../text/analyze.js'
import {memoize} from '../text/cache.js'
import {normalizeName} from './well-known-tools.js'

export type Likeness = 'confusable' | 'typo'

/** Names cut into words with plural endings and version suffixes dropped. */
const stemName = memoize((name: string): string => {
  const joined = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w.length > 3 ? w.replace(/ies$/, 'y').replace(/(?<=s|x|z|ch|sh)es$/, '').replace(/(?<!s)s$/, '') : w))
    .join('')
  return stripVersion(joined)
})

/** `searchv2` -> `search`: a trailing version number is how honest servers name a newer tool. */
function stripVersion(s: string): string {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) >= 0x30 && s.charCodeAt(end - 1) <= 0x39) end--
  if (end < s.length && end > 0 && s[end - 1] === 'v') end--
  return s.slice(0, end)
}

/** The forms of a name that comparisons read; a manifest compares each name with thousands. */
export interface NameForms {
  norm: string
  skeleton: string
  stem: string
}

export const nameForms = memoize((name: string): NameForms => ({norm: normalizeName(name), skeleton: skeleton(name), stem: stemName(name)}))

/** How `a` resembles `b` without being the same name (case and separators ignored), if it does. */
export function likeness(a: string | NameForms, b: string | NameForms): Likeness | undefined {
  const fa = typeof a === 'string' ? nameForms(a) : a
  const fb = typeof b === 'string' ? nameForms(b) : b
  if (fa.norm === fb.norm) return undefined
  const sa = fa.skeleton
  const sb = fb.skeleton
  if (sa === sb) return 'confusable'
  if (Math.min(sa.length, sb.length) < 6 || Math.abs(sa.length - sb.length) > 2) return undefined
  if (fa.stem === fb.stem) return undefined
  const full = osaDistance(sa, sb, 1, 3)
  const noSubstitution = osaDistance(sa, sb, 3, 3)
  return full >= 1 && full <= 2 && noSubstitution === full ? 'typo' : undefined
}

/**
 * Optimal string alignment distance (insertions, deletions, adjacent transpositions cost 1; a
 * substitution costs `substitution`), capped: anything above `max` returns `max + 1`. Names are at
 * most a few hundred characters; the band keeps it linear in their length.
 */
export function osaDistance(a: string, b: string, substitution: number, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  if (a.length > 512 || b.length > 512) return max + 1
  const n = a.length
  const m = b.length
  const INF = max + 1
  let prev2 = new Array<number>(m + 1).fill(INF)
  let prev = Array.from({length: m + 1}, (_, j) => (j <= max ? j : INF))
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1).fill(INF)
    cur[0] = i <= max ? i : INF
    const lo = Math.max(1, i - max)
    const hi = Math.min(m, i + max)
    let best = cur[0]
    for (let j = lo; j <= hi; j++) {
      const same = a[i - 1] === b[j - 1]
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : substitution))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
      cur[j] = Math.min(v, INF)
      best = Math.min(best, cur[j])
    }
    if (best > max) return INF
    prev2 = prev
    prev = cur
  }
  return Math.min(prev[m], INF)
}
