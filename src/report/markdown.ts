// `--format markdown`: for a PR comment or a job summary. A count table, then findings by severity.
import {escapeUnsafe} from '../text/escape.js'
import {active, summarize, type ReportInput} from './result.js'
import {SEVERITIES} from '../core/severity.js'

const cell = (s: string) => escapeUnsafe(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

export function renderMarkdown(input: ReportInput): string {
  const s = summarize(input.findings)
  const out: string[] = ['## mcp-warden', '']
  out.push('| ' + SEVERITIES.join(' | ') + ' | suppressed |', '|' + ' ---: |'.repeat(SEVERITIES.length + 1))
  out.push('| ' + SEVERITIES.map((k) => String(s[k])).join(' | ') + ` | ${s.suppressed} |`, '')
  const list = active(input.findings)
  if (list.length === 0) out.push('No findings.')
  else {
    out.push('| severity | where | rule | finding |', '| --- | --- | --- | --- |')
    for (const f of list) {
      const where = `\`${cell(f.location.file)}:${f.location.line}\`` + (f.location.name ? ` ${cell(f.location.server ?? '')} ${f.location.kind} \`${cell(f.location.name)}\`` : '')
      out.push(`| ${f.severity} | ${where} | \`${f.ruleId}\` | ${cell(f.message)}${f.evidence ? `<br>\`${cell(f.evidence).replace(/`/g, "'")}\`` : ''} |`)
    }
  }
  if (input.markdownAppendix) out.push('', input.markdownAppendix)
  return out.join('\n') + '\n'
}
