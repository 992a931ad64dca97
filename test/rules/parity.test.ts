// Parity is a test, not a discipline (STYLE.md): every rule in the registry has valid meta, a docs
// page with the agreed sections whose table matches the meta, and fixtures that prove it fires on a
// bad input and stays quiet on a good one. Failures name the rule and what is missing.
//
// Fixtures live in fixtures/rules/<id>/; each entry whose name starts with `bad` or `good` is run
// the way a user would meet it:
//   bad*.json|yaml|yml|toml|lock   `scan FILE` (in-process)
//   bad*.txt                       `scan --text FILE` (in-process)
//   bad*.old.lock + bad*.new.lock  `diff OLD NEW --format json` (CLI)
//   bad*.jsonl                     `replay FILE --format json --fail-on none` (CLI, cwd = the rule's folder)
//   bad*/ (policy-step rules)      `scan` in that folder, with its mcp-warden.yaml (in-process)
//   bad*/ (any other rule)         `check --no-probe --format json --fail-on none` in that folder (CLI)
// A bad fixture must produce the rule; a good one must not.

import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {CATEGORIES, OWASP} from '../../src/core/finding.js'
import {CONFIDENCES, SEVERITIES} from '../../src/core/severity.js'
import {loadPolicy, type LoadedPolicy} from '../../src/policy/load.js'
import {RULES} from '../../src/rules/registry.js'
import type {Rule} from '../../src/rules/types.js'
import {scanPaths} from '../../src/scan/scan.js'
import {ROOT, runCli} from '../helpers/cli.js'

const CATALOG = path.join(ROOT, 'src/rules/catalog')
const DOCS = path.join(ROOT, 'docs/rules')
const FIXTURES = path.join(ROOT, 'fixtures/rules')
const SECTIONS = ['## What it finds', '## Why it matters', '## Examples', '## Known false positives', '## How to fix', '## Suppress']
const TABLE_KEYS = ['category', 'severity', 'confidence', 'owasp', 'cwe'] as const
/** Rules reported by the policy step (src/policy/apply.ts) rather than by a visitor. */
const POLICY_STEP = new Set(['suppression-expired', 'suppression-unused'])
const NO_POLICY: LoadedPolicy = {policy: {}, locate: () => ({line: 1, column: 1})}
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/
const OWASP_IDS = new Set<string>(Object.values(OWASP))

const catalogFiles = readdirSync(CATALOG).filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.d.ts'))

/** The documentation table as key → value (either one row per key, or one header row and one value row). */
function docTable(md: string): Map<string, string> {
  const rows = md
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    )
    .filter((cells) => !cells.every((c) => /^:?-{3,}:?$/.test(c) || c === ''))
  const out = new Map<string, string>()
  for (const cells of rows) if (cells.length >= 2) out.set(cells[0].toLowerCase(), cells.slice(1).join(' | '))
  const header = rows.findIndex((cells) => TABLE_KEYS.every((k) => cells.some((c) => c.toLowerCase() === k)))
  if (header >= 0 && rows[header + 1]) rows[header].forEach((c, i) => out.set(c.toLowerCase(), rows[header + 1][i] ?? ''))
  return out
}

function docProblems(rule: Rule): string[] {
  const m = rule.meta
  const file = path.join(DOCS, `${m.id}.md`)
  const rel = path.relative(ROOT, file)
  if (!existsSync(file)) return [`${m.id}: no docs page ${rel}`]
  const md = readFileSync(file, 'utf8')
  const out: string[] = []
  if (md.split('\n')[0].trim() !== `# ${m.id}`) out.push(`${m.id}: ${rel} must start with the line "# ${m.id}"`)
  const lines = md.split('\n').map((l) => l.trim())
  for (const s of SECTIONS) if (!lines.includes(s)) out.push(`${m.id}: ${rel} has no "${s}" section`)
  const positions = SECTIONS.map((s) => lines.indexOf(s)).filter((i) => i >= 0)
  if (positions.some((p, i) => i > 0 && p < positions[i - 1])) out.push(`${m.id}: ${rel} sections are out of order; expected ${SECTIONS.join(', ')}`)
  const table = docTable(md)
  for (const k of TABLE_KEYS) if (!table.has(k)) out.push(`${m.id}: ${rel} table has no "${k}" row`)
  const has = (k: string, v: string) => (table.get(k) ?? '').toLowerCase().includes(v.toLowerCase())
  if (table.has('category') && !has('category', m.category)) out.push(`${m.id}: ${rel} says category "${table.get('category')}", the rule says "${m.category}"`)
  if (table.has('severity') && !has('severity', m.severity)) out.push(`${m.id}: ${rel} says severity "${table.get('severity')}", the rule says "${m.severity}"`)
  if (table.has('confidence') && !has('confidence', m.confidence)) out.push(`${m.id}: ${rel} says confidence "${table.get('confidence')}", the rule says "${m.confidence}"`)
  for (const o of m.owasp) if (table.has('owasp') && !has('owasp', o)) out.push(`${m.id}: ${rel} OWASP row does not list ${o}`)
  for (const c of m.cwe) if (table.has('cwe') && !new RegExp(`\\bCWE-${c}\\b`).test(table.get('cwe') ?? '')) out.push(`${m.id}: ${rel} CWE row does not list CWE-${c}`)
  if (m.cwe.length === 0 && table.has('cwe') && /CWE-\d/.test(table.get('cwe') ?? '')) out.push(`${m.id}: ${rel} lists a CWE the rule does not declare`)
  return out
}

function metaProblems(rule: Rule): string[] {
  const m = rule.meta
  const out: string[] = []
  if (!KEBAB.test(m.id)) out.push(`${m.id}: id is not kebab-case`)
  if (!catalogFiles.includes(`${m.id}.ts`)) out.push(`${m.id}: no file src/rules/catalog/${m.id}.ts (the id must equal the file name)`)
  if (!m.summary) out.push(`${m.id}: empty summary`)
  else {
    if (/^[A-Z]/.test(m.summary)) out.push(`${m.id}: summary must start in lower case: "${m.summary}"`)
    if (/\.\s*$/.test(m.summary)) out.push(`${m.id}: summary must not end with a period: "${m.summary}"`)
  }
  if (!m.description?.trim()) out.push(`${m.id}: empty description`)
  if (!m.remediation?.trim()) out.push(`${m.id}: empty remediation`)
  if (!(CATEGORIES as readonly string[]).includes(m.category)) out.push(`${m.id}: unknown category "${m.category}"`)
  if (!(SEVERITIES as readonly string[]).includes(m.severity)) out.push(`${m.id}: unknown severity "${m.severity}"`)
  if (!(CONFIDENCES as readonly string[]).includes(m.confidence)) out.push(`${m.id}: unknown confidence "${m.confidence}"`)
  if (!Array.isArray(m.owasp) || m.owasp.length === 0) out.push(`${m.id}: no OWASP MCP Top 10 id`)
  for (const o of m.owasp ?? []) if (!OWASP_IDS.has(o)) out.push(`${m.id}: "${o}" is not an OWASP MCP Top 10 id (MCP01:2025 ... MCP10:2025)`)
  for (const c of m.cwe ?? []) if (!Number.isInteger(c) || c <= 0) out.push(`${m.id}: CWE "${c}" is not a positive integer`)
  return out
}

interface Case {
  name: string
  expect: 'bad' | 'good'
  run: () => string[]
}

/** Rule ids in a CLI's JSON output, or an error that says what the command printed instead. */
function cliRuleIds(id: string, args: string[], cwd: string): string[] {
  const r = runCli(args, {cwd, timeout: 120_000})
  try {
    return (JSON.parse(r.stdout).findings as Array<{ruleId: string}>).map((f) => f.ruleId)
  } catch {
    throw new Error(`${id}: \`mcp-warden ${args.join(' ')}\` in ${path.relative(ROOT, cwd) || '.'} printed no findings JSON (exit ${r.code})\n${r.stderr.trim()}`)
  }
}

function casesFor(rule: Rule): {cases: Case[]; problems: string[]} {
  const id = rule.meta.id
  const dir = path.join(FIXTURES, id)
  const rel = path.relative(ROOT, dir)
  if (!existsSync(dir)) return {cases: [], problems: [`${id}: no fixture folder ${rel}/ (add a bad* and a good* fixture)`]}
  const entries = readdirSync(dir).filter((e) => /^(bad|good)/.test(e)).sort()
  const problems: string[] = []
  if (!entries.some((e) => e.startsWith('bad'))) problems.push(`${id}: ${rel}/ has no bad* fixture`)
  if (!entries.some((e) => e.startsWith('good'))) problems.push(`${id}: ${rel}/ has no good* fixture`)
  const ids = (findings: Array<{ruleId: string}>) => findings.map((f) => f.ruleId)
  const cases: Case[] = []
  for (const e of entries) {
    const full = path.join(dir, e)
    const kind = e.startsWith('bad') ? 'bad' : 'good'
    if (statSync(full).isDirectory()) {
      if (POLICY_STEP.has(id)) {
        cases.push({name: `${e}/ (scan with its policy)`, expect: kind, run: () => ids(scanPaths([full], loadPolicy(path.join(full, 'mcp-warden.yaml'))).findings)})
      } else {
        cases.push({name: `${e}/ (check --no-probe)`, expect: kind, run: () => cliRuleIds(id, ['check', '--no-probe', '--format', 'json', '--fail-on', 'none'], full)})
      }
    } else if (e.endsWith('.new.lock')) {
      continue
    } else if (e.endsWith('.old.lock')) {
      const next = full.replace(/\.old\.lock$/, '.new.lock')
      if (!existsSync(next)) problems.push(`${id}: ${rel}/${e} has no partner ${path.basename(next)}`)
      else cases.push({name: `${e} → ${path.basename(next)} (diff)`, expect: kind, run: () => cliRuleIds(id, ['diff', full, next, '--format', 'json'], ROOT)})
    } else if (e.endsWith('.jsonl')) {
      cases.push({name: `${e} (replay)`, expect: kind, run: () => cliRuleIds(id, ['replay', e, '--format', 'json', '--fail-on', 'none'], dir)})
    } else if (e.endsWith('.txt')) {
      cases.push({name: `${e} (scan --text)`, expect: kind, run: () => ids(scanPaths([], NO_POLICY, {file: full, text: readFileSync(full, 'utf8')}).findings)})
    } else if (/\.(json|jsonc|ya?ml|toml|lock)$/.test(e)) {
      cases.push({name: `${e} (scan)`, expect: kind, run: () => ids(scanPaths([full], NO_POLICY).findings)})
    } else {
      problems.push(`${id}: ${rel}/${e}: no way to run this fixture (expected .json, .yaml, .toml, .lock, .txt, .jsonl, a .old.lock/.new.lock pair, or a folder)`)
    }
  }
  return {cases, problems}
}

describe('rule parity', () => {
  it('the registry holds exactly the rules in src/rules/catalog/', async () => {
    const fromFiles: string[] = []
    for (const f of catalogFiles) {
      const mod = (await import(pathToFileURL(path.join(CATALOG, f)).href)) as {default?: Rule}
      if (!mod.default?.meta) throw new Error(`src/rules/catalog/${f} has no default export made with defineRule`)
      if (mod.default.meta.id !== f.replace(/\.ts$/, '')) throw new Error(`src/rules/catalog/${f} declares id "${mod.default.meta.id}": the id must equal the file name`)
      fromFiles.push(mod.default.meta.id)
    }
    expect(RULES.map((r) => r.meta.id), 'the generated rule index is stale: run `npm run build`').toEqual(fromFiles.sort())
  })

  it('every docs page and fixture folder belongs to a rule', () => {
    const known = new Set(RULES.map((r) => r.meta.id))
    const orphanDocs = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md') && !known.has(f.replace(/\.md$/, ''))) : []
    const orphanFixtures = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((d) => !known.has(d)) : []
    expect(orphanDocs.map((f) => `docs/rules/${f}: no rule with this id`)).toEqual([])
    expect(orphanFixtures.map((d) => `fixtures/rules/${d}/: no rule with this id`)).toEqual([])
  })

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (_id, rule) => {
    it('has valid meta', () => {
      expect(metaProblems(rule)).toEqual([])
    })

    it('has a docs page with the agreed sections, matching its meta', () => {
      expect(docProblems(rule)).toEqual([])
    })

    it('fires on its bad fixtures and stays quiet on its good ones', () => {
      const {cases, problems} = casesFor(rule)
      for (const c of cases) {
        const found = c.run()
        if (c.expect === 'bad' && !found.includes(rule.meta.id)) problems.push(`${rule.meta.id}: bad fixture ${c.name} does not produce the rule (found: ${[...new Set(found)].join(', ') || 'nothing'})`)
        if (c.expect === 'good' && found.includes(rule.meta.id)) problems.push(`${rule.meta.id}: good fixture ${c.name} produces the rule`)
      }
      expect(problems).toEqual([])
    })
  })
})
