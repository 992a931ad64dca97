#!/usr/bin/env node
// Trains and evaluates an offline injection classifier (featurizer: scripts/classifier-features.mjs)
// from real data only. Not shipped: held out, it catches none of the attacks the rules miss without new
// false positives (docs/classifier.md has the figures). Data:
//   malicious: the shared corpus's attacks that carry a marker (BIPIA text and code, MCPSecBench's
//              "Malicious Prompt" and "Indirect Prompt Injection"; the markerless classes are left out,
//              they are ordinary questions), mcp-warden's poisoned tools and injected results
//              (fixtures/eval);
//   benign:    GitHub's MCP server tools, NotInject prompts, mcp-warden's benign tools and results
//              (fixtures/eval), the tools/list of the reference servers in node_modules (spawned
//              locally over stdio), and paragraphs of the READMEs of the installed packages (what a
//              fetch or read_file tool returns).
// Deterministic: same data, same seed, same model bytes.
//
//   npm run build && node scripts/train-classifier.mjs --eval          held-out figures (grouped k-fold, leave-one-source-out)
//   npm run build && node scripts/train-classifier.mjs --write FILE    train on everything, write the model (JSON)
//   npm run build && node scripts/train-classifier.mjs --transforms    p of each attack as published vs hidden-character transforms
//   npm run build && node scripts/train-classifier.mjs --bench         cost per KB of scoring
//   options: --corpus DIR (default ../shared/corpus), --seed N, --folds K, --no-signals, --hash N, --l2 X,
//            --epochs N, --threshold P (the fixed threshold in the tables), --json FILE (held-out predictions)

import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const opt = (name, def) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1] : def
}
const CORPUS = path.resolve(opt('--corpus', path.join(ROOT, '../shared/corpus')))
const SEED = Number(opt('--seed', '7'))
const FOLDS = Number(opt('--folds', '5'))
const SIGNALS = !args.includes('--no-signals')
const HASH_SIZE = Number(opt('--hash', '4096'))
const L2 = Number(opt('--l2', '0.002'))
const EPOCHS = Number(opt('--epochs', '300'))
const THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]
const SHIP_THRESHOLD = Number(opt('--threshold', '0.9'))

const dist = (p) => import(path.join(ROOT, 'dist', p))
const {loadCorpus, loadFixtures, asDescription, asResult, SEMANTIC_RULES} = await dist('eval/index.js')
const {MARKERLESS} = await dist('eval/corpus.js')
const {featurize, probability, classify, SIGNAL_FEATURES} = await import('./classifier-features.mjs')
const {severityRank} = await dist('core/severity.js')

// ----- seeded PRNG ---------------------------------------------------------------------------------
function mulberry32(a) {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
function shuffle(list, rand) {
  const a = [...list]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

// ----- data ----------------------------------------------------------------------------------------
/** {text, label (1 malicious / 0 benign), source, group, modes: ['description'|'result']} */
const samples = []
const add = (text, label, source, group, modes) => {
  if (typeof text !== 'string' || !text.trim()) return
  samples.push({text, label, source, group, modes})
}

const corpus = loadCorpus(CORPUS)
for (const s of corpus.texts) {
  if (s.label === 'malicious' && MARKERLESS.has(`${s.set}/${s.cls}`)) continue
  add(s.text, s.label === 'malicious' ? 1 : 0, s.set, `${s.set}/${s.cls}`, ['description', 'result'])
}
const toolsOf = (file) => {
  const j = JSON.parse(readFileSync(file, 'utf8'))
  return j.tools ?? j.result?.tools ?? []
}
const paramText = (tool) =>
  Object.values(tool.inputSchema?.properties ?? {})
    .map((p) => (typeof p?.description === 'string' ? p.description : ''))
    .filter(Boolean)
    .join('\n')
for (const m of corpus.manifests) {
  const tools = toolsOf(m.file)
  tools.forEach((t, i) => {
    // GitHub's tools are one class: five groups, by position, so k-fold can hold some out.
    const group = `${m.set}/${i % 5}`
    add(t.description, 0, m.set, group, ['description'])
    add(paramText(t), 0, m.set, group, ['description'])
  })
}
const fx = loadFixtures(path.join(ROOT, 'fixtures/eval'))
for (const m of fx.manifests) {
  const label = m.label === 'malicious' ? 1 : 0
  const source = label ? 'fixtures-attacks' : 'fixtures-benign'
  for (const t of toolsOf(m.file)) {
    add(t.description, label, source, `${m.set}/${m.cls}`, ['description'])
    if (!label) add(paramText(t), 0, source, `${m.set}/${m.cls}`, ['description'])
  }
}
for (const r of fx.results) {
  const label = r.label === 'malicious' ? 1 : 0
  add(r.text, label, label ? 'fixtures-attacks' : 'fixtures-benign', `${r.set}/${r.cls}`, ['result'])
}

// Reference servers: their real tools/list, over stdio, offline.
async function referenceServers() {
  const {Client} = await import('@modelcontextprotocol/sdk/client/index.js')
  const {StdioClientTransport} = await import('@modelcontextprotocol/sdk/client/stdio.js')
  const memDir = mkdtempSync(path.join(tmpdir(), 'train-classifier-'))
  const out = []
  for (const [name, extra] of [['server-everything', []], ['server-filesystem', [ROOT]], ['server-memory', []]]) {
    const entry = path.join(ROOT, 'node_modules/@modelcontextprotocol', name, 'dist/index.js')
    if (!existsSync(entry)) continue
    const transport = new StdioClientTransport({command: process.execPath, args: [entry, ...extra], stderr: 'ignore', env: {PATH: process.env.PATH ?? '', MEMORY_FILE_PATH: path.join(memDir, 'memory.json')}})
    const client = new Client({name: 'train-classifier', version: '1'})
    await client.connect(transport)
    const {tools} = await client.listTools()
    const instructions = client.getInstructions()
    await client.close()
    out.push({name, tools, instructions})
  }
  rmSync(memDir, {recursive: true, force: true})
  return out
}
for (const s of await referenceServers()) {
  for (const t of s.tools) {
    add(t.description, 0, 'reference-servers', `reference/${s.name}`, ['description'])
    add(paramText(t), 0, 'reference-servers', `reference/${s.name}`, ['description'])
  }
  if (s.instructions) add(s.instructions, 0, 'reference-servers', `reference/${s.name}`, ['description'])
}

// README paragraphs of installed packages: documentation as a fetch or file tool returns it.
function readmeParagraphs() {
  const nm = path.join(ROOT, 'node_modules')
  const pkgs = []
  for (const d of readdirSync(nm).sort()) {
    if (d.startsWith('.')) continue
    if (d.startsWith('@')) for (const e of readdirSync(path.join(nm, d)).sort()) pkgs.push(`${d}/${e}`)
    else pkgs.push(d)
  }
  const out = []
  for (const p of pkgs) {
    const f = ['README.md', 'readme.md', 'Readme.md'].map((n) => path.join(nm, p, n)).find((x) => existsSync(x))
    if (!f) continue
    const paras = readFileSync(f, 'utf8')
      .split(/\n\s*\n/)
      .map((x) => x.trim())
      .filter((x) => x.length >= 80 && x.length <= 1200 && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(x) && !/^(?:\[!\[|<img|<p align|\|)/.test(x))
    // A few paragraphs per package, spread over the README.
    const step = Math.max(1, Math.floor(paras.length / 6))
    for (let i = 0; i < paras.length && out.filter((o) => o.pkg === p).length < 6; i += step) out.push({pkg: p, text: paras[i]})
  }
  return out
}
for (const r of readmeParagraphs()) add(r.text, 0, 'readmes', `readmes/${r.pkg}`, ['result'])

// ----- rules baseline per sample and mode (worst severity of every rule) -----------------------------
const rank = (findings) => findings.reduce((m, f) => Math.max(m, severityRank(f.severity)), -1)
const semRank = (findings) => rank(findings.filter((f) => SEMANTIC_RULES.has(f.ruleId)))
const MED = severityRank('medium')
const HIGH = severityRank('high')
for (const s of samples) {
  s.rules = {}
  s.sem = {}
  for (const mode of s.modes) {
    const findings = mode === 'description' ? asDescription(s.text) : asResult(s.text)
    s.rules[mode] = rank(findings)
    s.sem[mode] = semRank(findings)
  }
}

// ----- features ------------------------------------------------------------------------------------
const roleOf = (mode) => (mode === 'description' ? 'metadata' : 'content')
for (const s of samples) {
  s.feats = {}
  for (const mode of s.modes) s.feats[mode] = featurize(s.text, roleOf(mode), HASH_SIZE, SIGNALS)
}
const DIM = HASH_SIZE + (SIGNALS ? SIGNAL_FEATURES.length : 0)

// ----- logistic regression (full batch, Adam, L2, class-balanced) -----------------------------------
/** Training rows: every window of every mode of a sample (its label), weighted so each sample counts once. */
function train(set) {
  const rows = []
  for (const s of set) {
    for (const mode of s.modes) {
      const fs = s.feats[mode]
      for (const f of fs) rows.push({f, y: s.label, w: 1 / (fs.length * s.modes.length)})
    }
  }
  const pos = rows.filter((r) => r.y === 1).reduce((a, r) => a + r.w, 0)
  const neg = rows.filter((r) => r.y === 0).reduce((a, r) => a + r.w, 0)
  for (const r of rows) r.w *= r.y === 1 ? 0.5 / pos : 0.5 / neg
  const w = new Float64Array(DIM)
  let b = 0
  const m = new Float64Array(DIM + 1)
  const v = new Float64Array(DIM + 1)
  const lr = 0.05
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const g = new Float64Array(DIM + 1)
    for (const r of rows) {
      let z = b
      for (let i = 0; i < r.f.idx.length; i++) z += w[r.f.idx[i]] * r.f.val[i]
      const err = (1 / (1 + Math.exp(-z)) - r.y) * r.w
      for (let i = 0; i < r.f.idx.length; i++) g[r.f.idx[i]] += err * r.f.val[i]
      g[DIM] += err
    }
    for (let i = 0; i < DIM; i++) g[i] += L2 * w[i]
    for (let i = 0; i <= DIM; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i]
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
      const step = (lr * (m[i] / (1 - 0.9 ** epoch))) / (Math.sqrt(v[i] / (1 - 0.999 ** epoch)) + 1e-8)
      if (i < DIM) w[i] -= step
      else b -= step
    }
  }
  const scale = 1000
  return {version: 1, hashSize: HASH_SIZE, signals: SIGNALS, bias: Math.round(b * scale) / scale, scale, weights: [...w].map((x) => Math.round(x * scale)), thresholds: {medium: SHIP_THRESHOLD}}
}
const score = (model, s, mode) => s.feats[mode].reduce((best, f) => Math.max(best, probability(model, f)), 0)

// ----- evaluation ----------------------------------------------------------------------------------
/** Held-out predictions: for every sample and mode, p and the rules' worst severity. */
function heldOut(splits) {
  const preds = []
  for (const {test, train: tr} of splits) {
    const model = train(tr)
    for (const s of test) for (const mode of s.modes) preds.push({s, mode, p: score(model, s, mode), rules: s.rules[mode], sem: s.sem[mode]})
  }
  return preds
}

function groupedFolds(k, seed) {
  const groups = [...new Set(samples.map((s) => s.group))].sort()
  // Attack groups and benign groups are dealt separately, so every fold holds out some of each.
  const rand = mulberry32(seed)
  const fold = new Map()
  for (const label of [1, 0]) {
    const gs = shuffle(groups.filter((g) => samples.find((s) => s.group === g).label === label), rand)
    gs.forEach((g, i) => fold.set(g, i % k))
  }
  return Array.from({length: k}, (_, i) => ({test: samples.filter((s) => fold.get(s.group) === i), train: samples.filter((s) => fold.get(s.group) !== i)}))
}

function leaveOneSourceOut() {
  const sources = [...new Set(samples.map((s) => s.source))].sort()
  return sources.map((src) => ({src, test: samples.filter((s) => s.source === src), train: samples.filter((s) => s.source !== src)}))
}

/**
 * Thresholds chosen without looking at the held-out part: an inner grouped k-fold on the training part
 * only. Standalone: above every inner held-out benign text the rules leave below medium. Upgrade: above
 * every inner held-out benign text with a semantic finding at medium. Both plus a margin.
 */
const MARGIN = 0.05
function nestedThresholds(trainSet, seed) {
  const inner = heldOutOf(trainSet, groupedFoldsOf(trainSet, FOLDS, seed))
  const ben = inner.filter((x) => x.s.label === 0)
  const max = (xs) => xs.reduce((m, x) => Math.max(m, x.p), 0)
  return {standalone: Math.min(0.99, max(ben.filter((x) => x.rules < MED)) + MARGIN), upgrade: Math.min(0.99, max(ben.filter((x) => x.sem === MED)) + MARGIN)}
}
function heldOutOf(set, splits) {
  const preds = []
  for (const {test, train: tr} of splits) {
    const model = train(tr)
    for (const s of test) for (const mode of s.modes) preds.push({s, mode, p: score(model, s, mode), rules: s.rules[mode], sem: s.sem[mode]})
  }
  return preds
}
function groupedFoldsOf(set, k, seed) {
  const groups = [...new Set(set.map((s) => s.group))].sort()
  const rand = mulberry32(seed)
  const fold = new Map()
  for (const label of [1, 0]) {
    const gs = shuffle(groups.filter((g) => set.find((s) => s.group === g).label === label), rand)
    gs.forEach((g, i) => fold.set(g, i % k))
  }
  return Array.from({length: k}, (_, i) => ({test: set.filter((s) => fold.get(s.group) === i), train: set.filter((s) => fold.get(s.group) !== i)}))
}
/** Outer split, thresholds from the inner one: what would have shipped, scored on what it never saw. */
function nested(splits, seed) {
  const rows = []
  for (const sp of splits) {
    const t = nestedThresholds(sp.train, seed)
    const model = train(sp.train)
    for (const s of sp.test) for (const mode of s.modes) rows.push({s, mode, p: score(model, s, mode), rules: s.rules[mode], sem: s.sem[mode], t, split: sp.src ?? ''})
  }
  return rows
}
function nestedReport(rows, title) {
  const out = [`### ${title}`, '']
  const thr = [...new Set(rows.map((x) => `${x.split}: standalone ${x.t.standalone.toFixed(2)}, upgrade ${x.t.upgrade.toFixed(2)}`))]
  out.push('Thresholds chosen per outer split (inner grouped k-fold on its training part): ' + thr.join('; '), '')
  out.push('| source | label | n | rules ≥high | rules ≥medium | rules+clf ≥high (upgrade) | rules+clf ≥medium (standalone) | missed by rules ≥medium, caught | medium-only, raised to high |')
  out.push('|---|---|---|---|---|---|---|---|---|')
  const line = (name, label, ps) => {
    const n = ps.length
    const up = (x) => x.rules >= HIGH || (x.sem === MED && x.p >= x.t.upgrade)
    const st = (x) => x.rules >= MED || x.p >= x.t.standalone
    const missed = ps.filter((x) => x.rules < MED)
    const medOnly = ps.filter((x) => x.rules === MED)
    out.push(`| ${name} | ${label} | ${n} | ${pct(ps.filter((x) => x.rules >= HIGH).length, n)} | ${pct(ps.filter((x) => x.rules >= MED).length, n)} | ${pct(ps.filter(up).length, n)} | ${pct(ps.filter(st).length, n)} | ${pct(missed.filter((x) => x.p >= x.t.standalone).length, missed.length)} | ${pct(medOnly.filter((x) => x.sem === MED && x.p >= x.t.upgrade).length, medOnly.length)} |`)
  }
  for (const label of [1, 0]) {
    const srcs = [...new Set(rows.filter((x) => x.s.label === label).map((x) => x.s.source))].sort()
    for (const src of srcs) line(src, label ? 'attack' : 'benign', rows.filter((x) => x.s.label === label && x.s.source === src))
    line(`**all ${label ? 'attacks' : 'benign'}**`, '', rows.filter((x) => x.s.label === label))
  }
  return out.join('\n') + '\n'
}

const pct = (k, n) => (n === 0 ? '–' : `${k}/${n} (${((100 * k) / n).toFixed(1)}%)`)

function table(preds, title, by) {
  const lines = [`### ${title}`, '']
  lines.push(`| ${by} | label | n (sample×mode) | rules ≥high | rules ≥medium | ${THRESHOLDS.map((t) => `clf≥${t}`).join(' | ')} | rules ≥medium OR clf≥${SHIP_THRESHOLD} | missed by rules ≥medium, caught by clf≥${SHIP_THRESHOLD} |`)
  lines.push(`|${'---|'.repeat(7 + THRESHOLDS.length)}`)
  const keys = [...new Set(preds.map((x) => `${x.s.label}\u0000${x.s[by]}`))].sort()
  for (const k of keys) {
    const [label, key] = k.split('\u0000')
    const ps = preds.filter((x) => String(x.s.label) === label && x.s[by] === key)
    const n = ps.length
    const rh = ps.filter((x) => x.rules >= HIGH).length
    const rm = ps.filter((x) => x.rules >= MED).length
    const clf = THRESHOLDS.map((t) => pct(ps.filter((x) => x.p >= t).length, n))
    const comb = ps.filter((x) => x.rules >= MED || x.p >= SHIP_THRESHOLD).length
    const missed = ps.filter((x) => x.rules < MED)
    const rescued = missed.filter((x) => x.p >= SHIP_THRESHOLD).length
    lines.push(`| ${key} | ${label === '1' ? 'attack' : 'benign'} | ${n} | ${pct(rh, n)} | ${pct(rm, n)} | ${clf.join(' | ')} | ${pct(comb, n)} | ${pct(rescued, missed.length)} |`)
  }
  const tot = (label) => {
    const ps = preds.filter((x) => x.s.label === label)
    const missed = ps.filter((x) => x.rules < MED)
    return `| **all ${label ? 'attacks' : 'benign'}** | | ${ps.length} | ${pct(ps.filter((x) => x.rules >= HIGH).length, ps.length)} | ${pct(ps.filter((x) => x.rules >= MED).length, ps.length)} | ${THRESHOLDS.map((t) => pct(ps.filter((x) => x.p >= t).length, ps.length)).join(' | ')} | ${pct(ps.filter((x) => x.rules >= MED || x.p >= SHIP_THRESHOLD).length, ps.length)} | ${pct(missed.filter((x) => x.p >= SHIP_THRESHOLD).length, missed.length)} |`
  }
  lines.push(tot(1), tot(0), '')
  return lines.join('\n')
}

const counts = {}
for (const s of samples) counts[`${s.source} ${s.label ? 'attack' : 'benign'}`] = (counts[`${s.source} ${s.label ? 'attack' : 'benign'}`] ?? 0) + 1

if (args.includes('--eval')) {
  console.log(`data: ${samples.length} samples; ${JSON.stringify(counts)}; signals ${SIGNALS}; hash ${HASH_SIZE}; l2 ${L2}; epochs ${EPOCHS}; seed ${SEED}\n`)
  const kfold = heldOut(groupedFolds(FOLDS, SEED))
  console.log(table(kfold, `Grouped ${FOLDS}-fold cross-validation (groups = attack class / benign kind), seed ${SEED}`, 'source'))
  console.log(table(kfold, `Grouped ${FOLDS}-fold, per group`, 'group'))
  const loso = heldOut(leaveOneSourceOut())
  console.log(table(loso, 'Leave one source out (the model never saw any text of the source it is scored on)', 'source'))
  const fps = [...kfold, ...loso].filter((x) => x.s.label === 0 && x.p >= SHIP_THRESHOLD && x.rules < MED)
  console.log(`Held-out benign flagged by clf≥${SHIP_THRESHOLD} and not by rules ≥medium (k-fold + LOSO):`)
  for (const x of fps) console.log(`  [${x.s.source} ${x.mode} p=${x.p.toFixed(3)}] ${JSON.stringify(x.s.text.slice(0, 160))}`)
  const resc = loso.filter((x) => x.s.label === 1 && x.p >= SHIP_THRESHOLD && x.rules < MED)
  console.log(`\nLOSO attacks missed by rules ≥medium, caught by clf≥${SHIP_THRESHOLD}: ${resc.length}`)
  for (const x of resc) console.log(`  [${x.s.group} ${x.mode} p=${x.p.toFixed(3)}] ${JSON.stringify(x.s.text.slice(0, 120))}`)
  const nk = nested(groupedFolds(FOLDS, SEED).map((sp, i) => ({...sp, src: `fold ${i + 1}`})), SEED + 1)
  console.log(nestedReport(nk, `Nested: grouped ${FOLDS}-fold, thresholds from an inner grouped ${FOLDS}-fold`))
  const nl = nested(leaveOneSourceOut(), SEED + 1)
  console.log(nestedReport(nl, `Nested: leave one source out, thresholds from an inner grouped ${FOLDS}-fold`))
  for (const x of [...nk, ...nl].filter((x) => x.s.label === 0 && ((x.rules < MED && x.p >= x.t.standalone) || (x.sem === MED && x.p >= x.t.upgrade)))) console.log(`  nested benign flagged: [${x.s.source} ${x.mode} p=${x.p.toFixed(3)} rules=${x.rules}] ${JSON.stringify(x.s.text.slice(0, 140))}`)
  const json = opt('--json')
  if (json) writeFileSync(json, JSON.stringify({kfold: kfold.map((x) => ({group: x.s.group, source: x.s.source, label: x.s.label, mode: x.mode, p: x.p, rules: x.rules})), loso: loso.map((x) => ({group: x.s.group, source: x.s.source, label: x.s.label, mode: x.mode, p: x.p, rules: x.rules}))}))
}

const trainedModel = () => {
  const model = train(samples)
  model.meta = {trainedOn: counts, seed: SEED, l2: L2, epochs: EPOCHS, signals: SIGNALS}
  return model
}

if (opt('--write')) {
  const out = path.resolve(opt('--write'))
  const json = JSON.stringify(trainedModel()) + '\n'
  writeFileSync(out, json)
  console.log(`wrote ${out} (${(json.length / 1024).toFixed(1)} KB)`)
}

if (args.includes('--transforms')) {
  // The model reads analyze()'s views, so hiding the text should not move its score. Trained on all
  // data (this checks the featurizer, not generalisation).
  const model = trainedModel()
  const {TRANSFORMS} = await dist('eval/index.js')
  const ht = await import('./hidden-transforms.mjs')
  const extra = [
    ['vs-bytes', ht.variationSelectors],
    ['zero-width-split', ht.zeroWidthSplit],
    ['bidi-isolate', ht.bidiIsolate],
    ['ansi-rewrite', (t) => ht.ansiRewrite(t)],
    ['tags-only', ht.tags],
  ]
  const all = [...TRANSFORMS.map((t) => [t.id, t.apply]), ...extra]
  const attacks = samples.filter((s) => s.label === 1 && s.modes.includes('description') && s.modes.includes('result'))
  console.log(`| transform | n | mean p (description) | mean |Δp| vs plain | flips at p≥${SHIP_THRESHOLD} |`)
  console.log('|---|---|---|---|---|')
  const plain = attacks.map((s) => classify(model, s.text, 'metadata'))
  for (const [id, apply] of all) {
    const ps = attacks.map((s) => classify(model, apply(s.text), 'metadata'))
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length
    const delta = ps.reduce((a, p, i) => a + Math.abs(p - plain[i]), 0) / ps.length
    const flips = ps.filter((p, i) => p >= SHIP_THRESHOLD !== plain[i] >= SHIP_THRESHOLD).length
    console.log(`| ${id} | ${ps.length} | ${mean.toFixed(3)} | ${delta.toFixed(3)} | ${flips} |`)
  }
}

if (args.includes('--bench')) {
  // Cost per KB of scoring, apart from analyze() and the signals (which every semantic rule already
  // computes and caches): the README paragraphs joined into one 256 KB text, scored in fresh chunks.
  const model = trainedModel()
  const text = samples.filter((s) => s.source === 'readmes').map((s) => s.text).join('\n\n')
  const chunks = []
  for (let i = 0; i < 64; i++) chunks.push(`[${i}] ` + text.slice((i * 4096) % Math.max(1, text.length - 4096), ((i * 4096) % Math.max(1, text.length - 4096)) + 4096))
  const {analyze} = await dist('text/analyze.js')
  const {textEvidence} = await dist('text/signals.js')
  const t0 = performance.now()
  for (const c of chunks) textEvidence(c, 'content'), analyze(c)
  const t1 = performance.now()
  for (const c of chunks) classify(model, c, 'content')
  const t2 = performance.now()
  const kb = chunks.reduce((a, c) => a + c.length, 0) / 1024
  console.log(`${kb.toFixed(0)} KB: analyze + signals (shared, cached) ${((t1 - t0) / kb).toFixed(3)} ms/KB; classifier on top ${((t2 - t1) / kb).toFixed(3)} ms/KB`)
}
