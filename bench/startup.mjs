// Start-up (issue 8): the CLI against bare `node -e 0`, which no Node CLI can beat: `mcp-warden
// --version` (oclif and the command manifest) and `mcp-warden scan` of a small file (what a CI step
// or a pre-commit hook pays every time). Also the time a client waits for its first answer when the
// server runs behind wrap rather than direct (what a user feels when the client starts). The runs of
// every command are interleaved (one of each, then the next), so load from elsewhere on the machine
// lands on all alike; each figure is the median, each ratio the median of the per-run ratios.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median, RawSession, round, table} from './lib.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'bin/run.js')
const node = process.execPath
// A small tools/list answer of the fixtures: four tools, under 1 KB.
const SMALL_FILE = 'fixtures/scan/inputs/tools-list.json'

function wall(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(node, args, {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-1000)}`)
  return Number(process.hrtime.bigint() - t0) / 1e6
}

async function firstAnswer(command) {
  const t0 = process.hrtime.bigint()
  const s = new RawSession(command[0], command.slice(1), {cwd: ROOT})
  await s.initialize()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  await s.close()
  return ms
}

export async function run({rounds = 9, log = () => {}} = {}) {
  const commands = {
    node: ['-e', '0'],
    version: [BIN, '--version'],
    scan: [BIN, 'scan', SMALL_FILE, '--fail-on', 'none'],
  }
  const runs = {node: [], version: [], scan: []}
  // One untimed run of each first: the first start after a build reads every file from disk.
  for (const args of Object.values(commands)) wall(args)
  for (let i = 0; i < rounds; i++) {
    log(`startup: run ${i + 1}/${rounds}`)
    for (const [name, args] of Object.entries(commands)) runs[name].push(wall(args))
  }
  const ratio = (name) => round(median(runs[name].map((ms, i) => ms / runs.node[i])), 2)

  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-'))
  const direct = []
  const wrapped = []
  try {
    const policy = path.join(dir, 'empty.yaml')
    writeFileSync(policy, '{}\n')
    const server = [node, path.join(ROOT, 'fixtures/servers/runtime-payload.mjs')]
    for (let i = 0; i < rounds; i++) {
      direct.push(await firstAnswer(server))
      wrapped.push(await firstAnswer([node, BIN, 'wrap', '--policy', policy, '--', ...server]))
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }

  const result = {
    baseline: 'node -e 0',
    runs: rounds,
    nodeMs: round(median(runs.node), 1),
    versionMs: round(median(runs.version), 1),
    versionRatio: ratio('version'),
    scanSmallFile: SMALL_FILE,
    scanMs: round(median(runs.scan), 1),
    scanRatio: ratio('scan'),
    firstAnswer: {directMs: round(median(direct), 1), wrapMs: round(median(wrapped), 1), addedMs: round(median(wrapped.map((ms, i) => ms - direct[i])), 1)},
  }
  // Issue 8: start-up within 2x of bare node.
  result.targets = [
    {suite: 'startup', what: 'mcp-warden --version vs node -e 0', measured: result.versionRatio, unit: 'x', op: '<=', limit: 2, met: result.versionRatio <= 2},
    {suite: 'startup', what: 'mcp-warden scan <small file> vs node -e 0', measured: result.scanRatio, unit: 'x', op: '<=', limit: 2, met: result.scanRatio <= 2},
  ]
  return result
}

export function render(s) {
  return (
    `start-up (${s.runs} interleaved runs, median)\n` +
    table([
      ['what', 'ms', 'vs node -e 0'],
      ['node -e 0', s.nodeMs, '1.00'],
      ['mcp-warden --version', s.versionMs, s.versionRatio.toFixed(2)],
      [`mcp-warden scan ${s.scanSmallFile}`, s.scanMs, s.scanRatio.toFixed(2)],
      ['first answer, server direct', s.firstAnswer.directMs, ''],
      ['first answer, through wrap', s.firstAnswer.wrapMs, `+${s.firstAnswer.addedMs} ms`],
    ]) +
    '\n'
  )
}
