// `--format json`: the DESIGN.md findings document. Suppressed findings are listed with their reason.
import {toJsonFinding} from '../core/finding.js'
import {TOOL} from '../core/version.js'
import {summarize, type ReportInput} from './result.js'

export function renderJson(input: ReportInput): string {
  const doc: Record<string, unknown> = {
    version: 1,
    tool: TOOL,
    findings: input.findings.map(toJsonFinding),
    ...input.extra,
    summary: {...summarize(input.findings), ...input.extraSummary},
  }
  return JSON.stringify(doc, null, 2) + '\n'
}
