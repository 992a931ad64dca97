// `npm run bench`: runs the benchmarks against the built CLI (dist/, bin/; build first), prints a
// readable table on stderr and one JSON document on stdout (so `npm run bench --silent > bench.json`
// keeps the figures). Options: --rounds N, --server sdk|raw, --quick, --no-scan, --only SUITE.
import {existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {fileURLToPath} from 'node:url'
import {table} from './lib.mjs'
import * as startup from './startup.mjs'
import * as wrapLatency from './wrap-latency.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(path.join(ROOT, 'dist/proxy/proxy.js')) || !existsSync(path.join(ROOT, 'oclif.manifest.json'))) {
  process.stderr.write('bench: no build found\n  hint: run `npm run build` first; the benchmarks measure dist/, not the sources\n')
  process.exit(2)
}

const {values} = parseArgs({
  options: {
    rounds: {type: 'string', default: '5'},
    server: {type: 'string', default: 'sdk'},
    quick: {type: 'boolean', default: false},
    'no-scan': {type: 'boolean', default: false},
    only: {type: 'string', multiple: true},
  },
})
const log = (m) => process.stderr.write(`bench: ${m}\n`)
const wanted = (s) => !values.only || values.only.includes(s)

const doc = {
  version: 1,
  machine: {node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => Number(x.toFixed(2)))},
}
if (wanted('startup')) doc.startup = await startup.run({log})
if (wanted('wrap')) doc.wrap = await wrapLatency.run({rounds: Number(values.rounds), server: values.server, scan: !values['no-scan'], quick: values.quick, log})

if (doc.startup) {
  const s = doc.startup
  process.stderr.write(
    '\nstart-up (median ms)\n' +
      table([
        ['what', 'ms', 'vs node -e 0'],
        ['node -e 0', s.nodeMs, '1.00'],
        ['mcp-warden --version', s.cliMs, s.cliRatio.toFixed(2)],
        ['first answer, server direct', s.firstAnswer.directMs, ''],
        ['first answer, through wrap', s.firstAnswer.wrapMs, `+${s.firstAnswer.addedMs} ms`],
      ]) +
      '\n',
  )
}
if (doc.wrap) {
  const w = doc.wrap
  const rows = [['size', 'setup', 'p50 ms', 'p99 ms', '+p50 ms', 'p50/direct', 'p99/direct', 'p50/floor']]
  for (const [label, bySetup] of Object.entries(w.results)) {
    for (const [name, r] of Object.entries(bySetup)) rows.push([label, name, r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), r.addedP50Ms.toFixed(3), r.vsDirect.p50.toFixed(2), r.vsDirect.p99.toFixed(2), r.vsFloor.p50.toFixed(2)])
  }
  process.stderr.write(`\nwrap latency per tools/call (${w.server} server, ${w.rounds} rounds, median)\n` + table(rows) + '\n')
  for (const [name, t] of Object.entries(w.targets)) {
    const f = (x) => `${x.ratio.toFixed(2)}x (target ${x.limit}x: ${x.met ? 'met' : 'missed'})`
    process.stderr.write(`  ${name}: p50 at 1KB ${f(t.p50At1KB)}, at 1MB ${f(t.p50At1MB)}\n`)
  }
}
process.stdout.write(JSON.stringify(doc, null, 2) + '\n')
