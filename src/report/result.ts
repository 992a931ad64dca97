// What a command hands to the reporters: findings (suppressed ones included, marked), the rules that
// ran (for SARIF descriptors), and optional extras (replay decisions, drift details).

import type {Finding} from '../core/finding.js'
import {reaches, SEVERITIES, type FailOn, type Severity} from '../core/severity.js'
import type {Rule} from '../rules/types.js'

export interface Summary extends Record<Severity, number> {
  suppressed: number
}

export interface ReportInput {
  findings: Finding[]
  rules: readonly Rule[]
  /** Files that were read, for the text summary and SARIF artifacts. */
  inputs: string[]
  /** Extra top-level JSON fields (e.g. replay `decisions`) and summary counters. */
  extra?: Record<string, unknown>
  extraSummary?: Record<string, number>
  /** Markdown section placed after the findings (e.g. a drift diff). */
  markdownAppendix?: string
  /** Markdown bullets that open the report's "What to do" section (e.g. how to accept drift). */
  markdownActions?: string[]
  /** Plain-text lines placed after the text summary (e.g. replay's decision counts). */
  textAppendix?: string
}

export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed)
}

export function summarize(findings: Finding[]): Summary {
  const s = {critical: 0, high: 0, medium: 0, low: 0, info: 0, suppressed: 0} as Summary
  for (const f of findings) {
    if (f.suppressed) s.suppressed++
    else s[f.severity]++
  }
  return s
}

export function failing(findings: Finding[], failOn: FailOn): Finding[] {
  return active(findings).filter((f) => reaches(f.severity, failOn))
}

export function summaryLine(s: Summary): string {
  const parts = SEVERITIES.filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`)
  if (s.suppressed > 0) parts.push(`${s.suppressed} suppressed`)
  return parts.length > 0 ? parts.join(', ') : 'no findings'
}

/** How people read a location's file: standard input is `<stdin>` rather than `-`. */
export function displayFile(file: string): string {
  return file === '-' ? '<stdin>' : file
}
