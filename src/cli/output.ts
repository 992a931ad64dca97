// Writing reports: the main format to stdout or --output, SARIF beside it with --sarif, and the exit
// code from --fail-on (flag, then policy, then `high`).

import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {ExitCode} from '../core/exit-codes.js'
import {InputError} from '../core/errors.js'
import type {FailOn} from '../core/severity.js'
import type {LoadedPolicy} from '../policy/load.js'
import {render, type Format} from '../report/render.js'
import {failing, type ReportInput} from '../report/result.js'

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
  failOn?: string
}

export function failOnOf(flag: string | undefined, policy: LoadedPolicy): FailOn {
  return (flag ?? policy.policy['fail-on'] ?? 'high') as FailOn
}

/** Render and write the report(s); return the exit code the findings call for. */
export function emit(input: ReportInput, opts: EmitOptions, failOn: FailOn): ExitCode {
  const format = opts.format as Format
  const text = render(input, format, {color: !opts.output && format === 'text' && useColor()})
  if (opts.output) writeFile(opts.output, text)
  else process.stdout.write(text)
  if (opts.sarif) writeFile(opts.sarif, render(input, 'sarif', {color: false}))
  return failing(input.findings, failOn).length > 0 ? ExitCode.findings : ExitCode.ok
}
