// Writing reports: the main format to stdout or --output, SARIF and Markdown beside it with --sarif
// and --markdown, GitHub annotations in Actions, and the exit code from --fail-on (flag, then
// policy, then `high`).

import {fstatSync, mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {ExitCode} from '../core/exit-codes.js'
import {InputError} from '../core/errors.js'
import type {FailOn} from '../core/severity.js'
import type {LoadedPolicy} from '../policy/load.js'
import {inGitHubActions, renderAnnotations, withoutCommands} from '../report/annotations.js'
import type {Finding} from '../core/finding.js'
import {render as renderReport, type Format} from '../report/render.js'
import {failing, type ReportInput} from '../report/result.js'
import {maskSecrets} from '../secrets/patterns.js'

/**
 * Every report is masked once more as a whole before it leaves: findings mask their evidence, but a
 * report also quotes what the inputs name (a suppression's reason, a server name from a trace), and
 * a secret written there must not reach a CI log or a PR comment either.
 */
const render: typeof renderReport = (input, format, opts) => maskReport(renderReport(input, format, opts), format)

/**
 * A JSON report (json, sarif) is masked value by value and written again the same way (two-space
 * indent), so a mask can never cut through a JSON escape and leave the document unreadable; text
 * and Markdown are masked as they are.
 */
export function maskReport(text: string, format: string): string {
  if (format !== 'json' && format !== 'sarif') return maskSecrets(text)
  const masked = maskSecrets(text)
  if (masked === text) return text
  return JSON.stringify(maskDeep(JSON.parse(text)), null, 2) + '\n'
}

function maskDeep(v: unknown): unknown {
  if (typeof v === 'string') return maskSecrets(v)
  if (Array.isArray(v)) return v.map(maskDeep)
  if (v !== null && typeof v === 'object') {
    // defineProperty: a key named __proto__ stays a key.
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, maskSecrets(k), {value: maskDeep(x), enumerable: true, writable: true, configurable: true})
    return out
  }
  return v
}

/** Colour for people only: a TTY, unless NO_COLOR says no; FORCE_COLOR overrides the TTY test (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}

const WRITE_ERRORS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'the path is a folder',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
}

export function writeFile(file: string, text: string): void {
  try {
    const dir = path.dirname(file)
    if (dir && dir !== '.') mkdirSync(dir, {recursive: true})
    writeFileSync(file, text)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = WRITE_ERRORS[code ?? ''] ?? code ?? (error as Error).message
    throw new InputError(`cannot write output: ${why}`, {file}, 'choose a path in a folder you can write to')
  }
}

export interface EmitOptions {
  format: string
  output?: string
  sarif?: string
  markdown?: string
  /** --annotations / --no-annotations; undefined: automatic (see wantAnnotations). */
  annotations?: boolean
  failOn?: string
}

/** Is standard output a regular file (`> report.txt`)? Then it is not the job's log. */
function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile()
  } catch {
    return false
  }
}

/**
 * Annotations go to stdout, so by default only in GitHub Actions and only when stdout does not carry
 * a machine-readable report (text format, or the report goes to --output) and is not redirected to
 * a file. The flag overrides the automatic choice either way.
 */
export function wantAnnotations(opts: {format: string; output?: string; annotations?: boolean}, env: NodeJS.ProcessEnv = process.env, stdoutFile = stdoutIsFile()): boolean {
  if (opts.annotations !== undefined) return opts.annotations
  return inGitHubActions(env) && (opts.format === 'text' || Boolean(opts.output)) && !stdoutFile
}

/** Print the annotations for `findings` when the flags and the environment call for them. */
export function emitAnnotations(findings: Finding[], opts: {format: string; output?: string; annotations?: boolean}): void {
  if (!wantAnnotations(opts)) return
  const root = process.env.GITHUB_WORKSPACE || process.cwd()
  process.stdout.write(renderAnnotations(findings, {root}))
}

/**
 * The main report on stdout. In the job log, a text report (which quotes server text) is printed with
 * workflow commands switched off, so a quoted `::add-mask::` or `::error::` is shown, not run.
 */
export function writeMain(text: string, format: string): void {
  process.stdout.write(format === 'text' && !stdoutIsFile() ? withoutCommands(text) : text)
}

export function failOnOf(flag: string | undefined, policy: LoadedPolicy): FailOn {
  return (flag ?? policy.policy['fail-on'] ?? 'high') as FailOn
}

/** Render and write the report(s); return the exit code the findings call for. */
export function emit(input: ReportInput, opts: EmitOptions, failOn: FailOn): ExitCode {
  const format = opts.format as Format
  const text = render(input, format, {color: !opts.output && format === 'text' && useColor()})
  if (opts.output) writeFile(opts.output, text)
  else writeMain(text, format)
  if (opts.sarif) writeFile(opts.sarif, render(input, 'sarif', {color: false}))
  if (opts.markdown) writeFile(opts.markdown, render(input, 'markdown', {color: false}))
  emitAnnotations(input.findings, opts)
  return failing(input.findings, failOn).length > 0 ? ExitCode.findings : ExitCode.ok
}
