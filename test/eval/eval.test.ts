// The detection figures as a gate: the evaluation of `npm run eval` runs here on the same data, and CI
// fails when recall drops or false positives rise past the thresholds below (set from the measured
// figures in docs/detection.md, with a small margin), or when docs/detection.md is out of date.
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {EVAL_COMMAND, loadAll, loadFixtures, main, renderMarkdown, runEval, summarize} from '../../src/eval/index.js'
import type {EvalResult} from '../../src/eval/run.js'
import {total} from '../../src/eval/run.js'
import {CORPUS, ROOT} from '../helpers/cli.js'

const hasCorpus = existsSync(CORPUS)
let result: EvalResult

beforeAll(() => {
  result = runEval(hasCorpus ? loadAll(ROOT, CORPUS) : loadFixtures(path.join(ROOT, 'fixtures/eval')))
}, 600_000)

const rate = (k: number, n: number) => (n === 0 ? 0 : k / n)

describe('mcp-warden fixtures (fixtures/eval)', () => {
  it('every poisoned tool and every injected tool result is flagged at high or above', () => {
    const missed = result.rows.filter((r) => (r.set === 'fixtures-poisoned' || (r.set === 'fixtures-injected-results' && r.transform === 'plain')) && r.cell.high < r.cell.n)
    expect(missed.map((r) => `${r.set}/${r.cls}: ${r.cell.high}/${r.cell.n}`)).toEqual([])
  })

  it('benign tools of real servers and benign tool results raise nothing at high', () => {
    const benign = result.rows.filter((r) => r.label === 'benign' && r.set.startsWith('fixtures'))
    expect(benign.filter((r) => r.cell.high > 0).map((r) => `${r.set}/${r.cls}: ${r.cell.high}/${r.cell.n}`)).toEqual([])
    const tools = total(result.rows, (r) => r.set === 'fixtures-benign')
    expect(tools.semMedium).toBeLessThanOrEqual(1)
    const results = total(result.rows, (r) => r.set === 'fixtures-benign-results')
    expect(results.semMedium).toBeLessThanOrEqual(1)
  })
})

describe.skipIf(!hasCorpus)('shared corpus', () => {
  it('recall on attacks that carry a marker', () => {
    const s = summarize(result)
    expect(rate(s.textBorne.description.high, s.textBorne.description.n)).toBeGreaterThanOrEqual(0.7)
    expect(rate(s.textBorne.description.medium, s.textBorne.description.n)).toBeGreaterThanOrEqual(0.83)
    expect(rate(s.textBorne.result.high, s.textBorne.result.n)).toBeGreaterThanOrEqual(0.73)
    expect(rate(s.textBorne.result.medium, s.textBorne.result.n)).toBeGreaterThanOrEqual(0.83)
  })

  it('recall per class stays at its floor', () => {
    const floors: Array<[string, string, number]> = [
      ['mcpsecbench', 'Malicious Prompt', 0.8],
      ['mcpsecbench', 'Indirect Prompt Injection', 0.45],
      ['bipia-code', 'Environment Variable Analysis', 1],
      ['bipia-code', 'Cookie Theft', 1],
      ['bipia-text', 'Malware Distribution', 1],
      ['bipia-text', 'Social Interaction', 1],
    ]
    const low: string[] = []
    for (const [set, cls, floor] of floors) {
      const row = result.rows.find((r) => r.set === set && r.cls === cls && r.mode === 'result' && r.transform === 'plain')
      if (!row || rate(row.cell.high, row.cell.n) < floor) low.push(`${set}/${cls}: ${row?.cell.high}/${row?.cell.n} < ${floor}`)
    }
    expect(low).toEqual([])
    const code = total(result.rows, (r) => r.set === 'bipia-code' && r.mode === 'result' && r.transform === 'plain')
    expect(rate(code.high, code.n)).toBeGreaterThanOrEqual(0.8)
  })

  it('hiding the text does not hide it from the semantic detectors', () => {
    const s = summarize(result)
    const weak: string[] = []
    for (const [id, c] of Object.entries(s.transforms)) {
      if (rate(c.description.semHigh, c.description.n) < 0.7) weak.push(`${id} as description: ${c.description.semHigh}/${c.description.n}`)
      if (rate(c.result.semHigh, c.result.n) < 0.73) weak.push(`${id} as tool result: ${c.result.semHigh}/${c.result.n}`)
      if (rate(c.result.medium, c.result.n) < 0.82) weak.push(`${id} as tool result at medium: ${c.result.medium}/${c.result.n}`)
    }
    expect(weak).toEqual([])
  })

  it('false positives on the benign corpus', () => {
    const s = summarize(result)
    const gh = s.benign['github-mcp-server'].manifest!
    expect(gh.n).toBe(117)
    expect(gh.high).toBe(0)
    expect(gh.medium).toBeLessThanOrEqual(2)
    const ni = s.benign.notinject
    expect(rate(ni.description!.high, ni.description!.n)).toBeLessThanOrEqual(0.02)
    expect(rate(ni.result!.high, ni.result!.n)).toBeLessThanOrEqual(0.02)
    expect(rate(ni.description!.medium, ni.description!.n)).toBeLessThanOrEqual(0.03)
    expect(rate(ni.result!.medium, ni.result!.n)).toBeLessThanOrEqual(0.03)
  })

  it('docs/detection.md shows the current figures', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/detection.md'), 'utf8')
    expect(doc, `docs/detection.md is stale: run \`${EVAL_COMMAND}\``).toBe(renderMarkdown(result, EVAL_COMMAND) + '\n')
  })
})

describe('npm run eval arguments', () => {
  it('rejects an unknown argument and a missing corpus with exit 2', () => {
    const write = process.stderr.write
    process.stderr.write = (() => true) as typeof process.stderr.write
    try {
      expect(main(['--frobnicate'], ROOT)).toBe(2)
      expect(main(['--corpus', path.join(ROOT, 'no-such-corpus')], ROOT)).toBe(2)
    } finally {
      process.stderr.write = write
    }
  })
})
