// What `lock` and `check` share: the flags that find servers in client configs and launch them, the
// discovery itself, and the probe run with its progress line and failure messages.

import * as Flags from '@oclif/core/flags'
import {discoverConfigFiles, loadServerConfigs, projectRoot, searchedPlaces} from '../config/discover.js'
import {InputError} from '../core/errors.js'
import {withoutCommands} from '../report/annotations.js'
import type {ServerConfig} from '../model/config.js'
import type {ProbeOutcome, SandboxMode} from '../probe/types.js'
import {DEFAULT_LOCK} from '../lock/read.js'
import {configuredServers, type Configured} from '../lock/servers.js'
import type {SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'

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

/**
 * No client config at all: say where discovery looked and what to do. `lockSources` are the config
 * files a lock says its servers came from (check): a config that vanished, or a run from the wrong folder.
 */
export function noConfigError(cwd: string, opts: {lockFile?: string; lockSources?: string[]} = {}): InputError {
  const {folders, files} = searchedPlaces(cwd)
  const where = folders.length > 1 ? `${folders[0]} or at the git root ${folders[1]}` : folders[0]
  const sources = [...new Set(opts.lockSources ?? [])]
  const lines = [
    `no MCP client config found in ${where}`,
    `  looked for: ${files.join(', ')}`,
    ...(sources.length > 0 ? [`  ${opts.lockFile ?? DEFAULT_LOCK} says its servers are declared in ${sources.join(', ')}: run from the folder it is in, or name it with --config`] : []),
  ]
  return new InputError(
    lines.join('\n'),
    {},
    'name a config with --config FILE (repeatable), read user-level configs (Claude Desktop, ~/.cursor/mcp.json...) with --user, ' +
      'or create .mcp.json, e.g. {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@VERSION", "."]}}}; ' +
      '`mcp-warden lock --name NAME -- CMD ARGS` locks one command without a config, and `mcp-warden init` writes a starter policy with the next steps',
  )
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

/**
 * Where in its config a failure points: the env value, argument or command that references a
 * variable that is not set, else the server's entry.
 */
function failurePointer(c: ServerConfig, message: string): string {
  const names = /references ((?:"[^"]+"(?:, )?)+)/.exec(message)?.[1].match(/"[^"]+"/g)?.map((n) => n.slice(1, -1).replace(/^env:/, '')) ?? []
  const mentions = (v: string) => names.some((n) => v.includes(n))
  if (names.length > 0) {
    const envKey = Object.keys(c.env).find((k) => mentions(c.env[k]))
    if (envKey !== undefined && c.pointers.env) return join(c.pointers.env, envKey)
    const arg = c.args.findIndex(mentions)
    if (arg >= 0 && c.pointers.args) return join(c.pointers.args, String(arg))
    if (c.command && mentions(c.command) && c.pointers.command) return c.pointers.command
  }
  return c.pointer
}

function placeOf(o: ProbeOutcome, docs?: ReadonlyMap<string, SourceDocument>): string {
  const doc = docs?.get(o.config.file)
  if (!doc) return ''
  return `${o.config.file}:${doc.locate(failurePointer(o.config, o.error?.message ?? '')).line}: `
}

/**
 * One message per failed server: where it is declared, the reason, the hint, its stderr tail. When
 * several fail for the same reason with nothing of their own to show (strict sandbox unavailable),
 * the reason is said once, with their names.
 */
export function reportProbeFailures(outcomes: ProbeOutcome[], docs?: ReadonlyMap<string, SourceDocument>): void {
  const failed = outcomes.filter((o) => o.error)
  const reasonOf = (o: ProbeOutcome) => o.error!.message.replace(/^server "(?:[^"\\]|\\.)*": /, '')
  const shared = new Map<string, ProbeOutcome[]>()
  for (const o of failed) {
    if (o.error!.stderrTail || !/^--sandbox strict is not available/.test(reasonOf(o))) continue
    const key = `${reasonOf(o)}\u0000${o.error!.hint ?? ''}`
    shared.set(key, [...(shared.get(key) ?? []), o])
  }
  const done = new Set<ProbeOutcome>()
  for (const group of shared.values()) {
    if (group.length < 2) continue
    for (const o of group) done.add(o)
    const first = group[0]
    let text = `mcp-warden: servers ${group.map((o) => `"${o.config.name}"`).join(', ')}: ${reasonOf(first)}`
    if (first.error!.hint) text += `\n  hint: ${first.error!.hint}`
    process.stderr.write(withoutCommands(text + '\n'))
  }
  for (const o of failed) {
    if (done.has(o)) continue
    let text = `mcp-warden: ${placeOf(o, docs)}${o.error!.message.startsWith('server "') ? o.error!.message : `server "${o.config.name}": ${o.error!.message}`}`
    if (o.error!.hint) text += `\n  hint: ${o.error!.hint}`
    if (o.error!.stderrTail) text += `\n  stderr (last lines):\n${o.error!.stderrTail.replace(/^/gm, '    ')}`
    // Server names and the server's own stderr: in a GitHub job log, a line starting with `::` must not run as a workflow command.
    process.stderr.write(withoutCommands(text + '\n'))
  }
}
