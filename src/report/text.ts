// `--format text`: compact `file:line:col: severity: message [rule]` lines, the evidence under it,
// and a summary. Colour only on a TTY without NO_COLOR (the caller decides and passes `color`).

import {Chalk} from 'chalk'
import type {Finding} from '../core/finding.js'
import type {Severity} from '../core/severity.js'
import {active, summarize, summaryLine, type ReportInput} from './result.js'

export function renderText(input: ReportInput, opts: {color: boolean}): string {
  const c = new Chalk({level: opts.color ? 1 : 0})
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold.red(s),
    high: (s) => c.red(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  }
  const lines: string[] = []
  for (const f of active(input.findings)) {
    const where = `${f.location.file}:${f.location.line}:${f.location.column}`
    const what = subject(f)
    lines.push(`${c.bold(where)}: ${paint[f.severity](f.severity)}: ${what}${f.message} ${c.gray(`[${f.ruleId}]`)}`)
    if (f.evidence) lines.push(c.gray(`    ${f.evidence}`))
  }
  const s = summarize(input.findings)
  const files = input.inputs.length
  lines.push(`${lines.length > 0 ? '\n' : ''}${c.bold(summaryLine(s))} in ${files} file${files === 1 ? '' : 's'}`)
  return lines.join('\n') + '\n'
}

function subject(f: Finding): string {
  const {server, kind, name} = f.location
  if (!server && !name) return ''
  if (kind === 'server' || kind === 'config' || !name) return server ? `${server}: ` : ''
  return `${server ? server + ' ' : ''}${kind} ${name}: `
}
