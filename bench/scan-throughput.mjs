// Content-scanning throughput (issue 8): (a) the text rules on realistic tool results, (b) `scan` of a
// large manifest, (c) the runtime pipeline on tools/call results of 1 KB, 100 KB and 1 MB, each against
// the same pipeline with content scanning off. Runs in this process on dist/ (build first); rounds are
// interleaved and every round scans freshly generated texts, so the analysis cache never serves a
// text a previous round already read (a proxy never sees the same result twice either).
//
//   npm run build && node bench/scan-throughput.mjs [--rounds 5] [--mb 3] [--tools 3000] [--only text|scan|pipeline]
//
// Prints one JSON document on stdout and a readable table on stderr.

import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import {mulberry32} from './lib.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href)
const {runTextRules} = await dist('rules/engine.js')
const {RULES} = await dist('rules/registry.js')
const {scanPaths} = await dist('scan/scan.js')
const {loadPolicy} = await dist('policy/load.js')
const {createPipeline} = await dist('pipeline/create.js')

const {values} = parseArgs({options: {rounds: {type: 'string', default: '5'}, mb: {type: 'string', default: '3'}, tools: {type: 'string', default: '3000'}, only: {type: 'string', multiple: true}}})
const wanted = (c) => !values.only || values.only.includes(c)
const ROUNDS = Number(values.rounds)
const CORPUS_MB = Number(values.mb)
const TOOL_COUNT = Number(values.tools)
const log = (m) => process.stderr.write(`bench: ${m}\n`)

// ---- realistic texts ----------------------------------------------------------------------------


const GITHUB = JSON.parse(readFileSync('/work/shared/corpus/benign-github-mcp-server.tools.json', 'utf8')).tools
const DESCRIPTIONS = []
;(function collect(v) {
  if (Array.isArray(v)) v.forEach(collect)
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'description' && typeof x === 'string' ? DESCRIPTIONS.push(x) : collect(x)
})(GITHUB)

// Source files of this project that are ordinary code (the detectors' own sources quote attack phrases).
const SOURCES = []
;(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) {
      if (!['text', 'secrets', 'pii', 'catalog', 'eval'].includes(name)) walk(p)
    } else if (name.endsWith('.ts')) SOURCES.push(readFileSync(p, 'utf8'))
  }
})(path.join(ROOT, 'src'))

const WORDS = 'the report shows quarterly revenue growth across regions while costs stayed flat compared with last year file folder project build test deploy server client request response error warning note summary table customer order invoice payment shipment delivery status pending complete failed retry schedule meeting agenda action item owner deadline review draft final version release branch commit merge issue ticket priority'.split(' ')
const pick = (rand, list) => list[Math.floor(rand() * list.length)]
const words = (rand, n) => Array.from({length: n}, () => (rand() < 0.04 ? String(Math.floor(rand() * 100000)) : pick(rand, WORDS))).join(' ')
const hex = (rand, n) => Array.from({length: n}, () => Math.floor(rand() * 16).toString(16)).join('')

function githubJson(rand, tag) {
  const issues = []
  for (let i = 0; i < 8; i++) {
    const n = 1000 + Math.floor(rand() * 9000)
    issues.push({
      id: Math.floor(rand() * 1e9),
      node_id: `I_kwDO${hex(rand, 12)}`,
      number: n,
      url: `https://api.github.com/repos/acme/widgets/issues/${n}`,
      html_url: `https://github.com/acme/widgets/issues/${n}`,
      title: `${words(rand, 6)} (${tag})`,
      state: rand() < 0.7 ? 'open' : 'closed',
      user: {login: `dev${Math.floor(rand() * 500)}`, id: Math.floor(rand() * 1e7), avatar_url: `https://avatars.githubusercontent.com/u/${Math.floor(rand() * 1e7)}?v=4`, type: 'User'},
      labels: [{name: pick(rand, ['bug', 'enhancement', 'docs', 'question']), color: hex(rand, 6)}],
      body: `${pick(rand, DESCRIPTIONS)}\n\n${words(rand, 40)}\n\n- [ ] ${words(rand, 8)}\n- [x] ${words(rand, 8)}`,
      created_at: new Date(1.7e12 + rand() * 3e10).toISOString(),
      head: {sha: hex(rand, 40), ref: `feature/${pick(rand, WORDS)}-${n}`},
    })
  }
  return JSON.stringify(issues, null, 2)
}

function listing(rand, tag) {
  const lines = [`# ${tag}`]
  for (let i = 0; i < 120; i++) {
    const dir = rand() < 0.2
    const name = `${pick(rand, ['src', 'lib', 'test', 'docs', 'packages/core'])}/${pick(rand, WORDS)}_${pick(rand, WORDS)}${dir ? '' : pick(rand, ['.ts', '.js', '.md', '.json', '.png'])}`
    lines.push(`${dir ? 'drwxr-xr-x' : '-rw-r--r--'}  1 dev  staff  ${String(Math.floor(rand() * 99999)).padStart(6)} Nov ${1 + Math.floor(rand() * 28)} 10:${String(Math.floor(rand() * 60)).padStart(2, '0')} ${name}`)
  }
  return lines.join('\n')
}

function source(rand, tag) {
  const s = pick(rand, SOURCES)
  const start = Math.floor(rand() * Math.max(1, s.length - 6000))
  return `// ${tag}\n` + s.slice(start, start + 2000 + Math.floor(rand() * 6000))
}

function prose(rand, tag) {
  const parts = [tag]
  for (let i = 0; i < 12; i++) parts.push(rand() < 0.5 ? pick(rand, DESCRIPTIONS) : `${words(rand, 30)}.`)
  return parts.join('\n\n')
}

function logs(rand, tag) {
  const lines = []
  let t = 1.7e12 + rand() * 1e10
  for (let i = 0; i < 100; i++) {
    t += rand() * 2000
    const level = pick(rand, ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'])
    lines.push(`${new Date(t).toISOString()} ${level} [${pick(rand, ['http', 'db', 'worker', 'auth'])}] ${tag} ${words(rand, 8)} id=${hex(rand, 8)} took=${Math.floor(rand() * 900)}ms status=${pick(rand, [200, 200, 201, 304, 404, 500])}`)
  }
  return lines.join('\n')
}

const KINDS = [githubJson, listing, source, prose, logs]

/** About `bytes` of tool results, different for each seed. */
function corpus(seed, bytes) {
  const rand = mulberry32(seed)
  const out = []
  let total = 0
  for (let i = 0; total < bytes; i++) {
    const t = KINDS[i % KINDS.length](rand, `r${seed}-${i}`)
    out.push(t)
    total += Buffer.byteLength(t)
  }
  return {texts: out, bytes: total}
}

/** One text of exactly about `size` bytes, a mix of the kinds. */
function result(seed, size) {
  const rand = mulberry32(seed)
  let s = ''
  for (let i = 0; s.length < size; i++) s += KINDS[i % KINDS.length](rand, `p${seed}-${i}`) + '\n'
  return s.slice(0, size)
}

// ---- measurements --------------------------------------------------------------------------------

const now = () => Number(process.hrtime.bigint()) / 1e6
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function textRules(seed) {
  const {texts, bytes} = corpus(seed, CORPUS_MB * 1024 * 1024)
  const fields = texts.map((text, i) => ({text, field: 'content', role: 'content', source: {file: 'bench.jsonl'}, pointer: `/result/content/${i}/text`, kind: 'message', server: 'bench', name: 'lookup'}))
  const t0 = now()
  let findings = 0
  for (const f of fields) findings += runTextRules([f], RULES).length
  const ms = now() - t0
  return {mbps: bytes / 1048576 / (ms / 1000), ms, bytes, texts: texts.length, findings}
}

function manifest(seed) {
  const rand = mulberry32(seed)
  const tools = []
  for (let i = 0; i < TOOL_COUNT; i++) {
    const base = GITHUB[i % GITHUB.length]
    tools.push({...base, name: `${base.name}_${seed}_${i}`, description: `${base.description} ${words(rand, 10)}`})
  }
  return {serverInfo: {name: 'github', version: '1.0.0'}, tools}
}

const policy = loadPolicy(undefined)
function scanManifest(seed, dir) {
  const file = path.join(dir, `manifest-${seed}.json`)
  writeFileSync(file, JSON.stringify(manifest(seed), null, 2))
  const bytes = statSync(file).size
  const t0 = now()
  const r = scanPaths([file], policy)
  const ms = now() - t0
  rmSync(file)
  return {mbps: bytes / 1048576 / (ms / 1000), toolsPerSecond: TOOL_COUNT / (ms / 1000), ms, bytes, findings: r.findings.length}
}

const NO_SCAN = {actions: {injection: 'allow', secrets: 'allow', pii: 'allow', hidden: 'allow'}}
const RATE = {rateLimit: {perMinute: 1e9, perHour: 1e9}}
const SIZES = {'1KB': 1024, '100KB': 100 * 1024, '1MB': 1024 * 1024}
const CALLS = {'1KB': 400, '100KB': 40, '1MB': 6}

/** Median ms of the pipeline deciding on one tools/call (request and result), scanning on and off. */
function pipeline(seed, label) {
  const size = SIZES[label]
  const calls = CALLS[label]
  const lines = []
  for (let i = 0; i < calls; i++) {
    const req = Buffer.from(JSON.stringify({jsonrpc: '2.0', id: i, method: 'tools/call', params: {name: 'read_file', arguments: {path: `src/file-${i}.ts`}}}))
    const text = result(seed * 1000 + i, size)
    const res = Buffer.from(JSON.stringify({jsonrpc: '2.0', id: i, result: {content: [{type: 'text', text}]}}))
    lines.push([req, res])
  }
  const out = {}
  for (const [name, pol] of [['noscan', {...NO_SCAN, ...RATE}], ['scan', RATE]]) {
    const p = createPipeline({server: 'bench', policy: pol})
    const times = []
    let ts = 1.7e12
    for (const [req, res] of lines) {
      const t0 = now()
      p.process({dir: 'c2s', raw: req, ts: ts++, line: 0})
      p.process({dir: 's2c', raw: res, ts: ts++, line: 0})
      times.push(now() - t0)
    }
    out[name] = median(times)
  }
  return {ms: out.scan, noscanMs: out.noscan, ratio: out.scan / out.noscan, mbps: size / 1048576 / (out.scan / 1000)}
}

// ---- run ------------------------------------------------------------------------------------------

const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-bench-'))
// Warm-up: JIT and lazy module state, not counted.
if (wanted('text')) textRules(9999)
if (wanted('pipeline')) for (const l of Object.keys(SIZES)) pipeline(9999, l)

const rounds = {textRules: [], scan: [], pipeline: Object.fromEntries(Object.keys(SIZES).map((l) => [l, []]))}
for (let r = 1; r <= ROUNDS; r++) {
  if (wanted('text')) rounds.textRules.push(textRules(r))
  if (wanted('scan')) rounds.scan.push(scanManifest(r, dir))
  if (wanted('pipeline')) for (const l of Object.keys(SIZES)) rounds.pipeline[l].push(pipeline(r, l))
  log(`round ${r}/${ROUNDS} done`)
}
rmSync(dir, {recursive: true, force: true})

const round2 = (x) => Number(x.toFixed(2))
const doc = {
  version: 1,
  machine: {node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map(round2)},
  rounds: ROUNDS,
}
const rows = [['case', 'MB/s', 'detail']]
if (rounds.textRules.length > 0) {
  const t = (doc.textRules = {mbps: round2(median(rounds.textRules.map((x) => x.mbps))), bytes: rounds.textRules[0].bytes, texts: rounds.textRules[0].texts, findings: rounds.textRules[0].findings})
  rows.push(['text rules, all RULES', t.mbps, `${(t.bytes / 1048576).toFixed(1)} MB in ${t.texts} texts`])
}
if (rounds.scan.length > 0) {
  const s = (doc.scan = {
    mbps: round2(median(rounds.scan.map((x) => x.mbps))),
    toolsPerSecond: Math.round(median(rounds.scan.map((x) => x.toolsPerSecond))),
    ms: round2(median(rounds.scan.map((x) => x.ms))),
    tools: TOOL_COUNT,
    bytes: rounds.scan[0].bytes,
    findings: rounds.scan[0].findings,
  })
  rows.push(['scan, large manifest', s.mbps, `${s.tools} tools, ${(s.bytes / 1048576).toFixed(1)} MB, ${s.ms} ms, ${s.toolsPerSecond} tools/s`])
}
if (rounds.pipeline['1KB'].length > 0) {
  doc.pipeline = {}
  for (const [l, xs] of Object.entries(rounds.pipeline)) {
    const p = (doc.pipeline[l] = {ms: round2(median(xs.map((x) => x.ms))), noscanMs: round2(median(xs.map((x) => x.noscanMs))), ratio: round2(median(xs.map((x) => x.ratio))), mbps: round2(median(xs.map((x) => x.mbps)))})
    rows.push([`pipeline, ${l} result`, p.mbps, `${p.ms} ms a call, ${p.ratio}x of scanning off (${p.noscanMs} ms)`])
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
process.stderr.write('\n' + rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n') + '\n')
process.stdout.write(JSON.stringify(doc, null, 2) + '\n')
