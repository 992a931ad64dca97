// `mcp-warden lock` of several servers (issue 8: "wall time against the slowest single server,
// concurrency works"). Each server (bench/servers/slow-start.mjs) takes a fixed time to start, as an
// `npx` or Python server does; `lock` of all of them at once (--concurrency, default 4) is compared with
// `lock` of the slowest one alone, and with all of them one at a time (--concurrency 1) for reference.
// Every run is the built CLI in a fresh project folder with its own `.mcp.json`, sandbox `basic` (a
// clean environment and a temporary HOME), so whether bubblewrap is installed does not matter. The
// runs of a round are interleaved, figures are medians, ratios the medians of per-round ratios.
//
// Concurrency works when all the servers at once take about as long as the slowest alone: the
// figure is met when it is nearer that than locking them one after the other.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median, round, table} from './lib.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..')
const BIN = path.join(ROOT, 'bin/run.js')

function project(root, name, delays) {
  const dir = path.join(root, name)
  // A git root of its own, so config discovery does not climb into the folder the bench runs from.
  mkdirSync(path.join(dir, '.git'), {recursive: true})
  const servers = Object.fromEntries(delays.map((ms) => [`slow-${ms}`, {command: process.execPath, args: [path.join(HERE, 'servers/slow-start.mjs'), String(ms)]}]))
  writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({mcpServers: servers}, null, 2))
  return dir
}

function lock(dir, concurrency) {
  rmSync(path.join(dir, 'mcp.lock'), {force: true})
  const t0 = process.hrtime.bigint()
  const env = {...process.env, NO_COLOR: '1'}
  delete env.MCP_WARDEN_KEY
  const r = spawnSync(process.execPath, [BIN, 'lock', '--sandbox', 'basic', '--concurrency', String(concurrency)], {cwd: dir, env, encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0 || !existsSync(path.join(dir, 'mcp.lock'))) throw new Error(`lock in ${dir} exited ${r.status}:\n${r.stderr.slice(-2000)}`)
  return ms
}

export async function run({rounds = 5, quick = false, log = () => {}} = {}) {
  // Start-up delays of the servers; the slowest is the one locked alone.
  const delays = quick ? [100, 200, 300, 400] : [250, 500, 750, 1000]
  const root = mkdtempSync(path.join(os.tmpdir(), 'warden-bench-lock-'))
  try {
    const all = project(root, 'all', delays)
    const slowest = project(root, 'slowest', [Math.max(...delays)])
    const runs = {slowest: [], all: [], serial: []}
    lock(all, delays.length) // untimed: the first run reads the CLI's files from disk
    for (let r = 0; r < rounds; r++) {
      log(`lock: round ${r + 1}/${rounds}`)
      runs.slowest.push(lock(slowest, 1))
      runs.all.push(lock(all, delays.length))
      runs.serial.push(lock(all, 1))
    }
    const ratio = (name) => round(median(runs[name].map((ms, i) => ms / runs.slowest[i])), 2)
    const result = {
      baseline: `lock of the slowest server alone (starts in ${Math.max(...delays)} ms)`,
      rounds,
      servers: delays.length,
      startDelaysMs: delays,
      slowestAloneMs: Math.round(median(runs.slowest)),
      allAtOnceMs: Math.round(median(runs.all)),
      oneAtATimeMs: Math.round(median(runs.serial)),
      allAtOnceVsSlowest: ratio('all'),
      oneAtATimeVsSlowest: ratio('serial'),
    }
    const midway = (1 + result.oneAtATimeVsSlowest) / 2
    result.targets = [
      {suite: 'lock', what: `lock of ${delays.length} servers vs the slowest alone (concurrency works)`, measured: result.allAtOnceVsSlowest, unit: 'x', op: '<', limit: round(midway, 2), met: result.allAtOnceVsSlowest < midway, note: 'limit: halfway to --concurrency 1'},
    ]
    return result
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}

export function render(s) {
  return (
    `lock (${s.servers} servers starting in ${s.startDelaysMs.join(', ')} ms; ${s.rounds} interleaved rounds, median)\n` +
    table([
      ['what', 'ms', 'vs slowest alone'],
      ['slowest server alone', s.slowestAloneMs, '1.00'],
      [`all ${s.servers}, --concurrency ${s.servers}`, s.allAtOnceMs, s.allAtOnceVsSlowest.toFixed(2)],
      [`all ${s.servers}, --concurrency 1`, s.oneAtATimeMs, s.oneAtATimeVsSlowest.toFixed(2)],
    ]) +
    '\n'
  )
}
