// Added latency of `wrap` per tools/call (issue 8): the same server direct, behind a chunk relay (the
// floor), behind a naive line-splitting proxy, behind wrap's proxy alone, and behind `mcp-warden wrap`
// with and without content scanning. Each round starts every setup afresh and interleaves their calls
// one by one, so load from elsewhere on the machine hits all setups alike; each figure is the median
// over rounds, and each ratio the median of the per-round ratios to direct (or to the floor).
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median, percentile, RawSession, round} from './lib.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..')
const node = process.execPath

export const SIZES = [
  {label: '1KB', bytes: 1024, calls: 300, warmup: 50},
  {label: '100KB', bytes: 100 * 1024, calls: 100, warmup: 15},
  {label: '1MB', bytes: 1024 * 1024, calls: 30, warmup: 5},
]

const SERVERS = {
  sdk: [node, path.join(HERE, 'servers/sdk-blob.mjs')],
  raw: [node, path.join(ROOT, 'fixtures/servers/runtime-payload.mjs')],
}

function policies() {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-'))
  // The default rate limit (60 calls a minute) would refuse a benchmark; everything else stays default.
  const scan = path.join(dir, 'scan.yaml')
  writeFileSync(scan, 'rateLimit: {perMinute: 100000000, perHour: 100000000}\n')
  const noscan = path.join(dir, 'noscan.yaml')
  writeFileSync(noscan, 'rateLimit: {perMinute: 100000000, perHour: 100000000}\nactions: {injection: allow, secrets: allow, pii: allow, hidden: allow}\n')
  return {scan, noscan}
}

export function setups(server, withScan) {
  const srv = SERVERS[server]
  const p = policies()
  const wrap = (policy) => [node, path.join(ROOT, 'bin/run.js'), 'wrap', '--name', 'bench', '--policy', policy, '--', ...srv]
  return {
    direct: srv,
    floor: [node, path.join(HERE, 'floor-proxy.mjs'), ...srv],
    naive: [node, path.join(HERE, 'naive-proxy.mjs'), ...srv],
    proxy: [node, path.join(HERE, 'proxy-only.mjs'), ...srv],
    'wrap-noscan': wrap(p.noscan),
    ...(withScan ? {wrap: wrap(p.scan)} : {}),
  }
}

/**
 * One round: every setup running at once, calls made in turn (one call to each setup, then the next),
 * so a burst of load from elsewhere on the machine lands on all setups alike.
 */
async function measureRound(setupsByName, order, sizes) {
  const sessions = order.map((name) => [name, new RawSession(setupsByName[name][0], setupsByName[name].slice(1), {cwd: ROOT})])
  try {
    for (const [, s] of sessions) await s.initialize()
    const out = Object.fromEntries(order.map((name) => [name, {}]))
    for (const size of sizes) {
      const times = Object.fromEntries(order.map((name) => [name, []]))
      for (let i = 0; i < size.warmup + size.calls; i++) {
        for (const [name, s] of sessions) {
          const ms = await s.timeCall('blob', {bytes: size.bytes})
          if (i >= size.warmup) times[name].push(ms)
        }
      }
      for (const name of order) out[name][size.label] = {p50: percentile(times[name], 50), p99: percentile(times[name], 99)}
    }
    return out
  } finally {
    await Promise.all(sessions.map(([, s]) => s.close()))
  }
}

export async function run({rounds = 5, server = 'sdk', scan = true, quick = false, log = () => {}} = {}) {
  const sizes = quick ? SIZES.map((s) => ({...s, calls: Math.ceil(s.calls / 5), warmup: Math.ceil(s.warmup / 3)})) : SIZES
  const all = setups(server, scan)
  const names = Object.keys(all)
  const perRound = []
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length])
    log(`round ${r + 1}/${rounds}`)
    perRound.push(await measureRound(all, order, sizes))
  }
  const results = {}
  for (const {label} of sizes) {
    results[label] = {}
    for (const name of names) {
      const p50s = perRound.map((g) => g[name][label].p50)
      const p99s = perRound.map((g) => g[name][label].p99)
      const ratio = (q, base) => round(median(perRound.map((g) => g[name][label][q] / g[base][label][q])))
      results[label][name] = {
        p50Ms: round(median(p50s)),
        p99Ms: round(median(p99s)),
        addedP50Ms: round(median(perRound.map((g) => g[name][label].p50 - g.direct[label].p50))),
        vsDirect: {p50: ratio('p50', 'direct'), p99: ratio('p99', 'direct')},
        vsFloor: {p50: ratio('p50', 'floor'), p99: ratio('p99', 'floor')},
      }
    }
  }
  const target = (name, label, limit) => (results[label][name] ? {ratio: results[label][name].vsDirect.p50, limit, met: results[label][name].vsDirect.p50 <= limit} : undefined)
  const targets = {}
  for (const name of ['proxy', 'wrap-noscan', 'wrap']) {
    if (!results['1KB'][name]) continue
    targets[name] = {p50At1KB: target(name, '1KB', 1.25), p50At1MB: target(name, '1MB', 1.5)}
  }
  return {
    server,
    rounds,
    calls: Object.fromEntries(sizes.map((s) => [s.label, s.calls])),
    setups: Object.fromEntries(names.map((n) => [n, all[n].map((a) => path.relative(ROOT, a) || a).map((a) => (a === path.relative(ROOT, node) ? 'node' : a)).join(' ')])),
    results,
    targets,
  }
}
