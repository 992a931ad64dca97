// `diff OLD NEW`: classify the change between two locks, let the drift rules judge it (the same rules
// `check` runs), and render it for a reviewer. No policy applies here: `diff` is a view of a change,
// `check` is the gate that policies tune.

import type {Finding} from '../core/finding.js'
import type {LoadedLock} from '../lock/read.js'
import {renderJson} from '../report/json.js'
import {renderMarkdown} from '../report/markdown.js'
import {codeSpan} from '../report/md-escape.js'
import {summarize, summaryLine, type ReportInput} from '../report/result.js'
import {runRules} from '../rules/engine.js'
import {RULES} from '../rules/registry.js'
import {diffLocks} from './diff.js'
import {driftViews, lockLocator} from './drift.js'
import {diffJson, renderDiffMarkdown, renderDiffText} from './render.js'
import type {LockDiff} from './types.js'

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const
export type DiffFormat = (typeof DIFF_FORMATS)[number]

export const DRIFT_RULES = RULES.filter((r) => r.drift)

export interface DiffResult {
  old: string
  new: string
  diff: LockDiff
  findings: Finding[]
}

export function diffLockFiles(a: LoadedLock, b: LoadedLock): DiffResult {
  const diff = diffLocks(a.lock, b.lock)
  const drifts = driftViews(diff, lockLocator({file: b.file, doc: b.doc}))
  const findings = runRules({servers: [], configs: [], texts: [], drifts}, DRIFT_RULES)
  return {old: a.file, new: b.file, diff, findings}
}

export function diffReportInput(r: DiffResult): ReportInput {
  return {
    findings: r.findings,
    rules: DRIFT_RULES,
    inputs: [r.old, r.new],
    extra: {old: r.old, new: r.new, identical: r.diff.servers.length === 0, servers: diffJson(r.diff)},
    extraSummary: {serversChanged: r.diff.servers.length},
  }
}

export function renderDiffReport(r: DiffResult, format: DiffFormat, opts: {color: boolean}): string {
  switch (format) {
    case 'json':
      return renderJson(diffReportInput(r))
    case 'markdown':
      return renderMarkdown({...diffReportInput(r), markdownAppendix: renderDiffMarkdown(r.diff, `### Changes from ${codeSpan(r.old, {inTable: false})} to ${codeSpan(r.new, {inTable: false})}`)})
    case 'text': {
      const body = renderDiffText(r.diff, opts)
      const n = r.diff.servers.length
      const tail = n === 0 ? 'no changes' : `${n} server${n === 1 ? '' : 's'} changed; ${summaryLine(summarize(r.findings))}`
      return body + (body ? '\n' : '') + tail + '\n'
    }
  }
}
