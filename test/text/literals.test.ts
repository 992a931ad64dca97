// The literal pre-filter may only skip a pattern on a text it cannot match: every match of every
// signal and secret pattern in the fixtures must contain one of the literals the index looks for.

import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {SECRET_PATTERNS} from '../../src/secrets/patterns.js'
import {analyze} from '../../src/text/analyze.js'
import {LiteralIndex, matchBounds, requiredLiterals, requiredLiteralSets} from '../../src/text/literals.js'
import {SIGNAL_PATTERNS} from '../../src/text/signals.js'
import {fixtureTexts as texts} from '../helpers/fixture-texts.js'

describe('requiredLiterals', () => {
  it('finds the literal run after an unknown prefix', () => {
    expect(requiredLiterals(/\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/g)).toEqual(['.atlasv1.'])
  })
  it('expands alternations and optional parts into every spelling', () => {
    expect(requiredLiterals(/\b(?:ignore|skip)(?: all)? rules\b/g)?.sort()).toEqual(['ignore all rules', 'ignore rules', 'skip all rules', 'skip rules'])
  })
  it('requires nothing of a branch that can be anything', () => {
    expect(requiredLiterals(/\bfoo\b|[a-z]+/g)).toBeUndefined()
    expect(requiredLiterals(/(?:abc)?[a-z]/g)).toBeUndefined()
  })
  it('ignores look-arounds, whose text is not part of the match', () => {
    expect(requiredLiterals(/(?<!secret )key(?= value)/g)).toEqual(['key'])
  })
  it('reads [] and [^] as JavaScript does, and no escape in a class as the letter it is written with', () => {
    // [^] is any character and [] none: neither may end at the next "]".
    expect(requiredLiteralSets(/[^]|ab]cd/g)).toBeUndefined()
    expect(matchBounds(/a[^]b[cd]/g)).toBeUndefined()
    // \v is a vertical tab, not "v".
    expect(requiredLiteralSets(/x[\v]y/g)).toBeUndefined()
    expect(requiredLiteralSets(/x[.\-]y/g)).toEqual([['x-y', 'x.y']])
  })
  it('gives up on case-insensitive patterns and unknown syntax', () => {
    expect(requiredLiterals(/token/gi)).toBeUndefined()
    expect(requiredLiterals(/\p{L}token/gu)).toBeUndefined()
  })
})

// Each test runs on both ways of answering: the automaton (built at once) and a search per needle
// (what a process does until it has read enough text to pay for building the automaton).
describe.each([
  ['the automaton', 0],
  ['a search per needle', Infinity],
])('LiteralIndex, by %s', (_, buildAfter) => {
  it('reports the lists with a needle in the text, and lists without needles always', () => {
    const index = new LiteralIndex([['abc', 'bcd'], undefined, ['zz'], ['cdx']], buildAfter)
    expect([...index.scan('xbcdx')]).toEqual([1, 1, 0, 1])
    expect([...index.scan('')]).toEqual([0, 1, 0, 0])
  })
  it('finds a needle that is a suffix of a partial match of another', () => {
    const index = new LiteralIndex([['abcd'], ['bce']], buildAfter)
    expect([...index.scan('abce')]).toEqual([0, 1])
  })
  it('looks for the start of a long needle only: never misses it, may report its start alone', () => {
    const index = new LiteralIndex([['instructions of the system'], ['prompt']], buildAfter)
    expect([...index.scan('read the instructions of the system prompt')]).toEqual([1, 1])
    expect([...index.scan('read the instructions below')]).toEqual([1, 0])
    expect([...index.scan('read the instruction')]).toEqual([0, 0])
  })
  it('agrees with a plain search on random needles and texts (a superset for long needles)', () => {
    // A small alphabet makes overlaps, shared prefixes and failure chains common.
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n)
    const word = (max: number) => Array.from({length: 1 + random(max)}, () => 'abcab.@é'[random(8)]).join('')
    for (let trial = 0; trial < 500; trial++) {
      const lists = Array.from({length: 1 + random(6)}, () => (random(6) === 0 ? undefined : Array.from({length: 1 + random(4)}, () => word(16))))
      const index = new LiteralIndex(lists, buildAfter)
      for (let t = 0; t < 4; t++) {
        const text = word(60)
        const present = [...index.scan(text)]
        const has = (n: number) => lists.map((list) => (!list || list.some((x) => text.includes(x.slice(0, n))) ? 1 : 0))
        const exact = has(Infinity)
        present.forEach((p, g) => expect(p).toBeGreaterThanOrEqual(exact[g]))
        expect(present).toEqual(has(12))
        if (buildAfter !== 0) continue
        // Where: the end of every occurrence of a needle's start, in order; null past the cap.
        const {hits} = index.locate(text, 1000)
        const ends = (list: string[] | undefined) => {
          if (!list) return undefined
          const out = new Set<number>()
          for (const x of list) for (let i = text.indexOf(x.slice(0, 12)); i >= 0; i = text.indexOf(x.slice(0, 12), i + 1)) out.add(i + Math.min(x.length, 12) - 1)
          return out.size === 0 ? undefined : [...out].sort((a, b) => a - b)
        }
        expect(hits).toEqual(lists.map(ends))
        const few = index.locate(text, 1).hits
        few.forEach((h, g) => expect(h).toEqual(hits[g] && hits[g]!.length > 1 ? null : hits[g]))
      }
    }
  })
})

describe('the pre-filter never hides a match', () => {
  const corpus = texts(path.resolve('fixtures'))
  const check = (patterns: ReadonlyArray<{id: string; re: RegExp}>, views: (t: string) => string[]) => {
    // The best set alone, and every set the scanners require together: each must be in every match.
    const needles = patterns.map((p) => [requiredLiterals(p.re), ...(requiredLiteralSets(p.re) ?? [])].filter((x) => x !== undefined))
    const misses: string[] = []
    let matched = 0
    for (const raw of corpus) {
      for (const text of views(raw)) {
        patterns.forEach((p, i) => {
          const re = new RegExp(p.re.source, p.re.flags)
          for (const m of text.matchAll(re)) {
            matched++
            for (const set of needles[i]) if (!set.some((n) => m[0].includes(n))) misses.push(`${p.id}: ${m[0].slice(0, 80)} lacks all of ${set.slice(0, 4).join(', ')}`)
          }
        })
      }
    }
    return {misses, matched}
  }
  it('signal patterns, on the folded views of every fixture', () => {
    const r = check(SIGNAL_PATTERNS, (t) => analyze(t).views.map((v) => v.text))
    expect(r.matched).toBeGreaterThan(100)
    expect(r.misses).toEqual([])
  })
  it('secret patterns, on every fixture as written', () => {
    const r = check(SECRET_PATTERNS, (t) => [t])
    expect(r.matched).toBeGreaterThan(10)
    expect(r.misses).toEqual([])
  })
})
