// Start-up: the CLI against bare `node -e 0`, and the time a client waits for its first answer when
// the server runs behind wrap rather than direct (what a user feels when the client starts).
import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {median, RawSession, round} from './lib.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const node = process.execPath
const RUNS = 7

function wall(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(node, args, {cwd: ROOT, stdio: 'ignore'})
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
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

export async function run({log = () => {}} = {}) {
  log('start-up')
  const nodeRuns = []
  const cliRuns = []
  for (let i = 0; i < RUNS; i++) {
    nodeRuns.push(wall(['-e', '0']))
    cliRuns.push(wall([path.join(ROOT, 'bin/run.js'), '--version']))
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-'))
  const policy = path.join(dir, 'empty.yaml')
  writeFileSync(policy, '{}\n')
  const server = [node, path.join(ROOT, 'fixtures/servers/runtime-payload.mjs')]
  const direct = []
  const wrapped = []
  for (let i = 0; i < RUNS; i++) {
    direct.push(await firstAnswer(server))
    wrapped.push(await firstAnswer([node, path.join(ROOT, 'bin/run.js'), 'wrap', '--policy', policy, '--', ...server]))
  }
  const nodeMs = median(nodeRuns)
  const cliMs = median(cliRuns)
  return {
    runs: RUNS,
    nodeMs: round(nodeMs, 1),
    cliMs: round(cliMs, 1),
    cliRatio: round(cliMs / nodeMs, 2),
    firstAnswer: {directMs: round(median(direct), 1), wrapMs: round(median(wrapped), 1), addedMs: round(median(wrapped) - median(direct), 1)},
  }
}
