// The ReDoS gate: every regular expression in src/ is found (TypeScript AST for literals and constant
// `new RegExp(...)`, an instrumented import for patterns assembled from tables) and checked with
// recheck. The same rules scan what a possibly hostile server returns, live in the proxy, so one
// super-linear pattern is a way to stall it. See docs/redos.md for what to do when this fails.

import {readFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'
import {captureImportTimeRegExps, checkPattern, extractRegexSites, ROOT, sourceFiles, type CapturedRegExp, type RegexSite, type Verdict} from './inventory.mjs'

interface Reviewed {
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

interface Pattern {
  source: string
  flags: string
  /** Where it is written or built: `file:line`, plus the table entry for patterns built by a helper. */
  where: string[]
}

const SRC = path.join(ROOT, 'src') + path.sep
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/')

function readReviewed<T>(name: string): T[] {
  const list = JSON.parse(readFileSync(path.join(ROOT, 'test/redos', name), 'utf8')) as {entries: T[]}
  for (const e of list.entries) {
    if (!(e as {reason?: string}).reason?.trim()) throw new Error(`test/redos/${name}: an entry has no reason: ${JSON.stringify(e)}`)
  }
  return list.entries
}

let sites: RegexSite[]
let captured: CapturedRegExp[]
let importFailures: Array<{module: string; error: string}>

beforeAll(async () => {
  const files = sourceFiles()
  sites = extractRegexSites(files)
  const capture = await captureImportTimeRegExps(
    files.map((f) => pathToFileURL(f).href),
    (file) => file.startsWith(SRC),
  )
  captured = capture.records
  importFailures = capture.failures
}, 120_000)

/** A dynamic site is covered when the instrumented import saw it build at least one RegExp. */
function coveredAtImport(site: RegexSite): boolean {
  return captured.some((r) => rel(r.frames[0].file) === site.file && r.frames[0].line >= site.line && r.frames[0].line <= site.endLine)
}

function dynamicSites(): RegexSite[] {
  return sites.filter((s) => s.source === undefined)
}

function allPatterns(): Pattern[] {
  const byKey = new Map<string, Pattern>()
  const add = (source: string, flags: string, where: string) => {
    const key = `${flags}/${source}`
    const p = byKey.get(key) ?? {source, flags, where: []}
    if (!p.where.includes(where)) p.where.push(where)
    byKey.set(key, p)
  }
  for (const s of sites) if (s.source !== undefined) add(s.source, s.flags ?? '', `${s.file}:${s.line}`)
  for (const r of captured) {
    const [site, ...callers] = r.frames
    const origin = callers.at(-1)
    add(r.source, r.flags, `${rel(site.file)}:${site.line}${origin ? ` (built at ${rel(origin.file)}:${origin.line})` : ''}`)
  }
  return [...byKey.values()]
}

describe('regex inventory of src/', () => {
  it('imports every module, so patterns built at import time are seen', () => {
    expect(importFailures).toEqual([])
    expect(sites.filter((s) => s.kind === 'literal').length).toBeGreaterThan(0)
  })

  it('every dynamic RegExp is built at import time or reviewed in dynamic.json', () => {
    const reviewed = readReviewed<Reviewed>('dynamic.json')
    const missing = dynamicSites().filter((s) => !coveredAtImport(s) && !reviewed.some((r) => r.file === s.file && r.code === s.code))
    expect(
      missing.map((s) => `${s.file}:${s.line}: ${s.code}`),
      'a RegExp whose pattern is only known at run time: make it a constant, or add {file, code, reason} to test/redos/dynamic.json saying why every pattern it can build is linear',
    ).toEqual([])
  })

  it('dynamic.json lists only call sites that still exist', () => {
    const stale = readReviewed<Reviewed>('dynamic.json').filter((r) => !dynamicSites().some((s) => s.file === r.file && s.code === r.code))
    expect(stale.map((r) => `${r.file}: ${r.code}`)).toEqual([])
  })
})

describe('recheck on every pattern', () => {
  let verdicts: Array<{pattern: Pattern; verdict: Verdict}>

  beforeAll(async () => {
    const patterns = allPatterns()
    verdicts = await Promise.all(patterns.map(async (pattern) => ({pattern, verdict: await checkPattern(pattern.source, pattern.flags)})))
  }, 600_000)

  it('no pattern is vulnerable to super-linear backtracking', () => {
    const bad = verdicts.filter((v) => v.verdict.status === 'vulnerable')
    expect(
      bad.map(({pattern, verdict}) => [
        `${pattern.where.join(', ')}: /${pattern.source}/${pattern.flags}`,
        verdict.status === 'vulnerable' ? `  ${verdict.complexity} (${verdict.method}); attack: ${verdict.attackText}` : '',
      ].join('\n')),
    ).toEqual([])
  })

  it('every pattern recheck cannot decide is reviewed in unknown.json', () => {
    const reviewed = readReviewed<ReviewedUnknown>('unknown.json')
    const undecided = verdicts.filter((v) => v.verdict.status === 'unknown' && !reviewed.some((r) => r.source === v.pattern.source && r.flags === v.pattern.flags))
    expect(
      undecided.map(({pattern, verdict}) => `${pattern.where.join(', ')}: /${pattern.source}/${pattern.flags}\n  ${verdict.status === 'unknown' ? verdict.reason : ''}`),
      'add {source, flags, reason} to test/redos/unknown.json once a person has checked the pattern by hand, or simplify it until recheck decides',
    ).toEqual([])
  })

  it('unknown.json lists only patterns that exist and are still undecided', () => {
    const stale = readReviewed<ReviewedUnknown>('unknown.json').filter(
      (r) => !verdicts.some((v) => v.verdict.status === 'unknown' && v.pattern.source === r.source && v.pattern.flags === r.flags),
    )
    expect(stale.map((r) => `/${r.source}/${r.flags}`)).toEqual([])
  })
})
