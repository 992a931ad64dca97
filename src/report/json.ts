// `--format json`: the DESIGN.md findings document. Suppressed findings are listed with their reason.
// `summary.maxSeverity` (the worst unsuppressed severity, or "none") saves CI scripts from ranking
// severities themselves.
import {toJsonFinding} from '../core/finding.js'
import {maxSeverity} from '../core/severity.js'
import {TOOL} from '../core/version.js'
import {active, summarize, type ReportInput} from './result.js'

export function renderJson(input: ReportInput): string {
  const doc: Record<string, unknown> = {
    version: 1,
    tool: TOOL,
    findings: input.findings.map(toJsonFinding),
    ...input.extra,
    summary: {...summarize(input.findings), maxSeverity: maxSeverity(active(input.findings).map((f) => f.severity)) ?? 'none', ...input.extraSummary},
  }
  return JSON.stringify(doc, null, 2) + '\n'
}
