// GitHub Actions annotations: `::error file=F,line=L,col=C,title=T::message` workflow commands, so
// the worst findings show on the run page and on the PR's "Files changed" tab without any upload.
//
// Everything in a finding may come from an untrusted server (a tool description, an evidence
// excerpt, a server name from a PR's config). The runner reads every line of a step's stdout and
// stderr, trims it, and runs it as a command when it starts with `::`. So nothing here may let a
// newline through: GitHub's own escaping (`%`, CR, LF; plus `:` and `,` in properties) turns all of
// them into `%0A`, and each command we print is exactly one line. Controls, bidi and invisible
// characters are made visible first (escapeUnsafe), as in every other report.
//
// GitHub shows at most 10 error and 10 warning annotations a step (FACTS.md); notices get the same
// cap here. The worst findings go first, and the last one of each kind says how many were left out.

import {randomBytes} from 'node:crypto'
import path from 'node:path'
import type {Finding} from '../core/finding.js'
import {severityRank, type Severity} from '../core/severity.js'
import {maskSecrets} from '../secrets/patterns.js'
import {escapeUnsafe} from '../text/escape.js'
import {active} from './result.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice'}

/** Per level, per step: GitHub's cap for errors and warnings (FACTS.md), kept for notices too. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10
/** A message the log and the annotation box can show; findings carry their full text in the reports. */
const MAX_MESSAGE = 2000
const MAX_TITLE = 200

const CONFIDENCE_RANK = {high: 2, medium: 1, low: 0} as const

/** GitHub's escaping of a command's message (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** GitHub's escaping of a property value (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text
}

export interface AnnotationOptions {
  /** Folder the file paths are made relative to: GITHUB_WORKSPACE, else the working folder. */
  root: string
  /** Folder a finding's relative file is relative to (the working folder). */
  cwd?: string
  max?: number
}

/** The workspace-relative path GitHub maps onto the checkout, or undefined when it cannot (stdin, outside the workspace). */
export function annotationPath(file: string, root: string, cwd = process.cwd()): string | undefined {
  if (file === '-' || file === '') return undefined
  const rel = path.relative(path.resolve(root), path.resolve(cwd, file))
  if (rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return undefined
  return rel.split(path.sep).join('/')
}

function subject(f: Finding): string {
  const {server, kind, name} = f.location
  if (!server && !name) return ''
  if (kind === 'server' || kind === 'config' || !name || name === server) return server ? `server ${server}` : ''
  return `${server ? `server ${server}, ` : ''}${kind ?? 'item'} ${name}`
}

/** Worst first: severity, then confidence, then the order the rules reported them in. */
function worstFirst(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({f, i}))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || CONFIDENCE_RANK[b.f.confidence] - CONFIDENCE_RANK[a.f.confidence] || a.i - b.i)
    .map((x) => x.f)
}

function command(level: AnnotationLevel, f: Finding, opts: AnnotationOptions, more: number): string {
  const props: string[] = []
  const file = annotationPath(f.location.file, opts.root, opts.cwd)
  if (file !== undefined) {
    props.push(`file=${escapeProperty(file)}`, `line=${Math.max(1, f.location.line)}`)
    if (f.location.column > 0) props.push(`col=${f.location.column}`)
  }
  const about = subject(f)
  // Masked before escaping: a name from a config can hold a secret, and escapes would hide it from the patterns.
  props.push(`title=${escapeProperty(clip(escapeUnsafe(maskSecrets(`mcp-warden ${f.ruleId}${about ? ` (${about})` : ''}`)), MAX_TITLE))}`)
  let message = `${f.severity}: ${f.message}`
  if (f.evidence) message += `\nEvidence: ${f.evidence}`
  message = clip(escapeUnsafe(maskSecrets(message)), MAX_MESSAGE)
  if (more > 0) message += `\n(${more} more ${level === 'notice' ? 'notice' : level}${more === 1 ? '' : 's'} not annotated: GitHub shows at most ${opts.max ?? MAX_ANNOTATIONS_PER_LEVEL} a step; the report lists them all)`
  return `::${level} ${props.join(',')}::${escapeData(message)}`
}

/** The workflow commands for the unsuppressed findings, one line each, worst first. */
export function renderAnnotations(findings: Finding[], opts: AnnotationOptions): string {
  const max = opts.max ?? MAX_ANNOTATIONS_PER_LEVEL
  const byLevel: Record<AnnotationLevel, Finding[]> = {error: [], warning: [], notice: []}
  for (const f of worstFirst(active(findings))) byLevel[ANNOTATION_LEVEL[f.severity]].push(f)
  const lines: string[] = []
  for (const level of ['error', 'warning', 'notice'] as const) {
    const list = byLevel[level]
    const shown = list.slice(0, max)
    shown.forEach((f, i) => lines.push(command(level, f, opts, i === shown.length - 1 ? list.length - shown.length : 0)))
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : ''
}

/** True inside a GitHub Actions job. */
export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true'
}

/** Would the runner take a line of this text for a workflow command (it trims each line first)? */
function hasCommandLine(text: string): boolean {
  return text.split('\n').some((line) => line.trimStart().startsWith('::'))
}

/**
 * Untrusted text printed in a job's log (a text report, a message naming a server, a server's
 * stderr) with workflow commands switched off around it (`::stop-commands::TOKEN` ... `::TOKEN::`)
 * when a line of it would otherwise run as one, so it is shown, not run. The token is random: the
 * text cannot guess it to switch them back on. Outside Actions, and for text with no such line,
 * nothing changes.
 */
export function withoutCommands(text: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!inGitHubActions(env) || !hasCommandLine(text)) return text
  const token = `mcp-warden-${randomBytes(16).toString('hex')}`
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`
}
