// `npm run bench`: every benchmark of issue 8 against the built CLI (dist/ and bin/; build first). Each
// suite prints a readable table on stderr as it finishes, then a table of the targets; stdout
// gets one JSON document, so `npm run bench --silent > bench.json` keeps the figures.
//
// Every figure is a ratio against a baseline measured in the same run (the machine is shared, so an
// absolute figure says as much about the load as about the code), rounds interleave what is compared,
// and medians are reported. See docs/performance.md.
//
//   --only SUITE        run only this suite (repeatable): startup, wrap, scan, replay, lock, adversarial
//   --quick             small sizes and one round each, a smoke run of under a minute
//   --rounds N          rounds of every suite (default: per suite, see DEFAULT_ROUNDS)
//   --replay-mb N       size of the large replay trace in MB (default 1024)
//   --replay-full-large also replay the large trace with the default policy (minutes at today's speed)
//   --server sdk|raw    the server behind wrap: on the MCP SDK (default) or dependency-free
//   --no-scan           wrap suite: leave out wrap with content scanning
import {existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {fileURLToPath} from 'node:url'
import {table} from './lib.mjs'
import * as adversarial from './adversarial.mjs'
import * as lock from './lock.mjs'
import * as replay from './replay.mjs'
import * as scan from './scan-throughput.mjs'
import * as startup from './startup.mjs'
import * as wrap from './wrap-latency.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(path.join(ROOT, 'dist/proxy/proxy.js')) || !existsSync(path.join(ROOT, 'oclif.manifest.json'))) {
  process.stderr.write('bench: no build found\n  hint: run `npm run build` first; the benchmarks measure dist/, not the sources\n')
  process.exit(2)
}

const SUITES = ['startup', 'wrap', 'scan', 'replay', 'lock', 'adversarial']
// Chosen so the full run takes about ten minutes on the shared two-core machine; more rounds narrow
// the spread of the medians. Odd counts, so a median is a measured value. Adversarial: one round, as
// each input's time is the finding, not its spread, and a round is minutes.
const DEFAULT_ROUNDS = {startup: 7, wrap: 5, scan: 3, replay: 3, lock: 3, adversarial: 1}
// --quick: enough to show the harness works, not to trust the figures.
const QUICK_ROUNDS = {startup: 2, wrap: 1, scan: 1, replay: 1, lock: 1, adversarial: 1}

let values
try {
  ;({values} = parseArgs({
    options: {
      only: {type: 'string', multiple: true},
      quick: {type: 'boolean', default: false},
      rounds: {type: 'string'},
      'replay-mb': {type: 'string', default: '1024'},
      'replay-full-large': {type: 'boolean', default: false},
      server: {type: 'string', default: 'sdk'},
      'no-scan': {type: 'boolean', default: false},
    },
  }))
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`)
  process.exit(2)
}
const unknown = (values.only ?? []).filter((s) => !SUITES.includes(s))
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite ${unknown.join(', ')}\n  hint: --only takes ${SUITES.join(', ')}\n`)
  process.exit(2)
}
const positive = (name, v, integer = false) => {
  const n = Number(v)
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    process.stderr.write(`bench: --${name} must be a positive ${integer ? 'whole ' : ''}number, not ${v}\n`)
    process.exit(2)
  }
  return n
}
const replayMb = positive('replay-mb', values['replay-mb'])
const rounds = values.rounds === undefined ? undefined : positive('rounds', values.rounds, true)
const roundsOf = (suite) => rounds ?? (values.quick ? QUICK_ROUNDS : DEFAULT_ROUNDS)[suite]
const log = (m) => process.stderr.write(`bench: ${m}\n`)
const wanted = SUITES.filter((s) => !values.only || values.only.includes(s))
const quick = values.quick

const runners = {
  startup: () => startup.run({rounds: roundsOf('startup'), log}),
  wrap: () => wrap.run({rounds: roundsOf('wrap'), server: values.server, scan: !values['no-scan'], quick, log}),
  scan: () => scan.run({rounds: roundsOf('scan'), quick, log}),
  replay: () => replay.run({rounds: roundsOf('replay'), quick, replayMb, fullLarge: values['replay-full-large'], log}),
  lock: () => lock.run({rounds: roundsOf('lock'), quick, log}),
  adversarial: () => adversarial.run({rounds: roundsOf('adversarial'), quick, log}),
}
const renderers = {startup: startup.render, wrap: wrap.render, scan: scan.render, replay: replay.render, lock: lock.render, adversarial: adversarial.render}

const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)))
const started = Date.now()
const doc = {
  version: 2,
  date: new Date(started).toISOString(),
  command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
  machine: {node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavgAtStart: loadavg()},
  suites: wanted,
  seconds: {},
}
let failed = false
for (const suite of wanted) {
  const t0 = Date.now()
  try {
    doc[suite] = await runners[suite]()
    process.stderr.write('\n' + renderers[suite](doc[suite]) + '\n')
  } catch (error) {
    // One broken suite should not cost the figures of the others; the exit code still says so.
    failed = true
    doc[suite] = {error: String(error?.stack ?? error)}
    process.stderr.write(`\nbench: suite ${suite} failed: ${error?.message ?? error}\n\n`)
  }
  doc.seconds[suite] = Math.round((Date.now() - t0) / 100) / 10
}
doc.seconds.total = Math.round((Date.now() - started) / 100) / 10
doc.machine.loadavgAtEnd = loadavg()

doc.targets = wanted.flatMap((s) => doc[s].targets ?? [])
if (doc.targets.length > 0) {
  const fmt = (x, unit) => (x === null ? 'stalled' : unit === 'x' ? `${x.toFixed(2)}x` : `${x.toLocaleString('en-US')} ${unit}`)
  const rows = [['suite', 'target', 'measured', 'limit', '']]
  for (const t of doc.targets) rows.push([t.suite, t.what, fmt(t.measured, t.unit), `${t.op} ${fmt(t.limit, t.unit)}`, t.met ? 'met' : 'MISSED'])
  process.stderr.write(`targets (issue 8; load average ${doc.machine.loadavgAtStart.join(' ')} at start, ${doc.machine.loadavgAtEnd.join(' ')} at end; ${doc.seconds.total} s)\n${table(rows, 2)}\n`)
}
process.stdout.write(JSON.stringify(doc, null, 2) + '\n')
// A suite may leave a handle behind (recheck's agent, a worker): the document is out, so leave.
process.exit(failed ? 1 : 0)
