// `--format markdown`: a PR comment or job summary. Counts first, then findings grouped by severity,
// worst first. Every piece of input-derived text goes through md-escape.ts: the page is rendered by
// GitHub, where a poisoned description must not inject HTML, break a table or ping anyone.

import type {Finding} from '../core/finding.js'
import {SEVERITIES, severityRank, type Severity} from '../core/severity.js'
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

/**
 * The most a report may take: GitHub's job summary holds 1 MiB a step (FACTS.md), and the action
 * adds a little of its own.
 */
export const MAX_MARKDOWN_BYTES = 1000 * 1024

export interface MarkdownOptions {
  maxBytes?: number
  /** YYYY-MM-DD the suppression example's expiry is counted from (default: today). */
  today?: string
}

export function renderMarkdown(input: ReportInput, opts: MarkdownOptions = {}): string {
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

  if (s.suppressed > 0) out.push('', `${plural(s.suppressed, 'finding')} ${s.suppressed === 1 ? 'is' : 'are'} suppressed by the policy file and not listed.`)
  if (input.markdownAppendix) out.push('', input.markdownAppendix)
  const next = whatToDo(list, input.markdownActions ?? [], opts.today)
  return fitMarkdown(out.join('\n') + '\n', next ? `\n${next}\n` : '', opts.maxBytes ?? MAX_MARKDOWN_BYTES)
}

/** A value for the YAML snippet: a plain identifier-like name, double-quoted (valid YAML and JSON); anything else is a placeholder. */
function yamlValue(v: string | undefined, placeholder: string): string {
  return v !== undefined && /^[A-Za-z0-9_.:/@+-]{1,80}$/.test(v) ? JSON.stringify(v) : placeholder
}

function addDays(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * "What to do": the command's own steps (check: how to accept drift), then how to suppress a finding
 * after review, with a snippet for the worst one. Names from the finding go into the YAML only when
 * they are plain identifiers: the snippet sits in a code block that odd text could otherwise break.
 */
function whatToDo(list: Finding[], actions: string[], today = new Date().toISOString().slice(0, 10)): string {
  if (list.length === 0 && actions.length === 0) return ''
  const out = ['### What to do', '']
  for (const a of actions) out.push(`- ${a}`)
  const worst = [...list].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0]
  if (worst) {
    const {server, kind, name} = worst.location
    const item = name !== undefined && name !== server && kind !== undefined && !['server', 'config', 'message'].includes(kind) ? name : undefined
    out.push(
      '- **Suppress a finding** you reviewed and accept: add it to `mcp-warden.yaml` (`mcp-warden init` writes one) with a reason; `server` and `tool` narrow it, `expires` makes it come back for another review. Expired and unused suppressions are reported. For the first finding above:',
      '',
      '  ```yaml',
      '  suppressions:',
      `    - rule: ${yamlValue(worst.ruleId, '<rule-id>')}`,
      ...(server !== undefined ? [`      server: ${yamlValue(server, '<server>')}`] : []),
      ...(item !== undefined ? [`      tool: ${yamlValue(item, '<tool>')}`] : []),
      '      reason: "<why this is acceptable here>"',
      `      expires: ${addDays(today, 90)}`,
      '  ```',
      '',
      '- **Read about a rule**: `mcp-warden rules RULE-ID`, or follow its link in the table.',
    )
  }
  return out.join('\n')
}

/**
 * Keep the page under `max` bytes (GitHub's job summary takes 1 MiB a step): the body is cut at a
 * line, with a note, and the closing section is always kept.
 */
function fitMarkdown(body: string, tail: string, max: number): string {
  const size = Buffer.byteLength(body) + Buffer.byteLength(tail)
  if (size <= max) return body + tail
  const note = `\n> [!WARNING]\n> This report was cut at ${Math.floor(max / 1024)} KiB to fit GitHub's job summary limit. The JSON and SARIF reports hold everything.\n`
  // Room for the body, less what closing an open code fence may add.
  const room = Math.max(0, max - Buffer.byteLength(tail) - Buffer.byteLength(note) - 4)
  // Cut on a character boundary, then back to the last full line.
  let cut = Buffer.from(body).subarray(0, room).toString('utf8').replace(/\uFFFD$/, '')
  cut = cut.slice(0, cut.lastIndexOf('\n') + 1)
  // An open code fence would swallow the note: close it.
  if (cut.split('\n').filter((line) => line.trimStart().startsWith('```')).length % 2 === 1) cut += '```\n'
  return cut + note + tail
}
