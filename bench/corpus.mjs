// Realistic tool results and manifests for the benchmarks, generated from a seed: GitHub-API-like
// JSON, file listings, this project's own source code, prose from the GitHub MCP server's tool
// descriptions, and log lines. The content scanning suite, the wrap latency servers and the manifest
// scan all read from here, so every suite scans the same kind of text.
//
// The rule engine caches its analyses by whole text, so every generator takes a seed (or a call
// number) and returns a text no earlier call returned: a proxy never sees the same result twice
// either, and a cached analysis would measure a Map lookup.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {mulberry32} from './lib.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// The shared corpus sits next to the repository, as for the tests (test/helpers/cli.ts) and `npm run eval`.
export const GITHUB_MANIFEST = path.resolve(ROOT, '../shared/corpus/benign-github-mcp-server.tools.json')

let github
/** The GitHub MCP server's tools (a real, benign manifest of about 90 tools). */
export function githubTools() {
  if (!github) {
    if (!existsSync(GITHUB_MANIFEST)) throw new Error(`bench: ${GITHUB_MANIFEST} is missing; the benchmarks build realistic texts from the shared corpus`)
    github = JSON.parse(readFileSync(GITHUB_MANIFEST, 'utf8')).tools
  }
  return github
}

let descriptions
function githubDescriptions() {
  if (!descriptions) {
    descriptions = []
    ;(function collect(v) {
      if (Array.isArray(v)) v.forEach(collect)
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'description' && typeof x === 'string' ? descriptions.push(x) : collect(x)
    })(githubTools())
  }
  return descriptions
}

let sources
// Source files of this project that are ordinary code: the detectors' own sources quote attack
// phrases, and a tool result full of them would not be realistic.
function sourceFiles() {
  if (!sources) {
    sources = []
    ;(function walk(dir) {
      for (const name of readdirSync(dir).sort()) {
        const p = path.join(dir, name)
        if (statSync(p).isDirectory()) {
          if (!['text', 'secrets', 'pii', 'catalog', 'eval'].includes(name)) walk(p)
        } else if (name.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'))
      }
    })(path.join(ROOT, 'src'))
  }
  return sources
}

const WORDS = 'the report shows quarterly revenue growth across regions while costs stayed flat compared with last year file folder project build test deploy server client request response error warning note summary table customer order invoice payment shipment delivery status pending complete failed retry schedule meeting agenda action item owner deadline review draft final version release branch commit merge issue ticket priority'.split(' ')
const pick = (rand, list) => list[Math.floor(rand() * list.length)]
export const words = (rand, n) => Array.from({length: n}, () => (rand() < 0.04 ? String(Math.floor(rand() * 100000)) : pick(rand, WORDS))).join(' ')
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
      body: `${pick(rand, githubDescriptions())}\n\n${words(rand, 40)}\n\n- [ ] ${words(rand, 8)}\n- [x] ${words(rand, 8)}`,
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
  const s = pick(rand, sourceFiles())
  const start = Math.floor(rand() * Math.max(1, s.length - 6000))
  return `// ${tag}\n` + s.slice(start, start + 2000 + Math.floor(rand() * 6000))
}

function prose(rand, tag) {
  const parts = [tag]
  for (let i = 0; i < 12; i++) parts.push(rand() < 0.5 ? pick(rand, githubDescriptions()) : `${words(rand, 30)}.`)
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

/** About `bytes` of tool results (one text each, a few KB), different for each seed. */
export function resultTexts(seed, bytes) {
  const rand = mulberry32(seed)
  const texts = []
  let total = 0
  for (let i = 0; total < bytes; i++) {
    const t = KINDS[i % KINDS.length](rand, `r${seed}-${i}`)
    texts.push(t)
    total += Buffer.byteLength(t)
  }
  return {texts, bytes: total}
}

/** One tool result of `size` characters, a mix of the kinds, different for each seed. */
export function resultText(seed, size) {
  const rand = mulberry32(seed)
  const parts = []
  for (let i = 0, n = 0; n < size; i++) {
    const t = KINDS[i % KINDS.length](rand, `p${seed}-${i}`) + '\n'
    parts.push(t)
    n += t.length
  }
  return parts.join('').slice(0, size)
}

/** A manifest of `count` tools: the GitHub server's tools over and over, renamed and reworded per seed. */
export function largeManifest(seed, count) {
  const rand = mulberry32(seed)
  const base = githubTools()
  const tools = []
  for (let i = 0; i < count; i++) {
    const t = base[i % base.length]
    tools.push({...t, name: `${t.name}_${seed}_${i}`, description: `${t.description} ${words(rand, 10)}`})
  }
  return {serverInfo: {name: 'github', version: '1.0.0'}, tools}
}
