// The evaluation runner: maps each sample into what mcp-warden really scans (a tool description in a
// manifest, or the text of a tool result as the proxy sees it), runs the real rule engine with every
// rule, and counts what reaches `--fail-on high` and `--fail-on medium`.

import type {Finding} from '../core/finding.js'
import {severityRank, type Severity} from '../core/severity.js'
import {loadScope} from '../inputs/load.js'
import {serverView} from '../inputs/views.js'
import {emptyManifest} from '../model/manifest.js'
import {runRules, runTextRules} from '../rules/engine.js'
import {RULES} from '../rules/registry.js'
import type {Rule} from '../rules/types.js'
import type {Scope, TextField} from '../rules/scope.js'
import {MARKERLESS, type EvalData, type Label} from './corpus.js'
import {TRANSFORMS, type Transform} from './transforms.js'

/** The semantic detectors (src/text/signals.ts); reported apart from the hidden-character rules. */
export const SEMANTIC_RULES = new Set([
  'instruction-block',
  'prompt-override',
  'secrecy-toward-user',
  'coercive-instruction',
  'sensitive-file-access',
  'data-harvesting-parameter',
  'exfiltration-channel',
  'cross-tool-instruction',
])

export type Mode = 'description' | 'result'

/** One measured cell: how many samples, how many reached each threshold (all rules; semantic only). */
export interface Cell {
  n: number
  high: number
  medium: number
  semHigh: number
  semMedium: number
}

export interface Row {
  set: string
  cls: string
  label: Label
  mode: Mode | 'manifest'
  transform: string
  markerless: boolean
  cell: Cell
  /** Rule ids that fired at high or above, with counts (explains a false positive at a glance). */
  rules: Record<string, number>
  /** Rule ids that fired at medium (and not higher), with counts. */
  mediumRules: Record<string, number>
}

export interface EvalResult {
  rows: Row[]
  transforms: readonly Transform[]
}

const emptyCell = (): Cell => ({n: 0, high: 0, medium: 0, semHigh: 0, semMedium: 0})

function worst(findings: Finding[], filter?: (f: Finding) => boolean): Severity | undefined {
  let best: Severity | undefined
  for (const f of findings) {
    if (filter && !filter(f)) continue
    if (!best || severityRank(f.severity) > severityRank(best)) best = f.severity
  }
  return best
}

function count(row: Row, findings: Finding[]): void {
  const {cell, rules, mediumRules} = row
  cell.n++
  const all = worst(findings)
  const sem = worst(findings, (f) => SEMANTIC_RULES.has(f.ruleId))
  if (all && severityRank(all) >= severityRank('high')) cell.high++
  if (all && severityRank(all) >= severityRank('medium')) cell.medium++
  if (sem && severityRank(sem) >= severityRank('high')) cell.semHigh++
  if (sem && severityRank(sem) >= severityRank('medium')) cell.semMedium++
  for (const id of new Set(findings.filter((f) => severityRank(f.severity) >= severityRank('high')).map((f) => f.ruleId))) rules[id] = (rules[id] ?? 0) + 1
  for (const id of new Set(findings.filter((f) => f.severity === 'medium').map((f) => f.ruleId))) mediumRules[id] = (mediumRules[id] ?? 0) + 1
}

/** A text as the description of a one-tool server. */
export function asDescription(text: string, rules: readonly Rule[] = RULES): Finding[] {
  const manifest = {
    ...emptyManifest(),
    serverInfo: {name: 'eval', version: '1.0.0'},
    tools: [{name: 'lookup', description: text, inputSchema: {type: 'object', properties: {query: {type: 'string', description: 'What to look up'}}, required: ['query']}}],
  }
  const scope: Scope = {servers: [serverView('eval', manifest, {file: 'eval.json'}, '', (_k, i) => `/tools/${i}`)], configs: [], texts: []}
  return runRules(scope, rules)
}

/** A text as the result of a tool call, through the engine's runtime path (what `wrap` does). */
export function asResult(text: string, rules: readonly Rule[] = RULES): Finding[] {
  const field: TextField = {text, field: 'content', role: 'content', source: {file: 'eval.jsonl'}, pointer: '/result/content/0/text', kind: 'message', server: 'eval', name: 'lookup'}
  return runTextRules([field], rules)
}

export interface RunOptions {
  transforms?: readonly Transform[]
  rules?: readonly Rule[]
}

export function runEval(data: EvalData, opts: RunOptions = {}): EvalResult {
  const transforms = opts.transforms ?? TRANSFORMS
  const rules = opts.rules ?? RULES
  const rows = new Map<string, Row>()
  const row = (set: string, cls: string, label: Label, mode: Row['mode'], transform: string): Row => {
    const k = [set, cls, mode, transform].join('\u0000')
    let r = rows.get(k)
    if (!r) {
      r = {set, cls, label, mode, transform, markerless: MARKERLESS.has(`${set}/${cls}`), cell: emptyCell(), rules: {}, mediumRules: {}}
      rows.set(k, r)
    }
    return r
  }
  for (const s of data.texts) {
    // Benign texts are measured as published; hiding characters is what attackers do.
    for (const t of s.label === 'malicious' ? transforms : transforms.slice(0, 1)) {
      const text = t.apply(s.text)
      const d = row(s.set, s.cls, s.label, 'description', t.id)
      count(d, asDescription(text, rules))
      const r = row(s.set, s.cls, s.label, 'result', t.id)
      count(r, asResult(text, rules))
    }
  }
  for (const s of data.results) {
    for (const t of s.label === 'malicious' ? transforms : transforms.slice(0, 1)) {
      const r = row(s.set, s.cls, s.label, 'result', t.id)
      count(r, asResult(t.apply(s.text), rules))
    }
  }
  for (const m of data.manifests) {
    const {scope} = loadScope([m.file])
    const findings = runRules(scope, rules)
    const r = row(m.set, m.cls, m.label, 'manifest', 'plain')
    for (const server of scope.servers) {
      for (const item of server.items) {
        if (item.kind !== 'tool') continue
        count(r, findings.filter((f) => f.location.server === server.name && f.location.kind === 'tool' && f.location.name === item.name))
      }
    }
  }
  return {rows: [...rows.values()], transforms}
}

/** Sum the cells of the rows that pass `filter`. */
export function total(rows: readonly Row[], filter: (r: Row) => boolean): Cell {
  const c = emptyCell()
  for (const r of rows) {
    if (!filter(r)) continue
    c.n += r.cell.n
    c.high += r.cell.high
    c.medium += r.cell.medium
    c.semHigh += r.cell.semHigh
    c.semMedium += r.cell.semMedium
  }
  return c
}
