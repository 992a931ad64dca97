// The long fuzz campaign of issue 7: the properties of the test suite's short one
// (test/fuzz/properties.mjs), run against the built code (dist/) for as long as asked, in rounds of
// fresh seeds. Prints what ran (cases, messages, bytes, decisions) and every failure with its seed,
// path and shrunk counterexample; exits 1 on any failure.
//
//   npm run fuzz [-- --seconds 120] [--seed S] [--only framing|proxy]
//   npm run fuzz -- --only proxy --seed S --path P     replay one failure exactly
//
// Run `npm run build` first: the campaign tests what ships.

import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import fc from 'fast-check'
import {framingProperty, proxyProperty} from '../test/fuzz/properties.mjs'

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const {values: args} = parseArgs({
  options: {
    seconds: {type: 'string', default: '120'},
    seed: {type: 'string'},
    only: {type: 'string'},
    path: {type: 'string'},
    help: {type: 'boolean', short: 'h'},
  },
})
if (args.help) {
  console.log('usage: node scripts/fuzz.mjs [--seconds N] [--seed S] [--only framing|proxy] [--path P]')
  process.exit(0)
}
const seconds = Number(args.seconds)
const baseSeed = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed)
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(baseSeed)) {
  console.error('fuzz: --seconds must be a positive number and --seed an integer')
  process.exit(2)
}
if (args.only !== undefined && !['framing', 'proxy'].includes(args.only)) {
  console.error('fuzz: --only takes framing or proxy')
  process.exit(2)
}

const dist = (p) => path.join(ROOT, 'dist', p)
if (!existsSync(dist('proxy/proxy.js'))) {
  console.error('fuzz: dist/ is missing; run `npm run build` first')
  process.exit(2)
}
const load = (p) => import(pathToFileURL(dist(p)).href)
const [{LineSplitter}, {startProxy}, {createPipeline}] = await Promise.all([load('proxy/framing.js'), load('proxy/proxy.js'), load('pipeline/create.js')])

// An exception outside a case (a stream callback after its session ended) is a failure too.
const stray = []
process.on('uncaughtException', (e) => stray.push(e))
process.on('unhandledRejection', (e) => stray.push(e))

/** Per property: fast-check's runs, what the sessions carried, and the failures. */
const campaigns = [
  {name: 'framing', share: 0.25, runs: 2000, make: (stats) => framingProperty(fc, {LineSplitter}, stats)},
  {name: 'proxy', share: 0.75, runs: 300, make: (stats) => proxyProperty(fc, {startProxy, createPipeline}, stats)},
].filter((c) => args.only === undefined || c.name === args.only)
// The time is shared among the properties that run, in proportion to their shares.
const shares = campaigns.reduce((sum, c) => sum + c.share, 0)
for (const c of campaigns) Object.assign(c, {share: c.share / shares, stats: {}, rounds: 0, cases: 0, ms: 0, failures: []})

const started = Date.now()
const total = seconds * 1000

if (args.path !== undefined) {
  // Replay: one run of the failing case (and its shrinking), as fast-check reported it.
  const c = campaigns[0]
  const details = await fc.check(c.make(c.stats), {seed: baseSeed, path: args.path, endOnFailure: false})
  const why = details.failed ? `\n${details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance}` : ''
  console.log(details.failed ? fc.defaultReportMessage(details) + why : `${c.name}: seed ${baseSeed} path ${args.path} passes`)
  process.exit(details.failed ? 1 : 0)
}

console.log(`fuzz: ${seconds} s against dist/, base seed ${baseSeed}`)
// Rounds of each property in turn, each with the next seed, until its share of the time is spent:
// a failure ends only its round, and the campaign goes on looking for others.
let round = 0
while (campaigns.some((c) => c.ms < c.share * total) && Date.now() - started < total) {
  for (const c of campaigns) {
    const left = Math.min(c.share * total - c.ms, total - (Date.now() - started))
    if (left <= 0) continue
    const seed = (baseSeed + round) % 2 ** 31
    const t = Date.now()
    const details = await Promise.resolve(fc.check(c.make(c.stats), {seed, numRuns: c.runs, interruptAfterTimeLimit: Math.max(1000, left), markInterruptAsFailure: false}))
    c.ms += Date.now() - t
    c.rounds++
    c.cases += details.numRuns
    if (details.failed) {
      const why = String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance)
      c.failures.push({seed, path: details.counterexamplePath, why: why.split('\n')[0]})
      console.log(`\n${c.name}: FAILED (seed ${seed}, path ${details.counterexamplePath})\n${fc.defaultReportMessage(details)}\n${why}\n`)
    }
  }
  round++
}

const n = (x) => (x ?? 0).toLocaleString('en-US')
const mib = (b) => `${((b ?? 0) / 1024 / 1024).toFixed(1)} MiB`
console.log(`\nfuzz: done in ${((Date.now() - started) / 1000).toFixed(1)} s (base seed ${baseSeed})`)
for (const c of campaigns) {
  const s = c.stats
  console.log(
    `  ${c.name.padEnd(8)} ${n(c.cases)} cases in ${c.rounds} round(s), ${n(s.cases)} sessions passed (shrinking included), ` +
      `${n(s.messages)} messages, ${mib(s.bytes)}, ${c.failures.length} failure(s)`,
  )
  if (s.peakHeld !== undefined) console.log(`           largest amount held by the framer: ${n(s.peakHeld)} bytes`)
  if (s.actions) console.log(`           decisions: ${Object.entries(s.actions).sort().map(([a, k]) => `${a} ${n(k)}`).join(', ')}; answers to the client ${n(s.answers)}`)
  for (const f of c.failures) console.log(`           failure: ${f.why}\n             seed ${f.seed} path ${f.path}; replay: npm run fuzz -- --only ${c.name} --seed ${f.seed} --path ${f.path}`)
}
if (stray.length > 0) console.log(`  ${stray.length} exception(s) outside a case, first: ${stray[0]?.stack ?? stray[0]}`)
const failed = campaigns.some((c) => c.failures.length > 0) || stray.length > 0
console.log(failed ? 'fuzz: FAILED' : 'fuzz: no failure')
// Sessions leave no timers behind, but do not let a stray one hold the report's exit code.
process.exit(failed ? 1 : 0)
