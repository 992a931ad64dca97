// `--format markdown`: a PR comment or job summary. Counts first, then findings grouped by severity,
// worst first. Every piece of input-derived text goes through md-escape.ts: the page is rendered by
// GitHub, where a poisoned description must not inject HTML, break a table or ping anyone.

import type {Finding} from '../core/finding.js'
import {SEVERITIES, type Severity} from '../core/severity.js'
import {docsUrl} from '../rules/registry.js'
import {codeSpan, mdText} from './md-escape.js'
import {active, displayFile, summarize, type ReportInput} from './result.js'

/** GitHub caps a comment at 65,536 characters; a few hundred rows stay well under it. */
export const MAX_MARKDOWN_ROWS = 150

const TITLE: Record<Severity, string> = {critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info'}

function where(f: Finding): string {
  const at = codeSpan(`${displayFile(f.location.file)}:${f.location.line}`)
  const {server, kind, name} = f.location
  const parts: string[] = []
  if (server) parts.push(`server ${codeSpan(server, {max: 80})}`)
  if (name && name !== server && kind && kind !== 'config' && kind !== 'server') parts.push(`${kind} ${codeSpan(name, {max: 80})}`)
  return parts.length > 0 ? `${at} ${parts.join(', ')}` : at
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function renderMarkdown(input: ReportInput): string {
  const s = summarize(input.findings)
  const list = active(input.findings)
  const out: string[] = ['## mcp-warden', '']

  const counts = SEVERITIES.filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`)
  const files = input.inputs.length
  out.push(
    list.length === 0
      ? `**No findings** in ${plural(files, 'file')}${s.suppressed > 0 ? ` (${s.suppressed} suppressed)` : ''}.`
      : `**${plural(list.length, 'finding')}** in ${plural(files, 'file')}: ${counts.join(', ')}${s.suppressed > 0 ? `; ${s.suppressed} suppressed` : ''}.`,
    '',
  )
  out.push(`| ${SEVERITIES.join(' | ')} | suppressed |`, `|${' ---: |'.repeat(SEVERITIES.length + 1)}`, `| ${SEVERITIES.map((k) => String(s[k])).join(' | ')} | ${s.suppressed} |`)

  let rows = 0
  for (const sev of SEVERITIES) {
    const group = list.filter((f) => f.severity === sev)
    if (group.length === 0) continue
    out.push('', `### ${TITLE[sev]} (${group.length})`, '', '| where | rule | finding | evidence |', '| --- | --- | --- | --- |')
    let shown = 0
    for (const f of group) {
      if (rows >= MAX_MARKDOWN_ROWS) break
      rows++
      shown++
      out.push(`| ${where(f)} | [${f.ruleId}](${docsUrl(f.ruleId)}) | ${mdText(f.message, {inTable: true})} | ${f.evidence ? codeSpan(f.evidence) : ''} |`)
    }
    if (shown < group.length) out.push('', `_${plural(group.length - shown, 'more finding')} of this severity not shown: the JSON and SARIF reports list them all._`)
  }

  if (list.length > 0 || s.suppressed > 0) {
    out.push('')
    if (s.suppressed > 0) out.push(`${plural(s.suppressed, 'finding')} ${s.suppressed === 1 ? 'is' : 'are'} suppressed by the policy file and not listed.`)
    if (list.length > 0) {
      out.push(
        'To accept a finding after review, add a suppression with a reason to `mcp-warden.yaml` (`rule`, optional `server` and `tool`, `reason`, optional `expires`); `mcp-warden rules ID` explains each rule.',
      )
    }
  }
  if (input.markdownAppendix) out.push('', input.markdownAppendix)
  return out.join('\n') + '\n'
}
