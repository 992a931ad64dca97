// Required literals of a regex: a set of strings such that every match contains one of them. Used to
// skip a pattern on a text that holds none of them, found by one shared pass instead of one full
// regex scan per pattern, and (with the bounds of a match, see `matchBounds`) to run it only around
// them in a long text. Understands the subset of syntax our patterns use; anything else makes the
// answer "unknown" (undefined), which never skips a pattern. A wrong answer would miss detections:
// test/text/literals.test.ts and windows.test.ts hold every pattern to them on the fixtures.

import {readFileSync} from 'node:fs'

/** What one piece of a pattern can match: the exact strings (when few), and strings one of which is in every match. */
interface Info {
  /** Every string the piece can match, when there are few; undefined when unknown or too many. */
  exact?: Set<string>
  /** Every match contains one of these; undefined when nothing is required. */
  required?: Set<string>
  /** More sets, each of which every match also draws from (pieces of a sequence all occur). */
  all?: Array<Set<string>>
  /** How far the piece reads (see `Reach`); set on what the parser returns, absent on set algebra. */
  reach?: Reach
}

/**
 * How far matching one piece reads from where it starts: at most `len` characters consumed, reads
 * up to `ahead` characters from its start (look-aheads, \b) and `back` before it (look-behinds, \b).
 * Infinity when unbounded (`*`, `{n,}`) or position-dependent (`^`, `$`).
 */
interface Reach {
  len: number
  ahead: number
  back: number
}

const ONE: Reach = {len: 1, ahead: 1, back: 0}
const UNBOUNDED: Reach = {len: Infinity, ahead: Infinity, back: Infinity}

const MAX_EXACT = 64
const MAX_LEN = 24

class Unsupported extends Error {}

/** What the scanners ask of a pattern; null where nothing could be derived. */
export interface PatternFacts {
  sets: string[][] | null
  bounds: {len: number; reach: number} | null
}

/** Written next to the compiled module by scripts/gen-pattern-facts.mjs (`npm run build`). */
const FACTS_FILE = 'pattern-facts.json'
/**
 * Bump when a derivation changes: a table from an older build is then ignored. (`npm run build`
 * derives the table anew every time, and the tests compare it with derivations from the sources.)
 */
export const FACTS_VERSION = 2

let built: Map<string, PatternFacts> | undefined
const facts = new WeakMap<RegExp, PatternFacts>()

/**
 * The facts of `re`: from the table the build derived, when it holds this pattern (by flags and
 * source, so a pattern changed since the build is derived anew), else derived now. Deriving them for
 * every signal and secret pattern costs a process about 0.2 s; reading the table, a millisecond.
 */
export function patternFacts(re: RegExp): PatternFacts {
  let f = facts.get(re)
  if (!f) facts.set(re, (f = (built ??= readBuilt()).get(factsKey(re)) ?? derivePatternFacts(re)))
  return f
}

export function factsKey(re: RegExp): string {
  return `/${re.source}/${re.flags}`
}

/** The facts as derived from the pattern itself: what the build writes, and what a missing entry costs. */
export function derivePatternFacts(re: RegExp): PatternFacts {
  return {sets: deriveLiteralSets(re) ?? null, bounds: deriveBounds(re) ?? null}
}

function readBuilt(): Map<string, PatternFacts> {
  try {
    const table = JSON.parse(readFileSync(new URL(FACTS_FILE, import.meta.url), 'utf8')) as {version: number; facts: Record<string, PatternFacts>}
    if (table.version === FACTS_VERSION) return new Map(Object.entries(table.facts))
  } catch {
    // No table (running from the sources, in the tests): every pattern is derived on first use.
  }
  return new Map()
}

/**
 * Several sets of required literals of `re`, every match containing one string of each (a sequence
 * needs all its pieces: "cc" alone is common, "cc" and "@" together are rare); the rarest first, at
 * most three. Undefined when none can be derived.
 */
export function requiredLiteralSets(re: RegExp): string[][] | undefined {
  return patternFacts(re).sets ?? undefined
}

/**
 * The one best set of required literals of `re`, or undefined when none can be derived. The scanners
 * ask for all of them (`requiredLiteralSets`); this is the derivation they start from.
 */
export function requiredLiterals(re: RegExp): string[] | undefined {
  return deriveLiterals(re)
}

/**
 * Where a pattern can match, for running it on windows of a long text rather than on all of it:
 * `len`, the longest match; `reach`, how far from a match's start matching reads either way. Whether
 * the pattern matches at a position, and what, depends only on the text within `reach` of it.
 * Undefined when unbounded or beyond this reader.
 */
export function matchBounds(re: RegExp): {len: number; reach: number} | undefined {
  return patternFacts(re).bounds ?? undefined
}

function deriveLiteralSets(re: RegExp, max = 3): string[][] | undefined {
  const info = parseWhole(re)
  if (!info) return undefined
  const sets = candidates(info)
  if (sets.length === 0) return undefined
  const out: string[][] = []
  const seen = new Set<string>()
  for (const set of sets.sort((a, b) => rarity(b) - rarity(a))) {
    const list = [...set].sort()
    const key = list.join('\u0000')
    // A further set of letters, spaces or common punctuation would be found in almost every text.
    if (seen.has(key) || (out.length > 0 && list.some((x) => x.length < 2 && !RARE_CHAR.test(x)))) continue
    seen.add(key)
    out.push(list)
    if (out.length >= max) break
  }
  return out
}

function deriveBounds(re: RegExp): {len: number; reach: number} | undefined {
  // With /u a character may be two code units; the bounds count one.
  const r = re.flags.includes('u') ? undefined : parseWhole(re)?.reach
  if (!r) return undefined
  const reach = Math.max(r.ahead, r.back)
  return Number.isFinite(reach) ? {len: r.len, reach} : undefined
}

const parses = new WeakMap<RegExp, Info | undefined>()

/** The parse of the whole pattern, or undefined when a flag or a construct is beyond this reader. */
function parseWhole(re: RegExp): Info | undefined {
  // Both the literals and the bounds of a pattern are asked for: parse it once.
  if (!parses.has(re)) parses.set(re, parse(re))
  return parses.get(re)
}

function parse(re: RegExp): Info | undefined {
  if (re.flags.includes('i') || re.flags.includes('v')) return undefined
  try {
    const p = new Parser(re.source)
    const info = p.alternation()
    return p.i === re.source.length ? info : undefined
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

/** The best set and every conjunct set of a piece, each usable alone (no empty string in it). */
function candidates(info: Info): Array<Set<string>> {
  const b = best(info)
  return [...(b ? [b] : []), ...(info.all ?? []).filter((x) => score(x) > 0)]
}

const RARE_CHAR = /^[@<>{}|$~#[\]^%&*+=\\]$/

/** Like `score`, but a rare punctuation mark ("@") counts as rare as a word. */
function rarity(set: Set<string>): number {
  let min = Infinity
  for (const s of set) min = Math.min(min, s.length === 1 && RARE_CHAR.test(s) ? 4 : s.length)
  return min === 0 || set.size === 0 ? -1 : min * 1000 - set.size
}
const MAX_BRANCH_SETS = 3
const MAX_BRANCHES = 8
const MAX_UNION = 48
const MAX_UNIONS = 9
const MAX_ALL = 16

/** Every match of one of the branches holds one string of each set: any union with one set per branch is required. */
function alternateAll(list: Info[]): Array<Set<string>> {
  // Long lists of words (verbs, nouns) have one set per branch, which `alternate` already joins;
  // skipping them keeps the derivation cheap at start-up.
  if (list.length > MAX_BRANCHES || list.every((x) => !x.all)) return []
  let unions: Array<Set<string>> = [new Set()]
  for (const x of list) {
    const sets = candidates(x).sort((a, b) => rarity(b) - rarity(a)).slice(0, MAX_BRANCH_SETS)
    if (sets.length === 0) return []
    const next: Array<Set<string>> = []
    for (const u of unions) {
      for (const set of sets) {
        // A union of many strings is found in almost every text: not worth building.
        if (u.size + set.size > MAX_UNION || next.length >= MAX_UNIONS) continue
        const union = new Set(u)
        for (const x of set) union.add(x)
        next.push(union)
      }
    }
    if (next.length === 0) return []
    unions = next
  }
  return unions.filter((u) => score(u) > 0)
}

function deriveLiterals(re: RegExp): string[] | undefined {
  const info = parseWhole(re)
  const req = info && best(info)
  if (!req || [...req].some((s) => s.length === 0)) return undefined
  return [...req]
}

function score(set: Set<string> | undefined): number {
  if (!set || set.size === 0) return -1
  let min = Infinity
  for (const s of set) min = Math.min(min, s.length)
  if (min === 0) return -1
  // Longer needles are rarer; many needles cost little in a shared pass, but a short one fires often.
  return min * 1000 - set.size
}

function best(info: Info): Set<string> | undefined {
  const candidates = [info.required, info.exact]
  let out: Set<string> | undefined
  for (const c of candidates) if (score(c) > score(out)) out = c
  return score(out) > 0 ? out : undefined
}

function product(a: Set<string>, b: Set<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_EXACT) return undefined
  const out = new Set<string>()
  for (const x of a) {
    for (const y of b) {
      if (x.length + y.length > MAX_LEN) return undefined
      out.add(x + y)
    }
  }
  return out
}

function alternate(list: Info[]): Info {
  let exact: Set<string> | undefined = new Set()
  for (const x of list) {
    if (!x.exact || !exact) {
      exact = undefined
      continue
    }
    for (const s of x.exact) exact.add(s)
    if (exact.size > MAX_EXACT) exact = undefined
  }
  let required: Set<string> | undefined = new Set()
  for (const x of list) {
    const r = best(x)
    if (!r) {
      required = undefined
      break
    }
    for (const s of r) required.add(s)
  }
  const all = alternateAll(list)
  return {...(exact ? {exact} : {}), ...(required && score(required) > 0 ? {required} : {}), ...(all.length > 0 ? {all} : {})}
}

const QUANTIFIER_RE = /\{(\d+)(?:(,)(\d*))?\}/y

const EMPTY: Info = {exact: new Set([''])}
const ESCAPED_LITERAL = /[\\/.()[\]{}|?*+^$\-'"`:=,;!<>@#%&~_ ]/

class Parser {
  i = 0
  constructor(readonly s: string) {}

  alternation(): Info {
    const branches = [this.sequence()]
    while (this.s[this.i] === '|') {
      this.i++
      branches.push(this.sequence())
    }
    if (branches.length === 1) return branches[0]
    const reach = {len: 0, ahead: 0, back: 0}
    for (const b of branches) for (const k of ['len', 'ahead', 'back'] as const) reach[k] = Math.max(reach[k], b.reach![k])
    return {...alternate(branches), reach}
  }

  sequence(): Info {
    // `tail` is the run of known strings since the last unknown piece: "[a-z]{14}\\.atlasv1\\." still requires ".atlasv1.".
    let exact: Set<string> | undefined = new Set([''])
    let tail = new Set([''])
    let required: Set<string> | undefined
    const all: Array<Set<string>> = []
    // A piece starts at most `len` characters after the sequence does (at least 0: pieces before
    // it may match nothing), so it reads no further back than it does alone.
    const reach = {len: 0, ahead: 0, back: 0}
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const x = this.quantified()
      reach.ahead = Math.max(reach.ahead, reach.len + x.reach!.ahead)
      reach.back = Math.max(reach.back, x.reach!.back)
      reach.len += x.reach!.len
      if (all.length < MAX_ALL) all.push(...candidates(x))
      exact = exact && x.exact ? product(exact, x.exact) : undefined
      tail = x.exact ? (product(tail, x.exact) ?? x.exact) : new Set([''])
      for (const c of [x.required, x.exact, tail, exact]) if (score(c) > score(required)) required = c
    }
    return {...(exact ? {exact} : {}), ...(required && score(required) > 0 ? {required} : {}), ...(all.length > 0 ? {all: all.slice(0, MAX_ALL)} : {}), reach}
  }

  quantified(): Info {
    const atom = this.atom()
    const c = this.s[this.i]
    let min = 1
    let max = 1
    if (c === '?' || c === '*' || c === '+') {
      this.i++
      min = c === '+' ? 1 : 0
      max = c === '?' ? 1 : Infinity
    } else if (c === '{' && ((QUANTIFIER_RE.lastIndex = this.i), QUANTIFIER_RE.test(this.s))) {
      // Sticky: reads at `i` without copying the rest of the source for every brace.
      QUANTIFIER_RE.lastIndex = this.i
      const m = QUANTIFIER_RE.exec(this.s)!
      this.i += m[0].length
      min = Number(m[1])
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min
    } else return atom
    if (this.s[this.i] === '?') this.i++
    // Each repetition starts where the last ended: the last can start (max - 1) * len in.
    const a = atom.reach!
    const reach = a.len === 0 ? a : {len: max * a.len, ahead: (max - 1) * a.len + a.ahead, back: a.back}
    if (min === 0 && max === 1 && atom.exact) return {exact: new Set(['', ...atom.exact]), reach}
    if (min === 0) return {...EMPTY_UNKNOWN, reach}
    return atom.required || atom.exact || atom.all ? {required: best(atom), ...(atom.all ? {all: atom.all} : {}), reach} : {...EMPTY_UNKNOWN, reach}
  }

  atom(): Info {
    const s = this.s
    const c = s[this.i]
    if (c === '(') {
      this.i++
      let kind: 'group' | 'ahead' | 'behind' = 'group'
      if (s.startsWith('?:', this.i)) this.i += 2
      else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
        this.i += 2
        kind = 'ahead'
      } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
        this.i += 3
        kind = 'behind'
      } else if (s.startsWith('?<', this.i)) {
        const end = s.indexOf('>', this.i)
        if (end < 0) throw new Unsupported()
        this.i = end + 1
      } else if (s[this.i] === '?') throw new Unsupported()
      const inner = this.alternation()
      if (s[this.i] !== ')') throw new Unsupported()
      this.i++
      if (kind === 'group') return inner
      // A look-around matches no characters: it requires nothing of the match itself. A look-behind
      // reads back as far as what it matches, and its own look-arounds from there.
      const r = inner.reach!
      return {...EMPTY, reach: kind === 'ahead' ? {len: 0, ahead: r.ahead, back: r.back} : {len: 0, ahead: r.ahead, back: r.len + r.back}}
    }
    if (c === '[') return this.charClass()
    if (c === '^' || c === '$') {
      // Where the text starts or ends: a window of it has other ends, so nothing bounds this.
      this.i++
      return {...EMPTY, reach: UNBOUNDED}
    }
    if (c === '.') {
      this.i++
      return {...EMPTY_UNKNOWN_ONE, reach: ONE}
    }
    if (c === '\\') {
      const e = s[this.i + 1]
      this.i += 2
      if (e === 'b' || e === 'B') return {...EMPTY, reach: {len: 0, ahead: 1, back: 1}}
      if ('dDsSwW'.includes(e)) return {...EMPTY_UNKNOWN_ONE, reach: ONE}
      if (e === 'n') return {exact: new Set(['\n']), reach: ONE}
      if (e === 'r') return {exact: new Set(['\r']), reach: ONE}
      if (e === 't') return {exact: new Set(['\t']), reach: ONE}
      if (e === 'u' || e === 'x' || e === 'p' || e === 'P' || e === 'k' || e === 'c' || /\d/.test(e)) throw new Unsupported()
      if (ESCAPED_LITERAL.test(e)) return {exact: new Set([e]), reach: ONE}
      throw new Unsupported()
    }
    if (c === ')' || c === '|' || c === '?' || c === '*' || c === '+' || c === '{' || c === '}' || c === ']') throw new Unsupported()
    this.i++
    return {exact: new Set([c]), reach: ONE}
  }

  charClass(): Info {
    const s = this.s
    this.i++
    const negated = s[this.i] === '^'
    if (negated) this.i++
    const chars = new Set<string>()
    let known = !negated
    // In JavaScript `[]` matches nothing and `[^]` anything (a "]" first is no literal, as in POSIX).
    if (s[this.i] === ']') throw new Unsupported()
    while (this.i < s.length && s[this.i] !== ']') {
      let ch = s[this.i]
      if (ch === '\\') {
        const e = s[this.i + 1]
        this.i += 2
        if ('dDsSwW'.includes(e)) {
          known = false
          continue
        }
        // Only escapes whose character is known: `[\b]` is a backspace, `\v`, `\0`, `\cX`, `\1` are
        // not the letters they are written with.
        if (e === 'n' || e === 'r' || e === 't') ch = e === 'n' ? '\n' : e === 'r' ? '\r' : '\t'
        else if (ESCAPED_LITERAL.test(e)) ch = e
        else throw new Unsupported()
      } else this.i++
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length) {
        // A range: too many characters to list usefully.
        this.i++
        if (s[this.i] === '\\') this.i += 2
        else this.i++
        known = false
        continue
      }
      chars.add(ch)
    }
    if (s[this.i] !== ']') throw new Unsupported()
    this.i++
    return known && chars.size > 0 && chars.size <= 8 ? {exact: chars, reach: ONE} : {...EMPTY_UNKNOWN_ONE, reach: ONE}
  }
}

// One character of a large or unknown class: nothing known, nothing required.
const EMPTY_UNKNOWN_ONE: Info = {}
// Zero or more of something: nothing known, nothing required.
const EMPTY_UNKNOWN: Info = {}

const MAX_NEEDLE = 12

/**
 * Which of several needle lists occur in a text, for all lists in one pass: an Aho-Corasick automaton
 * compiled to a table (one lookup per UTF-16 unit). Built on first use, so start-up pays nothing.
 * A group reported present may hold only a needle's first MAX_NEEDLE characters (see `build`).
 */
export class LiteralIndex {
  private table?: {classOf: Uint16Array; next: Int32Array; width: number; out: Array<number[] | undefined>}
  private prefixes?: Array<string[] | undefined>
  private seen?: Uint8Array
  private before?: Uint8Array
  private scanned = 0

  /**
   * `lists[i]` undefined: group i is reported present in every text. The automaton is built once
   * `buildAfter` characters have been scanned: it costs tens of milliseconds to build and a search for
   * each needle about a millisecond per kilobyte, so a process that reads a few small texts (a `scan`
   * of one config) searches, and one that reads many (`wrap`, `replay`, a large manifest) builds.
   */
  constructor(
    private readonly lists: ReadonlyArray<readonly string[] | undefined>,
    private readonly buildAfter = 32 * 1024,
  ) {}

  /** present[i] is 1 when the text contains the start of one of lists[i] (or lists[i] is undefined). */
  scan(text: string): Uint8Array {
    if (this.table || (this.scanned += text.length) > this.buildAfter) return this.run(text)
    const prefixes = (this.prefixes ??= this.lists.map((list) => list && [...new Set(list.map((n) => n.slice(0, MAX_NEEDLE)))]))
    const present = this.unscanned()
    for (let g = 0; g < prefixes.length; g++) if (prefixes[g]?.some((n) => text.includes(n))) present[g] = 1
    return present
  }

  /** What is known before reading a text: the groups without needles are present. */
  private unscanned(): Uint8Array {
    return (this.before ??= Uint8Array.from(this.lists, (list) => (list ? 0 : 1))).slice()
  }

  /**
   * `scan`, and where each group occurs: `hits[i]` lists the index of the last character of each
   * occurrence (of a needle's start, see `build`), when there are at most `cap`; null when there are
   * more, undefined when there are none or lists[i] is undefined.
   */
  locate(text: string, cap: number): {present: Uint8Array; hits: Array<number[] | null | undefined>} {
    // Filled, not grown: writes at scattered indexes would turn the array into a slow sparse one.
    const hits = new Array<number[] | null | undefined>(this.lists.length).fill(undefined)
    return {present: this.run(text, hits, cap), hits}
  }

  private run(text: string, hits?: Array<number[] | null | undefined>, cap = 0): Uint8Array {
    const t = (this.table ??= this.build())
    const present = this.unscanned()
    const {classOf, next, width, out} = t
    // One table load per character is all that depends on the previous one: see `build` for the encoding.
    let row = 0
    if (!hits) {
      // One character in twelve ends a needle ("at ", "the "...), mostly the same few: a state's
      // outputs are marked once per text, and the marks undone after.
      const seen = (this.seen ??= new Uint8Array(next.length / width))
      const marked: number[] = []
      for (let i = 0; i < text.length; i++) {
        row = next[row + classOf[text.charCodeAt(i)]]
        if (row < 0) {
          const rank = ~row
          row = rank * width
          if (seen[rank] === 0) {
            seen[rank] = 1
            marked.push(rank)
            for (const g of out[rank]!) present[g] = 1
          }
        }
      }
      for (const rank of marked) seen[rank] = 0
      return present
    }
    for (let i = 0; i < text.length; i++) {
      row = next[row + classOf[text.charCodeAt(i)]]
      if (row < 0) {
        const rank = ~row
        row = rank * width
        for (const g of out[rank]!) {
          present[g] = 1
          const h = hits[g]
          if (h === undefined) hits[g] = [i]
          else if (h !== null) {
            if (h.length < cap) h.push(i)
            else hits[g] = null
          }
        }
      }
    }
    return present
  }

  private build() {
    // Character classes: each code unit used by a needle gets its own; everything else is class 0.
    const classOf = new Uint16Array(0x10000)
    let width = 1
    for (const list of this.lists) for (const needle of list ?? []) for (let i = 0; i < Math.min(needle.length, MAX_NEEDLE); i++) {
      const c = needle.charCodeAt(i)
      if (classOf[c] === 0) classOf[c] = width++
    }
    // The trie, with one map for all its edges (keyed state * width + class) and each state's classes
    // listed: the table used to be filled by one map lookup per state and class (millions of them).
    const edges = new Map<number, number>()
    const ends: Array<number[] | undefined> = [undefined]
    const children: number[][] = [[]]
    this.lists.forEach((list, g) => {
      for (const needle of list ?? []) {
        let s = 0
        // Only a needle's first MAX_NEEDLE characters are looked for: a text holding the needle holds
        // them, so a group is never missed (at worst a pattern runs and finds nothing), and the long
        // word lists of the signal patterns share far fewer states (12,000 instead of 18,700, so a
        // table of 10 MB instead of 16), while groups reported present rise by 0.4% on the bench corpus.
        for (let i = 0; i < Math.min(needle.length, MAX_NEEDLE); i++) {
          const key = s * width + classOf[needle.charCodeAt(i)]
          let next = edges.get(key)
          if (next === undefined) {
            next = ends.length
            ends.push(undefined)
            children.push([])
            edges.set(key, next)
            children[s].push(key - s * width)
          }
          s = next
        }
        const own = (ends[s] ??= [])
        if (!own.includes(g)) own.push(g)
      }
    })
    // States are numbered breadth-first (by rank), so the shallow states most characters lead to
    // share a few pages of the table, and a state's failure (always shallower) comes before it.
    const n = ends.length
    const order = [0]
    for (let q = 0; q < order.length; q++) for (const k of children[order[q]]) order.push(edges.get(order[q] * width + k)!)
    const rank = new Int32Array(n)
    order.forEach((s, q) => (rank[s] = q))
    const child = (q: number, k: number): number | undefined => {
      const t = edges.get(order[q] * width + k)
      return t === undefined ? undefined : rank[t]
    }
    // Failure links and outputs, the usual way: a child's failure is where its parent's failure
    // chain first has an edge on the same class; its output adds its failure's.
    const fail = new Int32Array(n)
    const out: Array<number[] | undefined> = order.map((s) => ends[s])
    for (let q = 0; q < n; q++) {
      for (const k of children[order[q]]) {
        const t = child(q, k)!
        if (q > 0) {
          let f = fail[q]
          let g = child(f, k)
          while (g === undefined && f !== 0) g = child((f = fail[f]), k)
          fail[t] = g ?? 0
        }
        const inherited = out[fail[t]]
        if (inherited) out[t] = out[t] ? [...new Set([...out[t]!, ...inherited])] : inherited
      }
    }
    // `next[row + class]` is the start of the next state's row (rank * width), so no multiplication
    // sits between two loads; when that state ends a needle, its rank bit-inverted (negative: the rare
    // case multiplies, and finds its outputs by rank without a division). Each row starts
    // as its failure's row (one native copy, that row being complete already), then the state's own
    // edges are written over it.
    const next = new Int32Array(n * width)
    for (let q = 0; q < n; q++) {
      const row = q * width
      if (q > 0) next.copyWithin(row, fail[q] * width, fail[q] * width + width)
      for (const k of children[order[q]]) {
        const t = child(q, k)!
        next[row + k] = out[t] ? ~t : t * width
      }
    }
    return {classOf, next, width, out}
  }
}
