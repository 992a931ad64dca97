// Is a package name an imitation of a well-known MCP server package? Three signals: look-alike
// characters (`@modelcontextprotocoI`, Cyrillic `о`), a confusable or dropped scope
// (`@model-context-protocol/...`, `modelcontextprotocol-server-x`, `server-github` unscoped), and a
// small edit distance to a known name. Names under a scope owned by a known publisher are never
// squats: nobody else can publish there.

import {KNOWN_IMAGES, KNOWN_NPM, KNOWN_PYPI, KNOWN_SCOPES} from './known-servers.js'
import {normalizePypiName, type Ecosystem} from './packages.js'

export type SquatReason = 'homoglyph' | 'scope' | 'unscoped' | 'distance'

export interface Squat {
  /** The well-known name imitated (a scope like `@modelcontextprotocol` when no package fits). */
  target: string
  reason: SquatReason
  distance?: number
}

// Letters from other scripts that render like Latin ones (Unicode confusables, the ones seen in
// package-name attacks), plus ASCII digits and capitals that pass for letters in many fonts.
const CONFUSABLE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ӏ: 'l', һ: 'h', ԛ: 'q', ԝ: 'w', к: 'k', м: 'm', н: 'h', т: 't',
  α: 'a', ε: 'e', ο: 'o', ρ: 'p', ν: 'v', κ: 'k', ι: 'i', τ: 't', υ: 'u', χ: 'x', ɡ: 'g', ı: 'i', ȷ: 'j', ⅼ: 'l', ℓ: 'l',
  '0': 'o', '1': 'l', '|': 'l',
}

// Capitals that look like Latin capitals, folded before lower-casing (lower case Greek `η` or `μ`
// looks nothing like the Latin letter its capital imitates).
const CONFUSABLE_UPPER: Record<string, string> = {
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J',
}

/** A name reduced to what it looks like: NFKC, capital I as l, confusables folded, `rn` as `m`, `vv` as `w`. */
export function skeleton(name: string): string {
  let s = [...name.normalize('NFKC')].map((c) => CONFUSABLE_UPPER[c] ?? c).join('').replace(/I/g, 'l').toLowerCase()
  s = [...s].map((c) => CONFUSABLE[c] ?? c).join('')
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w')
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits), capped at `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const rows = a.length + 1
  const cols = b.length + 1
  let prev2 = new Array<number>(cols).fill(0)
  let prev = Array.from({length: cols}, (_, j) => j)
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0)
    cur[0] = i
    let best = cur[0]
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
      cur[j] = v
      if (v < best) best = v
    }
    if (best > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return prev[cols - 1]
}

/** How far a name may be from a known one and still count as a typo of it. */
function allowedDistance(length: number): number {
  if (length >= 14) return 2
  if (length >= 8) return 1
  return 0
}

const squash = (s: string) => skeleton(s).replace(/[-_.]/g, '')

function splitScope(name: string): {scope?: string; bare: string} {
  if (name.startsWith('@') && name.includes('/')) {
    const i = name.indexOf('/')
    return {scope: name.slice(0, i), bare: name.slice(i + 1)}
  }
  return {bare: name}
}

const MCP_SCOPE = '@modelcontextprotocol'
const MCP_BARE = new Set(KNOWN_NPM.filter((n) => n.startsWith(MCP_SCOPE + '/')).map((n) => n.slice(MCP_SCOPE.length + 1)))

function known(ecosystem: Ecosystem): readonly string[] {
  return ecosystem === 'npm' ? KNOWN_NPM : ecosystem === 'pypi' ? KNOWN_PYPI : KNOWN_IMAGES
}

function normalizeName(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === 'pypi') return normalizePypiName(name)
  if (ecosystem === 'docker') return name.toLowerCase().replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '')
  return name
}

/** The well-known package `name` imitates, or undefined. `name` has no version, tag or digest. */
export function typosquatOf(ecosystem: Ecosystem, name: string): Squat | undefined {
  const n = normalizeName(ecosystem, name)
  const list = known(ecosystem)
  const norm = list.map((k) => normalizeName(ecosystem, k))
  // npm and Docker names are lower case; a capitalized spelling of a known name is the same package.
  if (norm.includes(n) || norm.includes(n.toLowerCase())) return undefined

  // Look-alike characters: the name reads as a known one but is not it.
  const sk = skeleton(n)
  const look = list.find((k, i) => skeleton(norm[i]) === sk)
  if (look) return {target: look, reason: 'homoglyph'}

  if (ecosystem === 'npm') {
    const {scope, bare} = splitScope(n)
    if (scope && KNOWN_SCOPES.includes(scope)) return undefined
    if (scope) {
      const s = squash(scope)
      for (const ks of KNOWN_SCOPES) {
        const kq = squash(ks)
        const allowed = Math.max(allowedDistance(kq.length), 1)
        const d = s === kq ? 0 : editDistance(s, kq, allowed)
        if (d > allowed) continue
        // A short scope one letter off is common among unrelated publishers: also require the package part to match.
        const sameBare = list.find((k) => k.startsWith(ks + '/') && editDistance(k.slice(ks.length + 1), bare, 1) <= 1)
        if (sameBare) return {target: sameBare, reason: 'scope', distance: d}
        if (kq.length >= 10 && d <= allowedDistance(kq.length)) return {target: ks, reason: 'scope', distance: d}
      }
    } else {
      // `modelcontextprotocol-server-github`, `modelcontextprotocol/server-github` (a GitHub path, not the scope).
      const q = squash(n)
      const mcp = squash(MCP_SCOPE)
      if (q.startsWith(mcp) || q.startsWith(mcp.replace(/^@/, ''))) {
        const tail = n.replace(/^[^/]*?(?:modelcontextprotocol|model-context-protocol)[-/_.]?/i, '')
        const target = MCP_BARE.has(tail) ? `${MCP_SCOPE}/${tail}` : MCP_SCOPE
        return {target, reason: 'scope'}
      }
      if (MCP_BARE.has(bare)) return {target: `${MCP_SCOPE}/${bare}`, reason: 'unscoped'}
    }
  }

  // A typo of a known name: one edit away (two for long names), never for short names.
  const limit = allowedDistance(n.length)
  if (limit === 0) return undefined
  let best: Squat | undefined
  for (const [i, k] of norm.entries()) {
    // `sentry-mcp-server` is not a typo of `@sentry/mcp-server`: scopes are compared above, names here.
    if (Math.min(k.length, n.length) < 8 || k.startsWith('@') !== n.startsWith('@')) continue
    const d = editDistance(n, k, limit)
    if (d <= limit && (!best || d < best.distance!)) best = {target: list[i], reason: 'distance', distance: d}
  }
  return best
}
