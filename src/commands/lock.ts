import path from 'node:path'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base.js'
import {discoveryFlags, findServers, type FoundServers, noConfigError, NO_SERVERS_HINT, pickServers, probeFlags, probeWithFlags, reportProbeFailures} from '../cli/servers.js'
import {InputError} from '../core/errors.js'
import {ExitCode} from '../core/exit-codes.js'
import {describeLockRun} from '../lock/summary.js'
import {buildLock, previousLock, writeLockFile} from '../lock/create.js'
import {adhocServer, commandAfterDashes} from '../lock/adhoc.js'
import {CLI_SOURCE, sourceOf} from '../lock/servers.js'
import {KEY_ENV, keyFromEnv} from '../lock/sign.js'
import {projectRoot} from '../config/discover.js'
import {withoutCommands} from '../report/annotations.js'

export default class Lock extends BaseCommand {
  static override summary = 'Probe the configured MCP servers and write mcp.lock.'
  static override description = `Finds the servers declared in the repository's client configs (or takes one command after \`--\`), launches each in the sandbox, reads everything it offers (never calling a tool) and writes mcp.lock: launch identity, protocol version, server info, capabilities, instructions, and every tool, prompt, resource and template with its full descriptor and hash. The same servers always give the same bytes. With ${KEY_ENV} set, the lock is signed (HMAC-SHA256); without it, it is written unsigned and the command says so. Remote (http, sse) servers are recorded by their launch only, not probed.

If a server fails, the lock is not written and the exit code is 4; with --partial it is written anyway, the failed servers keeping their previous entry (or left out when they had none). With --server or an ad-hoc command, only those servers are probed and the other entries of the existing lock, verified first, are kept.`
  static override examples = [
    '<%= config.bin %> lock',
    '<%= config.bin %> lock --server github --server fs',
    `${KEY_ENV}=... <%= config.bin %> lock --sandbox strict`,
    '<%= config.bin %> lock --name fs -- npx -y @modelcontextprotocol/server-filesystem@2026.8.31 .',
  ]
  static override usage = ['lock [FLAGS]', 'lock [FLAGS] [--name NAME] -- CMD ARGS...']
  // `strict = false` lets the ad-hoc command through; it is read from the raw argv (see adhoc.ts).
  static override strict = false
  static override flags = {
    ...discoveryFlags,
    ...probeFlags,
    server: Flags.string({char: 's', multiple: true, summary: 'Only probe this server (repeatable); the other entries of the lock are kept.'}),
    name: Flags.string({summary: 'Name of the server given after `--` (default: derived from the command).'}),
    partial: Flags.boolean({default: false, summary: 'Write the lock even when some servers fail (they keep their previous entry); the exit code is still 4.'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Lock)
    const cwd = process.cwd()
    const adhoc = commandAfterDashes(this.argv)
    if (!adhoc && (argv as string[]).length > 0) throw new InputError(`unexpected argument "${argv[0]}"`, {}, 'put the command of an ad-hoc server after `--`: mcp-warden lock --name NAME -- CMD ARGS')
    if (adhoc && flags.server) throw new InputError('--server picks servers from the configs; it cannot be combined with a command after `--`', {}, 'use --name to name the ad-hoc server')
    if (!adhoc && flags.name) throw new InputError('--name names a server given after `--`, and there is none', {}, 'mcp-warden lock --name NAME -- CMD ARGS')
    const lockDir = path.dirname(path.resolve(flags.lock))
    const key = keyFromEnv()

    // Relative commands resolve against the project folder, in `lock` as in `check`.
    const root = projectRoot(cwd)
    let targets
    let docs: FoundServers['docs'] | undefined
    if (adhoc) targets = [adhocServer(adhoc, flags.name)]
    else {
      const found = findServers(flags, cwd)
      if (found.files.length === 0) throw noConfigError(cwd)
      if (found.servers.length === 0) throw new InputError('no MCP servers found in the client configs', {}, `read ${found.files.join(', ')}; ${NO_SERVERS_HINT}`)
      targets = pickServers(found.servers, flags.server)
      docs = found.docs
    }
    const merge = Boolean(adhoc) || Boolean(flags.server?.length)
    const {previous, unreadable} = previousLock(flags.lock, key, merge || flags.partial)
    if (unreadable) process.stderr.write(`mcp-warden: replacing ${flags.lock}, which cannot be read: ${unreadable}\n`)

    const run = await buildLock({
      targets,
      ...(previous ? {previous} : {}),
      merge,
      partial: flags.partial,
      probe: (configs) => probeWithFlags(configs, flags, root),
      sourceOf: (c) => (adhoc ? CLI_SOURCE : sourceOf(c, lockDir)),
      ...(key ? {key} : {}),
    })
    reportProbeFailures(run.failed, docs)
    if (run.write) writeLockFile(flags.lock, run.text)
    process.stdout.write(withoutCommands(describeLockRun(run, {file: flags.lock, isNew: !previous, ...(key ? {signed: key} : {})})))
    if (run.failed.length > 0) this.setExit(ExitCode.probe)
  }
}
