// Tool-name globs for allow and deny lists: `*` any run, `?` one character, everything else literal.
// Matched by the two-pointer wildcard algorithm, never by a regex built from the pattern, so a long
// hostile tool name costs at most pattern × name steps and cannot backtrack exponentially.

export function globMatch(pattern: string, name: string): boolean {
  let p = 0
  let n = 0
  let star = -1
  let mark = 0
  while (n < name.length) {
    const c = p < pattern.length ? pattern[p] : undefined
    if (c === '*') {
      star = p++
      mark = n
    } else if (c !== undefined && (c === '?' || c === name[n])) {
      p++
      n++
    } else if (star >= 0) {
      p = star + 1
      n = ++mark
    } else return false
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

export function matchesAny(patterns: readonly string[] | undefined, name: string): string | undefined {
  if (!patterns) return undefined
  for (const p of patterns) if (globMatch(p, name)) return p
  return undefined
}
