// What `lock` and `check` share: the flags that find servers in client configs and launch them, the
// discovery itself, and the probe run with its progress line and failure messages.

import {Flags} from '@oclif/core'
import {discoverConfigFiles, loadServerConfigs, projectRoot} from '../config/discover.js'
import {InputError} from '../core/errors.js'
import type {ServerConfig} from '../model/config.js'
import type {ProbeOutcome, SandboxMode} from '../probe/types.js'
import {DEFAULT_LOCK} from '../lock/read.js'
import {configuredServers, type Configured} from '../lock/servers.js'
import type {SourceDocument} from '../source/document.js'

export const SANDBOX_MODES = ['auto', 'strict', 'basic', 'off'] as const

export const discoveryFlags = {
  config: Flags.string({char: 'c', multiple: true, summary: 'Client config file to read (repeatable); default: the project configs found in this folder and at the git root.'}),
  user: Flags.boolean({default: false, summary: 'Also read the user-level client configs in the home folder.'}),
  lock: Flags.string({default: DEFAULT_LOCK, summary: 'Lock file.'}),
}

export const probeFlags = {
  timeout: Flags.integer({default: 30, min: 1, summary: 'Seconds each server gets to start, shake hands and list everything.'}),
  sandbox: Flags.string({options: [...SANDBOX_MODES], default: 'auto', summary: 'How servers are isolated: strict (bubblewrap, no network), basic (clean env, temp HOME), off, or auto (strict when available).'}),
  concurrency: Flags.integer({default: 4, min: 1, summary: 'Servers probed at once.'}),
}

export interface FoundServers extends Configured {
  /** Config files read, as shown to the user. */
  files: string[]
  docs: Map<string, SourceDocument>
  /** The project folder: relative commands and `cwd` entries are resolved against it. */
  root: string
}

/** Discover and read the client configs, one server per name. */
export function findServers(flags: {config?: string[]; user: boolean}, cwd = process.cwd()): FoundServers {
  const files = discoverConfigFiles({cwd, user: flags.user, configs: flags.config ?? []})
  const root = projectRoot(cwd)
  const loaded = loadServerConfigs(files, {cwd, project: root})
  return {
    ...configuredServers(loaded.servers),
    files,
    docs: new Map(loaded.files.map((f) => [f.file, f.doc])),
    root,
  }
}

export const NO_SERVERS_HINT =
  'add servers to a client config (.mcp.json, .vscode/mcp.json, .cursor/mcp.json...), name one with --config, read user-level configs with --user, or lock one command: mcp-warden lock --name NAME -- CMD ARGS'

/** Names given with --server that no config declares are an error, with the names that exist. */
export function pickServers(servers: ServerConfig[], names: string[] | undefined): ServerConfig[] {
  if (!names || names.length === 0) return servers
  const known = new Set(servers.map((s) => s.name))
  const missing = names.filter((n) => !known.has(n))
  if (missing.length > 0) {
    throw new InputError(`no server named ${missing.map((m) => `"${m}"`).join(', ')} in the client configs`, {}, known.size > 0 ? `servers found: ${[...known].join(', ')}` : NO_SERVERS_HINT)
  }
  return servers.filter((s) => names.includes(s.name))
}

export interface ProbeFlagValues {
  timeout: number
  sandbox: string
  concurrency: number
}

/** Probe every server with the flags' options; a progress line per server on a terminal. */
export async function probeWithFlags(configs: ServerConfig[], flags: ProbeFlagValues, projectRoot: string): Promise<ProbeOutcome[]> {
  if (configs.length === 0) return []
  const {probeAll} = await import('../probe/index.js')
  const tty = Boolean(process.stderr.isTTY)
  return probeAll(configs, {
    timeoutMs: flags.timeout * 1000,
    sandbox: flags.sandbox as SandboxMode,
    projectRoot,
    concurrency: flags.concurrency,
    ...(tty
      ? {
          onProgress: (p) => {
            if (p.state === 'start') return
            const r = p.outcome?.result
            const what = r ? `ok, ${r.manifest.tools.length} tools, sandbox ${r.sandbox}` : 'failed'
            process.stderr.write(`  [${p.index + 1}/${p.total}] ${p.server}: ${what} (${((p.ms ?? 0) / 1000).toFixed(1)}s)\n`)
          },
        }
      : {}),
  })
}

/** One message per failed server: name, reason, hint, stderr tail. */
export function reportProbeFailures(outcomes: ProbeOutcome[]): void {
  for (const o of outcomes) {
    if (!o.error) continue
    let text = `mcp-warden: ${o.error.message.startsWith('server "') ? o.error.message : `server "${o.config.name}": ${o.error.message}`}`
    if (o.error.hint) text += `\n  hint: ${o.error.hint}`
    if (o.error.stderrTail) text += `\n  stderr (last lines):\n${o.error.stderrTail.replace(/^/gm, '    ')}`
    process.stderr.write(text + '\n')
  }
}
