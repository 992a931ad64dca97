// Which servers a lock covers: configured servers, one per name, and where their entries say they
// came from. Shared by `lock` (what to probe and record) and `check` (what to compare).

import os from 'node:os'
import path from 'node:path'
import {InputError} from '../core/errors.js'
import {deepEqual} from '../diff/diff.js'
import type {ServerConfig} from '../model/config.js'
import {launchOf} from './entry.js'

export interface Configured {
  /** Enabled servers, one per name, in name order. */
  servers: ServerConfig[]
  /** Entries marked disabled in their config: neither locked nor checked, never reported unlocked. */
  disabled: ServerConfig[]
}

/**
 * One entry per server name. The lock is keyed by name, so two configs that declare the same name
 * must describe the same launch (a project often has `.mcp.json` and `.vscode/mcp.json` side by side);
 * two different launches under one name cannot both be pinned, and picking one silently would leave
 * the other unchecked.
 */
export function configuredServers(entries: ServerConfig[]): Configured {
  const byName = new Map<string, ServerConfig>()
  const disabled: ServerConfig[] = []
  for (const e of entries) {
    if (e.name === '__proto__') {
      throw new InputError('a server named "__proto__" cannot be locked', {file: e.file, pointer: e.pointer}, 'rename the server in its config')
    }
    if (e.disabled) {
      disabled.push(e)
      continue
    }
    const prev = byName.get(e.name)
    if (!prev) {
      byName.set(e.name, e)
      continue
    }
    if (!deepEqual(launchOf(prev), launchOf(e))) {
      throw new InputError(
        `server "${e.name}" is declared twice with different launches: ${prev.file} and ${e.file}`,
        {file: e.file, pointer: e.pointer},
        'give one of them another name, or name the config to use with --config',
      )
    }
  }
  const servers = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return {servers, disabled: disabled.filter((d) => !byName.has(d.name))}
}

/**
 * Where a lock entry says its server is declared: the config file relative to the lock's folder
 * (forward slashes, `~/` for the home folder), so the same repository gives the same lock on every
 * machine.
 */
export function sourceOf(config: Pick<ServerConfig, 'file' | 'pointer'>, lockDir: string, home = os.homedir()): {file: string; pointer: string} {
  const abs = path.resolve(config.file)
  const rel = path.relative(path.resolve(lockDir), abs)
  let file: string
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) file = rel
  else if (home && (abs === home || abs.startsWith(home + path.sep))) file = '~/' + path.relative(home, abs)
  else file = abs
  return {file: file.split(path.sep).join('/'), pointer: config.pointer}
}

/** The source of a server given on the command line (`lock --name N -- CMD ARGS`). */
export const CLI_SOURCE = {file: 'cli', pointer: ''} as const

export function isCliSource(source: {file: string}): boolean {
  return source.file === CLI_SOURCE.file
}
