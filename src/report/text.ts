// `--format text`: compact `file:line:col: severity: message [rule]` lines (the form editors and
// terminals link), the evidence under each, and a summary. Colour only when the caller says so
// (a TTY without NO_COLOR, see cli/output.ts). Input-derived text is escaped: a finding about a
// terminal escape sequence must not run it in the reader's terminal.

import {createRequire} from 'node:module'
import type {Finding} from '../core/finding.js'
import type {Severity} from '../core/severity.js'
import {escapeUnsafe} from '../text/escape.js'
import {active, displayFile, summarize, summaryLine, type ReportInput} from './result.js'

type Style = (s: string) => string
interface Palette {
  bold: Style
  gray: Style
  paint: Record<Severity, Style>
}

const plain: Style = (s) => s
const PLAIN: Palette = {bold: plain, gray: plain, paint: {critical: plain, high: plain, medium: plain, low: plain, info: plain}}

// Without colour, chalk (at level 0) returns each string as given: the plain palette does the same
// without loading it, which is what every piped or CI run is spared (chalk costs about 8 ms to load).
// With colour it is loaded here, by require (chalk is ESM only; Node requires ESM from 20.19, our floor).
function palette(color: boolean): Palette {
  if (!color) return PLAIN
  const c = new (createRequire(import.meta.url)('chalk') as typeof import('chalk')).Chalk({level: 1})
  return {
    bold: (s) => c.bold(s),
    gray: (s) => c.gray(s),
    paint: {critical: (s) => c.bold.red(s), high: (s) => c.red(s), medium: (s) => c.yellow(s), low: (s) => c.cyan(s), info: (s) => c.gray(s)},
  }
}

export function renderText(input: ReportInput, opts: {color: boolean}): string {
  const {paint, ...c} = palette(opts.color)
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
