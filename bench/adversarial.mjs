// Adversarial inputs and scanning throughput of the rule engine (issue 6, ReDoS safety): the time of
// every hostile 1 MB input of test/redos/ (generic shapes, a schema nested 10,000 deep, inputs pumped
// from recheck's attacks on our own patterns) through runRules (as a tool description) and
// runTextRules (as a tool result); one server listing 250, 500 and 1000 tools (a rule that compares
// every tool with every other shows here); and the MB/s of realistic text: the GitHub MCP server's
// tool descriptions, concatenated or as its manifest, and a GitHub-like tool result.
//
//   npm run build && node bench/adversarial.mjs [--rounds 3] [--timeout 120] [--no-attacks] [--dist DIR]
//
// Every measurement runs in a fresh worker thread: the engine caches analyses by text, so a second
// run of one input in the same thread would measure the cache; a worker also lets a stalled input be
// stopped and reported as such. Each worker warms up on a benign text first (regex compilation, JIT),
// as the long-lived proxy would be. Prints one JSON document on stdout and a table on stderr.
// `npm run bench` runs it as its `adversarial` suite through `run()` and `render()`.

import {readFileSync, readdirSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SELF = fileURLToPath(import.meta.url)
const CORPUS = path.resolve(ROOT, '../shared/corpus/benign-github-mcp-server.tools.json')
const MB = 1 << 20
const SLOW_MS = 10_000
const SHOWN = 20

// ---- worker: one measurement in a fresh thread ------------------------------------------------------

async function measure({dist, input}) {
  const load = (p) => import(pathToFileURL(path.join(dist, p)).href)
  const [{runRules, runTextRules}, {RULES}, {textField}, {serverView}, {emptyManifest}] = await Promise.all([
    load('rules/engine.js'),
    load('rules/registry.js'),
    load('inputs/load.js'),
    load('inputs/views.js'),
    load('model/manifest.js'),
  ])
  const scopeOf = (tools) => {
    const m = emptyManifest()
    m.tools = tools
    return {servers: [serverView('bench', m, {file: 'bench.tools.json'}, '', (_k, i) => `/tools/${i}`)], configs: [], texts: []}
  }
  const asResult = (text) => [{...textField(text, {file: 'result.txt'}), field: 'content'}]
  runRules(scopeOf([{name: 'get_weather', description: 'Returns the current weather for a city.', inputSchema: {type: 'object'}}]), RULES)
  runTextRules(asResult('Sunny, 21 °C, wind 10 km/h from the west.'), RULES)

  let call
  if (input.kind === 'deep-schema') {
    const {deepSchema} = await import(pathToFileURL(path.join(ROOT, 'test/redos/inputs.mjs')).href)
    const {schema} = deepSchema()
    call = () => runRules(scopeOf([{name: 'deep', description: 'Weather for a city.', inputSchema: schema}]), RULES)
  } else if (input.kind === 'manifest') call = () => runRules(scopeOf(input.tools), RULES)
  else if (input.kind === 'description') call = () => runRules(scopeOf([{name: 'get_weather', description: input.text, inputSchema: {type: 'object'}}]), RULES)
  else call = () => runTextRules(asResult(input.text), RULES)

  const t0 = process.hrtime.bigint()
  const findings = call()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  parentPort.postMessage({ms, findings: findings.length})
}

if (!isMainThread && workerData?.role === 'adversarial-bench') await measure(workerData)

// ---- main thread ----------------------------------------------------------------------------------

/** One fresh-worker measurement; `{timedOut: true}` when it runs past `timeoutMs`. */
function once(dist, input, timeoutMs) {
  return new Promise((resolve, reject) => {
    const w = new Worker(SELF, {workerData: {role: 'adversarial-bench', dist, input}})
    const timer = setTimeout(() => {
      w.terminate()
      resolve({timedOut: true})
    }, timeoutMs)
    w.once('message', (m) => {
      clearTimeout(timer)
      w.terminate()
      resolve(m)
    })
    w.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d

async function series(dist, input, {rounds, timeoutMs}) {
  const ms = []
  let findings = 0
  for (let i = 0; i < rounds; i++) {
    const r = await once(dist, input, timeoutMs)
    // A stall is the finding: no point waiting for it again.
    if (r.timedOut) return {timedOut: true, timeoutMs}
    ms.push(r.ms)
    findings = r.findings
    // Seconds for one input already say what there is to say; more rounds only cost minutes.
    if (r.ms > SLOW_MS) break
  }
  return {medianMs: round(median(ms)), minMs: round(Math.min(...ms)), maxMs: round(Math.max(...ms)), rounds: ms.length, findings}
}

/** Realistic inputs from the GitHub MCP server's manifest, each text made unique so no cache is hit. */
function realistic() {
  const tools = JSON.parse(readFileSync(CORPUS, 'utf8')).tools
  const texts = []
  for (const t of tools) {
    if (t.description) texts.push(t.description)
    for (const p of Object.values(t.inputSchema?.properties ?? {})) if (typeof p.description === 'string') texts.push(p.description)
  }
  let text = ''
  for (let copy = 0; text.length < 4 * MB; copy++) text += texts.map((d) => `${d} (${copy})`).join('\n\n') + '\n\n'

  // One server offering the GitHub tools `copies` times over (renamed): a hostile server may list
  // thousands of tools, and a rule that compares every tool with every other grows with the square.
  const manyTools = (count) => {
    const out = []
    for (let copy = 0; out.length < count; copy++) {
      for (const t of tools) if (out.length < count) out.push({...t, name: `${t.name}_${copy}`, ...(t.description ? {description: `${t.description} (${copy})`} : {})})
    }
    return out
  }

  // A list_issues result as the GitHub server returns it: one text block holding JSON.
  const issues = []
  for (let i = 0, size = 0; size < MB; i++) {
    const body = texts[i % texts.length]
    const issue = {
      number: 4000 + i,
      title: body.split(/[.\n]/)[0].slice(0, 80),
      state: i % 3 ? 'open' : 'closed',
      html_url: `https://github.com/octo-org/octo-repo/issues/${4000 + i}`,
      user: {login: `user${i % 97}`, html_url: `https://github.com/user${i % 97}`},
      labels: [{name: ['bug', 'enhancement', 'question', 'documentation'][i % 4]}],
      comments: i % 11,
      created_at: `2026-0${1 + (i % 9)}-1${i % 10}T08:${10 + (i % 50)}:00Z`,
      body: `${body}\n\nSteps to reproduce: run \`make test\` on commit ${(0x1f00000 + i * 7919).toString(16)}.`,
    }
    issues.push(issue)
    size += JSON.stringify(issue, null, 2).length
  }
  return {text, tools, manyTools, result: JSON.stringify(issues, null, 2)}
}

/** The bound test/redos/adversarial.test.ts holds every input to, read from the test so the two cannot drift apart. */
function testBoundMs() {
  const m = /const TIMEOUT = ([\d_]+)/.exec(readFileSync(path.join(ROOT, 'test/redos/adversarial.test.ts'), 'utf8'))
  return m ? Number(m[1].replaceAll('_', '')) : undefined
}

/**
 * Run the suite. `dist` is the build to measure; `attacks: false` skips recheck (about a minute);
 * `quick` is one round of the generic inputs only. Returns the JSON document's `adversarial` and
 * `throughput` sections, and the slowest input against the baseline: a benign 1 MB tool result (the
 * GitHub list_issues one) through the same path, in the same kind of fresh worker.
 */
export async function run({log = () => {}, rounds = 3, timeoutMs = 120_000, attacks = true, quick = false, dist = path.join(ROOT, 'dist')} = {}) {
  if (quick) {
    rounds = 1
    attacks = false
  }
  const {attackInputs, genericInputs} = await import(pathToFileURL(path.join(ROOT, 'test/redos/inputs.mjs')).href)
  // --quick: enough inputs to show the suite works (a fresh worker for each costs about a second).
  const cases = Object.entries(genericInputs())
    .map(([name, text]) => ({name, text}))
    .slice(0, quick ? 3 : undefined)
  if (attacks) {
    log('adversarial: asking recheck for attacks on every pattern (about a minute)')
    const {inventory, sourceFiles} = await import(pathToFileURL(path.join(ROOT, 'test/redos/inventory.mjs')).href)
    const modules = []
    const walk = (dir) => {
      for (const e of readdirSync(dir, {withFileTypes: true})) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (e.name.endsWith('.js')) modules.push(pathToFileURL(p).href)
      }
    }
    walk(dist)
    const {patterns} = await inventory({files: sourceFiles(), modules, isOurs: (f) => f.startsWith(dist + path.sep), relativeTo: path.dirname(dist)})
    for (const a of await attackInputs(patterns)) cases.push({name: a.name, text: a.text})
  }

  const adversarial = []
  for (const c of cases) {
    for (const kind of ['description', 'result']) {
      log(`adversarial: ${c.name} as a tool ${kind}`)
      adversarial.push({input: c.name, as: `tool ${kind}`, chars: c.text.length, ...(await series(dist, {kind, text: c.text}, {rounds, timeoutMs}))})
    }
  }
  log('adversarial: schema nested 10,000 deep')
  adversarial.push({input: 'input schema nested 10,000 deep', as: 'tool inputSchema', chars: MB, ...(await series(dist, {kind: 'deep-schema'}, {rounds, timeoutMs}))})

  const r = realistic()
  for (const count of quick ? [250] : [250, 500, 1000]) {
    log(`adversarial: one server with ${count} tools`)
    const input = {kind: 'manifest', tools: r.manyTools(count)}
    adversarial.push({input: `one server with ${count} tools (GitHub's, renamed)`, as: 'manifest', chars: JSON.stringify(input.tools).length, ...(await series(dist, input, {rounds, timeoutMs}))})
  }

  const throughput = []
  const realisticInputs = [
    ['GitHub tool descriptions, concatenated, as a tool result', {kind: 'result', text: r.text}, Buffer.byteLength(r.text)],
    ['GitHub tool descriptions, concatenated, as one description', {kind: 'description', text: r.text}, Buffer.byteLength(r.text)],
    [`GitHub manifest as it is (${r.tools.length} tools)`, {kind: 'manifest', tools: r.tools}, Buffer.byteLength(JSON.stringify(r.tools))],
    ['GitHub list_issues result (JSON text block)', {kind: 'result', text: r.result}, Buffer.byteLength(r.result)],
  ]
  // The list_issues result is the baseline of the slowest hostile input, so --quick keeps it.
  for (const [name, input, bytes] of quick ? realisticInputs.slice(-1) : realisticInputs) {
    log(`throughput: ${name}`)
    const s = await series(dist, input, {rounds, timeoutMs})
    throughput.push({input: name, mb: round(bytes / MB, 2), ...s, ...(s.timedOut ? {} : {mbPerSecond: round(bytes / MB / (s.medianMs / 1000), 2)})})
  }
  // The hostile 1 MB inputs, as the test runs them (not the many-tools manifests) against the benign one.
  const hostile = adversarial.filter((x) => x.as !== 'manifest')
  const slowest = hostile.reduce((a, b) => (b.timedOut || (!a.timedOut && b.medianMs > a.medianMs) ? b : a))
  const benign = throughput.find((t) => t.input.startsWith('GitHub list_issues result'))
  const bound = testBoundMs()
  const slowestMs = slowest.timedOut ? Infinity : slowest.medianMs
  const summary = {
    baseline: `${benign.input}, ${benign.mb} MB`,
    baselineMs: benign.medianMs,
    slowest: {input: slowest.input, as: slowest.as, ...(slowest.timedOut ? {timedOut: true} : {medianMs: slowest.medianMs, vsBaseline: round(slowest.medianMs / benign.medianMs, 1)})},
    ...(bound ? {testBoundMs: bound} : {}),
  }
  const targets = bound
    ? [{suite: 'adversarial', what: 'slowest hostile 1 MB input vs the bound of test/redos/adversarial.test.ts', measured: slowest.timedOut ? null : slowest.medianMs, unit: 'ms', op: '<=', limit: bound, met: slowestMs <= bound}]
    : []
  return {rounds, attacks, summary, adversarial: {chars: MB, rounds, timeoutMs, inputs: adversarial}, throughput, targets}
}

/** The result of `run` as two readable tables. */
export function render({adversarial, throughput, summary}) {
  const table = (rows) => {
    const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
    return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n')
  }
  const ms = (x) => (x.timedOut ? `STALL >${x.timeoutMs / 1000}s` : x.medianMs.toFixed(1))
  const rows = [['input (1 MB unless said)', 'as', 'median ms', 'max ms', 'findings']]
  // The slowest inputs are the story; the JSON document has all of them.
  const sorted = [...adversarial.inputs].sort((a, b) => (b.medianMs ?? Infinity) - (a.medianMs ?? Infinity))
  for (const x of sorted.slice(0, SHOWN)) {
    rows.push([x.input.length > 80 ? x.input.slice(0, 77) + '...' : x.input, x.as, ms(x), x.timedOut ? '' : x.maxMs.toFixed(1), x.timedOut ? '' : x.findings])
  }
  if (sorted.length > SHOWN) rows.push([`... ${sorted.length - SHOWN} more, each faster (all in the JSON document)`, '', '', '', ''])
  const trows = [['realistic text', 'MB', 'median ms', 'MB/s']]
  for (const t of throughput) trows.push([t.input, t.mb, ms(t), t.timedOut ? '' : t.mbPerSecond])
  const sl = summary.slowest
  const verdict = sl.timedOut
    ? `slowest: ${sl.input} as a ${sl.as} STALLED`
    : `slowest hostile input: ${sl.input} as a ${sl.as}, ${sl.medianMs} ms, ${sl.vsBaseline}x the benign 1 MB result (${summary.baselineMs} ms)${summary.testBoundMs ? `; the test's bound is ${summary.testBoundMs} ms` : ''}`
  return `adversarial inputs through the rule engine (${adversarial.inputs.length} runs, ${adversarial.rounds} round(s), a fresh worker each, slowest first)\n${table(rows)}\n\nthroughput\n${table(trows)}\n${verdict}\n`
}

async function main() {
  const args = process.argv.slice(2)
  const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
  const dist = path.resolve(arg('--dist', path.join(ROOT, 'dist')))
  try {
    readFileSync(path.join(dist, 'rules/engine.js'))
  } catch {
    process.stderr.write(`bench: no build at ${dist}\n  hint: run \`npm run build\` first; the benchmark measures dist/, not the sources\n`)
    process.exit(2)
  }
  const result = await run({
    log: (m) => process.stderr.write(`bench: ${m}\n`),
    rounds: Number(arg('--rounds', '3')),
    timeoutMs: Number(arg('--timeout', '120')) * 1000,
    attacks: !args.includes('--no-attacks'),
    dist,
  })
  const machine = {node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => round(x, 2))}
  process.stderr.write('\n' + render(result))
  process.stdout.write(JSON.stringify({version: 1, machine, ...result}, null, 2) + '\n')
  // recheck's agent process keeps no reference, but the import of every dist module may leave timers.
  process.exit(0)
}

if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === SELF) await main()
