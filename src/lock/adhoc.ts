// A server given on the command line (`lock --name N -- CMD ARGS...`). oclif reorders and dedupes
// parsed argv, so the command is taken from the raw argv after the first `--`, exactly as typed.

import path from 'node:path'
import {programName} from '../config/command.js'
import {InputError} from '../core/errors.js'
import type {ServerConfig} from '../model/config.js'
import {CLI_SOURCE} from './servers.js'

/** The tokens after the first `--` of the raw argv, or undefined when there is none. */
export function commandAfterDashes(rawArgv: readonly string[]): string[] | undefined {
  const i = rawArgv.indexOf('--')
  if (i < 0) return undefined
  const cmd = rawArgv.slice(i + 1)
  if (cmd.length === 0) throw new InputError('no command after `--`', {}, 'mcp-warden lock --name NAME -- CMD ARGS')
  return cmd
}

const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'uvx', 'pipx', 'pnpm', 'yarn', 'npm', 'uv', 'docker', 'podman', 'node', 'deno', 'bun', 'python', 'python3'])
const SUBCOMMANDS = new Set(['dlx', 'exec', 'x', 'run', 'tool', '--'])
const NAME_OK = /^[A-Za-z0-9_.-]{1,64}$/

/**
 * A name for an ad-hoc server: the package or script a runner starts (`npx -y @scope/server-x@1` →
 * `server-x`, `node probe-rug.mjs` → `probe-rug`), else the command's own name.
 */
export function adhocName(command: string, args: string[]): string {
  const base = programName(command)
  let pick = base
  if (RUNNERS.has(base)) {
    const first = args.find((a) => !a.startsWith('-') && !SUBCOMMANDS.has(a))
    if (first) pick = path.basename(first.replace(/@[^@/]*$/, '').replace(/:[^:/]*$/, ''))
  }
  const name = pick.replace(/\.(m|c)?[jt]s$|\.py$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-')
  return trimDashes(name) || 'server'
}

/** Strip leading and trailing dashes (a loop: `/-+$/` backtracks quadratically on long dash runs). */
function trimDashes(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && s[a] === '-') a++
  while (b > a && s[b - 1] === '-') b--
  return s.slice(a, b)
}

export function adhocServer(cmd: string[], name?: string): ServerConfig {
  const [command, ...args] = cmd
  const n = name ?? adhocName(command, args)
  if (!NAME_OK.test(n)) throw new InputError(`invalid server name "${n}"`, {}, 'use 1 to 64 letters, digits, dots, dashes or underscores')
  return {
    name: n,
    client: 'generic',
    file: CLI_SOURCE.file,
    pointer: CLI_SOURCE.pointer,
    transport: 'stdio',
    command,
    args,
    env: {},
    headers: {},
    pointers: {},
    raw: {command, args},
  }
}
