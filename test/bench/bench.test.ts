// `npm run bench` is not timed here: on a shared machine a timing is not an assertion. This runs its
// cheapest suites in quick mode and checks that the JSON document keeps the shape docs/performance.md
// documents (keys present, figures positive numbers), so the harness cannot rot unseen.
import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../helpers/cli.js'

const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0

function bench(args: string[]) {
  return spawnSync(process.execPath, ['bench/index.mjs', ...args], {cwd: ROOT, encoding: 'utf8', timeout: 170_000, maxBuffer: 64 * 1024 * 1024})
}

describe('npm run bench', () => {
  it('prints one JSON document of the documented shape, and a targets table', () => {
    const r = bench(['--quick', '--only', 'scan', '--only', 'replay'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc).toMatchObject({version: 2, suites: ['scan', 'replay']})
    expect(doc.command).toContain('--quick')
    expect(positive(doc.machine.cpus)).toBe(true)
    expect(doc.machine.loadavgAtStart).toHaveLength(3)
    for (const k of ['scan', 'replay', 'total']) expect(positive(doc.seconds[k]), k).toBe(true)

    const {scan} = doc
    expect(typeof scan.baseline).toBe('string')
    for (const part of [scan.content, scan.manifest]) for (const k of ['mbps', 'baselineMbps', 'vsBaseline', 'ms', 'mb']) expect(positive(part[k]), k).toBe(true)
    expect(positive(scan.manifest.tools) && positive(scan.manifest.toolsPerSecond)).toBe(true)
    expect(Object.keys(scan.pipeline)).toEqual(['1KB', '100KB', '1MB'])
    for (const p of Object.values(scan.pipeline) as Array<Record<string, number>>) for (const k of ['ms', 'noscanMs', 'vsNoscan', 'mbps']) expect(positive(p[k]), k).toBe(true)

    const {replay} = doc
    expect(typeof replay.baseline).toBe('string')
    expect(Object.keys(replay.results)).toEqual(['floor (large)', 'floor (1/4)', 'scanning off (large)', 'scanning off (1/4)', 'default policy (1/4)', 'default policy (1/16)'])
    for (const [name, x] of Object.entries(replay.results) as Array<[string, Record<string, number>]>) {
      for (const k of ['traceMB', 'events', 'seconds', 'wallEventsPerSecond', 'peakRssMB']) expect(positive(x[k]), `${name} ${k}`).toBe(true)
    }
    for (const k of ['floor', 'scanningOff', 'defaultPolicy']) expect(positive(replay.throughput[k].eventsPerSecond), k).toBe(true)
    expect(positive(replay.ratios.scanningOffVsFloor) && positive(replay.ratios.defaultVsScanningOff)).toBe(true)
    for (const k of ['scanningOff', 'defaultPolicy']) expect(positive(replay.memory[k].growth) && replay.memory[k].peakRssMB.every(positive), k).toBe(true)

    // Every target of both suites, in one list, each with its verdict.
    expect(new Set(doc.targets.map((t: {suite: string}) => t.suite))).toEqual(new Set(['scan', 'replay']))
    for (const t of doc.targets) {
      expect(t).toMatchObject({what: expect.any(String), unit: expect.any(String), op: expect.stringMatching(/^(<|<=|>=)$/), met: expect.any(Boolean)})
      expect(positive(t.measured) && positive(t.limit), t.what).toBe(true)
    }
    expect(r.stderr).toMatch(/^targets \(issue 8/m)
  }, 180_000)

  it('refuses an unknown suite', () => {
    const r = bench(['--only', 'nope'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/unknown suite nope/)
    expect(r.stdout).toBe('')
  })
})
