// A pattern run on windows of a long text around its literals must find exactly what one pass over
// the whole text finds: same matches, same places, same groups, same order. Checked against
// `matchAll` for every signal pattern, on long texts made of the fixtures (where patterns match)
// and on random texts dense in the patterns' own literals (where windows merge and touch the ends).
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {analyze, BLOB_RUNS, blobRuns} from '../../src/text/analyze.js'
import {LiteralIndex, matchBounds, requiredLiteralSets} from '../../src/text/literals.js'
import {GUARDED_PATTERNS, SIGNAL_PATTERNS} from '../../src/text/signals.js'
import {matchesWith, patternMatches, wholeText, windowMatches, windowsOf} from '../../src/text/windows.js'
import {SECRET_PATTERNS} from '../../src/secrets/patterns.js'
import {fixtureTexts} from '../helpers/fixture-texts.js'

const shape = (m: RegExpExecArray | RegExpMatchArray) => ({index: m.index, groups: [...m]})

/** What runPatterns does for one pattern: its windows when they save work, else the whole text. */
function windowed(re: RegExp, text: string): {matches: ReturnType<typeof shape>[]; windows: boolean} {
  const sets = requiredLiteralSets(re)
  const bounds = matchBounds(re)
  if (!sets || !bounds) return {matches: [...text.matchAll(re)].map(shape), windows: false}
  const {present, hits} = new LiteralIndex(sets).locate(text, text.length >> 8)
  if (!present.every((p) => p === 1)) return {matches: [], windows: false}
  const windows = windowsOf(text, sets.map((_, i) => i), hits, bounds)
  return {matches: [...windowMatches(re, text, windows ?? wholeText(text))].map(shape), windows: windows !== undefined}
}

describe('matchBounds', () => {
  it('counts the longest match and how far matching reads around it', () => {
    expect(matchBounds(/abc/)).toEqual({len: 3, reach: 3})
    // The look-behind reads two back; a{2,5} and \b read six ahead.
    expect(matchBounds(/(?<!xy)a{2,5}\b/)).toEqual({len: 5, reach: 6})
    expect(matchBounds(/(?=abcd)a/)).toEqual({len: 1, reach: 4})
    expect(matchBounds(/(?:ab|c){3}/)).toEqual({len: 6, reach: 6})
    expect(matchBounds(/(?<=\bfoo )bar/)).toEqual({len: 3, reach: 5})
  })

  it('gives none for unbounded repetition, the ends of the text, and /u', () => {
    expect(matchBounds(/a+b/)).toBeUndefined()
    expect(matchBounds(/ab{2,}/)).toBeUndefined()
    expect(matchBounds(/^ab/)).toBeUndefined()
    expect(matchBounds(/ab$/)).toBeUndefined()
    expect(matchBounds(/ab/u)).toBeUndefined()
  })

  it('bounds almost every signal pattern', () => {
    expect(SIGNAL_PATTERNS.filter((p) => matchBounds(p.re)).length).toBeGreaterThan(SIGNAL_PATTERNS.length * 0.9)
  })
})

describe('windowed matching finds what one pass finds', () => {
  it('every signal pattern, on long texts made of every fixture', () => {
    const views = fixtureTexts(path.resolve('fixtures')).flatMap((t) => analyze(t).views.map((v) => v.text))
    // Shuffled into texts of about 64 KB: long enough that most patterns run on windows.
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const shuffled = views.map((v) => ({v, k: rand()})).sort((a, b) => a.k - b.k).map((x) => x.v)
    const texts: string[] = []
    for (let i = 0, cur = ''; i < shuffled.length; i++) {
      cur += shuffled[i] + '\n'
      if (cur.length > 64_000 || i === shuffled.length - 1) texts.push(cur), (cur = '')
    }
    let matched = 0
    let viaWindows = 0
    for (const text of texts) {
      for (const p of SIGNAL_PATTERNS) {
        const re = new RegExp(p.re.source, p.re.flags)
        const expected = [...text.matchAll(re)].map(shape)
        const got = windowed(re, text)
        expect(got.matches, p.id).toEqual(expected)
        matched += expected.length
        if (got.windows) viaWindows++
      }
    }
    expect(texts.length).toBeGreaterThan(2)
    expect(matched).toBeGreaterThan(500)
    expect(viaWindows).toBeGreaterThan(texts.length * SIGNAL_PATTERNS.length * 0.5)
  })

  it('random texts dense in a pattern\'s literals', () => {
    const patterns = SIGNAL_PATTERNS.filter((p) => matchBounds(p.re) && requiredLiteralSets(p.re))
    fc.assert(
      fc.property(fc.integer({min: 0, max: patterns.length - 1}), fc.integer({min: 1, max: 2 ** 31}), (i, seed) => {
        const p = patterns[i]
        const needles = requiredLiteralSets(p.re)!.flat()
        const filler = ['the ', 'a ', 'to ', 'your ', '. ', ', ', '"', "'", '\n', 'of all ', 'http://x.io ', 'user ', 'model ', '@', 'x']
        let s = seed
        const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
        const parts: string[] = []
        for (let n = 0; n < 9000; n++) parts.push(rand() < 0.15 ? needles[Math.floor(rand() * needles.length)] : filler[Math.floor(rand() * filler.length)])
        const text = parts.join('')
        const re = new RegExp(p.re.source, p.re.flags)
        expect(windowed(re, text).matches).toEqual([...text.matchAll(re)].map(shape))
      }),
      {numRuns: 60, seed: 42},
    )
  })

  it('a match at the very start and the very end of the text, and one across merged windows', () => {
    const re = /(?<!x)\bab{0,3}c\b/g
    const text = 'abbc ' + 'z'.repeat(5000) + ' ac ac ' + 'z'.repeat(5000) + ' abc'
    const hits = [3, 5008, 5011, text.length - 1]
    const windows = windowsOf(text, [0], [hits], matchBounds(re)!)!
    expect(windows.length).toBe(12)
    expect([...windowMatches(re, text, windows)].map(shape)).toEqual([...text.matchAll(re)].map(shape))
  })
})

describe('blob patterns run on long runs of their characters only', () => {
  const check = (text: string) => {
    const runs = blobRuns(text)
    for (const [re, kind] of BLOB_RUNS) {
      const all = [...text.matchAll(new RegExp(re.source, re.flags))].map(shape)
      expect([...windowMatches(re, text, runs[kind])].map(shape), re.source).toEqual(all)
    }
  }

  it('finds what one pass finds in every fixture, and in the fixtures joined', () => {
    const texts = fixtureTexts(path.resolve('fixtures'))
    for (const t of texts) check(t)
    check(texts.join('\n'))
  })

  it('finds what one pass finds in random texts of blob characters, line breaks and separators', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'F', '0', '9', '+', '/', '=', '_', '-', '\\', 'x', '\n', '\r', ' ', ':', ',', '.', 'é', 'QUJDREVGR0hJSktMTU5PUA', 'deadbeef', '\\x41', 'ab:'), {maxLength: 400}), (parts) => {
        check(parts.join(''))
      }),
      {numRuns: 300, seed: 7},
    )
  })
})

describe('secret patterns on windows', () => {
  it('find what one pass finds, groups and their indices included, in the fixtures joined', () => {
    const text = fixtureTexts(path.resolve('fixtures')).join('\n')
    const lists: Array<string[] | undefined> = []
    const groups = SECRET_PATTERNS.map((p) => (requiredLiteralSets(p.re) ?? [undefined]).map((set) => lists.push(set) - 1))
    const {present, hits} = new LiteralIndex(lists).locate(text, text.length >> 8)
    let windowed = 0
    let matched = 0
    SECRET_PATTERNS.forEach((p, i) => {
      const bounds = matchBounds(p.re)
      if (bounds && windowsOf(text, groups[i], hits, bounds)) windowed++
      const re = new RegExp(p.re.source, p.re.flags)
      const expected = [...text.matchAll(re)].map((m) => ({...shape(m), indices: m.indices && [...m.indices]}))
      matched += expected.length
      // Every group of literals is required: a pattern skipped for a missing one must match nothing.
      const got = groups[i].every((g) => present[g] === 1) ? [...patternMatches(re, text, groups[i], hits, bounds)] : []
      expect(got.map((m) => ({...shape(m), indices: m.indices && [...m.indices]})), p.id).toEqual(expected)
    })
    expect(matched).toBeGreaterThan(20)
    expect(windowed).toBeGreaterThan(10)
  })
})

describe('windowMatches on the whole text is matchAll', () => {
  it('empty matches: one character on, the end of the text included, a surrogate pair whole with /u', () => {
    for (const [re, text] of [[/x*/g, 'ab'], [/x*/gu, '\u{1F600}a'], [/(?:)/g, ''], [/a?/g, 'aba']] as const) {
      expect([...windowMatches(re, text, wholeText(text))].map(shape)).toEqual([...text.matchAll(new RegExp(re.source, re.flags))].map(shape))
    }
  })

  it('refuses a regex that is not global, as matchAll does', () => {
    expect(() => [...windowMatches(/a/, 'a', wholeText('a'))]).toThrow(TypeError)
  })

  it('leaves the shared regex at lastIndex 0, also when the caller stops early', () => {
    const re = /a/g
    for (const m of windowMatches(re, 'a a a', wholeText('a a a'))) if (m.index === 2) break
    expect(re.lastIndex).toBe(0)
  })
})

describe('markup and URL patterns run around their literal', () => {
  it('hold their literal in every match, and find what one pass finds in long texts', () => {
    const views = fixtureTexts(path.resolve('fixtures')).flatMap((t) => analyze(t).views.map((v) => v.text))
    const long = views.join('\n')
    let matched = 0
    for (const [re, literal] of GUARDED_PATTERNS) {
      const fresh = () => new RegExp(re.source, re.flags)
      for (const v of views) for (const m of v.matchAll(fresh())) expect(m[0], re.source).toContain(literal), matched++
      expect([...matchesWith(fresh(), long, literal)].map(shape), re.source).toEqual([...long.matchAll(fresh())].map(shape))
    }
    expect(matched).toBeGreaterThan(50)
  })
})
