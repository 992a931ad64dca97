// The ReDoS gate: every regular expression in src/ is found (TypeScript AST for literals and constant
// `new RegExp(...)`, an instrumented import for patterns assembled from tables) and checked with
// recheck. The same rules scan what a possibly hostile server returns, live in the proxy, so one
// super-linear pattern is a way to stall it. See docs/redos.md for what to do when this fails.

import {readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {checkPattern, inventory, ROOT, type Inventory, type Pattern, type RegexSite, type Verdict} from './inventory.mjs'

interface ReviewedDynamic {
  file: string
  /** The pattern expression as written (whitespace collapsed): a changed expression needs a new review. */
  code: string
  reason: string
}

interface ReviewedUnknown {
  source: string
  flags: string
  reason: string
}

function readReviewed<T extends {reason: string}>(name: string): T[] {
  const list = JSON.parse(readFileSync(path.join(ROOT, 'test/redos', name), 'utf8')) as {entries: T[]}
  for (const e of list.entries) {
    if (!e.reason?.trim()) throw new Error(`test/redos/${name}: an entry has no reason: ${JSON.stringify(e)}`)
  }
  return list.entries
}

let inv: Inventory

beforeAll(async () => {
  inv = await inventory()
}, 120_000)

/** A dynamic site is covered when the instrumented import saw it build at least one RegExp. */
function coveredAtImport(site: RegexSite): boolean {
  return inv.captured.some((r) => path.relative(ROOT, r.frames[0].file).split(path.sep).join('/') === site.file && r.frames[0].line >= site.line && r.frames[0].line <= site.endLine)
}

const dynamicSites = () => inv.sites.filter((s) => s.source === undefined)

describe('regex inventory of src/', () => {
  it('imports every module, so patterns built at import time are seen', () => {
    expect(inv.importFailures).toEqual([])
    expect(inv.sites.filter((s) => s.kind === 'literal').length).toBeGreaterThan(0)
  })

  it('every dynamic RegExp is built at import time or reviewed in dynamic.json', () => {
    const reviewed = readReviewed<ReviewedDynamic>('dynamic.json')
    const missing = dynamicSites().filter((s) => !coveredAtImport(s) && !reviewed.some((r) => r.file === s.file && r.code === s.code))
    expect(
      missing.map((s) => `${s.file}:${s.line}: ${s.code}`),
      'a RegExp whose pattern is only known at run time: make it a constant, or add {file, code, reason} to test/redos/dynamic.json saying why every pattern it can build is linear',
    ).toEqual([])
  })

  it('dynamic.json lists only call sites that still exist', () => {
    const stale = readReviewed<ReviewedDynamic>('dynamic.json').filter((r) => !dynamicSites().some((s) => s.file === r.file && s.code === r.code))
    expect(stale.map((r) => `${r.file}: ${r.code}`)).toEqual([])
  })
})

describe('recheck on every pattern', () => {
  let verdicts: Array<{pattern: Pattern; verdict: Verdict}>
  let reviewed: ReviewedUnknown[]
  const isReviewed = (p: Pattern) => reviewed.some((r) => r.source === p.source && r.flags === p.flags)

  beforeAll(async () => {
    reviewed = readReviewed<ReviewedUnknown>('unknown.json')
    // A reviewed pattern is one recheck could not decide: asking again costs a minute of timeouts and
    // settles nothing. The adversarial test runs each of them alone on every hostile input instead.
    const patterns = inv.patterns.filter((p) => !isReviewed(p))
    verdicts = await Promise.all(patterns.map(async (pattern) => ({pattern, verdict: await checkPattern(pattern.source, pattern.flags)})))
  }, 600_000)

  it('no pattern is vulnerable to super-linear backtracking', () => {
    const bad = verdicts.filter((v) => v.verdict.status === 'vulnerable')
    expect(
      bad.map(({pattern, verdict}) =>
        [
          `${pattern.where.join(', ')}: /${pattern.source}/${pattern.flags}`,
          verdict.status === 'vulnerable' ? `  ${verdict.complexity} (${verdict.method}); attack: ${verdict.attackText}` : '',
        ].join('\n'),
      ),
      'rewrite the pattern so no two ways of matching overlap (docs/redos.md shows the usual rewrites)',
    ).toEqual([])
  })

  it('every pattern recheck cannot decide is reviewed in unknown.json', () => {
    const undecided = verdicts.filter((v) => v.verdict.status === 'unknown')
    expect(
      undecided.map(({pattern, verdict}) => `${pattern.where.join(', ')}: /${pattern.source}/${pattern.flags}\n  ${verdict.status === 'unknown' ? verdict.reason : ''}`),
      'simplify the pattern until recheck decides it, or add {source, flags, reason} to test/redos/unknown.json once a person has shown it is linear',
    ).toEqual([])
  })

  it('unknown.json lists only patterns that are still in src/', () => {
    const stale = reviewed.filter((r) => !inv.patterns.some((p) => p.source === r.source && p.flags === r.flags))
    expect(stale.map((r) => `/${r.source}/${r.flags}`)).toEqual([])
  })
})
