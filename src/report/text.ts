// `--format text`: compact `file:line:col: severity: message [rule]` lines (the form editors and
// terminals link), the evidence under each, and a summary. Colour only when the caller says so
// (a TTY without NO_COLOR, see cli/output.ts). Input-derived text is escaped: a finding about a
// terminal escape sequence must not run it in the reader's terminal.

import {Chalk} from 'chalk'
import type {Finding} from '../core/finding.js'
import type {Severity} from '../core/severity.js'
import {escapeUnsafe} from '../text/escape.js'
import {active, displayFile, summarize, summaryLine, type ReportInput} from './result.js'

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
    const where = `${escapeUnsafe(displayFile(f.location.file))}:${f.location.line}:${f.location.column}`
    lines.push(`${c.bold(where)}: ${paint[f.severity](f.severity)}: ${subject(f)}${oneLine(f.message)} ${c.gray(`[${f.ruleId}]`)}`)
    if (f.evidence) lines.push(c.gray(`    ${oneLine(f.evidence)}`))
  }
  const s = summarize(input.findings)
  const files = input.inputs.length
  lines.push(`${lines.length > 0 ? '\n' : ''}${c.bold(summaryLine(s))} in ${files} file${files === 1 ? '' : 's'}`)
  if (input.textAppendix) lines.push(input.textAppendix)
  return lines.join('\n') + '\n'
}

function oneLine(text: string): string {
  return escapeUnsafe(text).replace(/\r\n?|\n/g, ' ')
}

function subject(f: Finding): string {
  const {server, kind, name} = f.location
  if (!server && !name) return ''
  if (kind === 'server' || kind === 'config' || !name) return server ? `${oneLine(server)}: ` : ''
  return `${server ? oneLine(server) + ' ' : ''}${kind} ${oneLine(name)}: `
}
