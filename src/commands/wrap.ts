import {existsSync} from 'node:fs'
import path from 'node:path'
import {constants as osConstants} from 'node:os'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base.js'
import {InputError} from '../core/errors.js'
import {ExitCode} from '../core/exit-codes.js'
import type {Lockfile} from '../lock/format.js'
import {splitAtDoubleDash, splitCommandLine} from '../proxy/command-line.js'

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

export default class Wrap extends BaseCommand {
  static override summary = 'Run an MCP server behind the runtime pipeline: a stdio proxy to use as the command in a client config.'
  static override description =
    'Starts the server given after `--` (or as one string with --command), passes every message between the client (this process\'s stdin and stdout) and the server through the runtime pipeline, and forwards what passes byte for byte. Rejected requests are answered with a JSON-RPC error. Logs go to stderr, with the server\'s own stderr. The exit status is the server\'s. See docs/wrap.md for client configuration snippets.'
  static override examples = [
    '<%= config.bin %> wrap --name fs -- npx -y @modelcontextprotocol/server-filesystem /data',
    '<%= config.bin %> wrap --name fs --audit audit.jsonl --record trace.jsonl -- node server.js',
    '<%= config.bin %> wrap --command "uvx mcp-server-git --repository ."',
  ]
  // No positional args: a declared-but-missing arg makes oclif read stdin, which belongs to the client.
  static override strict = false
  static override flags = {
    name: Flags.string({summary: 'Server name, as in the lock and the policy (default: the only server in the lock, else the command\'s name).'}),
    lock: Flags.string({summary: 'Lock file to check listings against (default: mcp.lock when present).'}),
    policy: Flags.string({summary: 'Policy file (default: mcp-warden.yaml when present).'}),
    record: Flags.string({summary: 'Append every message to this trace file (JSON Lines), for `mcp-warden replay`.'}),
    audit: Flags.string({summary: 'Append one hash-chained JSON line per decision to this audit log.'}),
    command: Flags.string({summary: 'The server command as one string, split like a shell does (instead of `-- CMD ARGS`).'}),
    grace: Flags.integer({min: 0, default: 2000, summary: 'Milliseconds between the shutdown steps: stdin closed, SIGTERM, SIGKILL.'}),
  }

  async run(): Promise<void> {
    const {flags: flagArgv, command: afterDashes} = splitAtDoubleDash(this.argv)
    const {flags, argv} = await this.parse(Wrap, flagArgv)
    if ((argv as string[]).length > 0) {
      throw new InputError(`unexpected argument "${String(argv[0])}" before --`, undefined, 'put the server command after `--`: mcp-warden wrap -- npx -y some-server')
    }
    const words = serverCommand(afterDashes, flags.command)

    // Loaded here, not at the top: `--help` and the other commands do not pay for the pipeline.
    const [{loadPolicy}, {readLock, verifyLock, DEFAULT_LOCK}, {keyFromEnv}, {createPipeline}, {DEFAULT_MAX_MESSAGE_BYTES}] = await Promise.all([
      import('../policy/load.js'),
      import('../lock/read.js'),
      import('../lock/sign.js'),
      import('../pipeline/create.js'),
      import('../pipeline/config.js'),
    ])
    const {policy} = loadPolicy(flags.policy)
    const lockFile = flags.lock ?? (existsSync(DEFAULT_LOCK) ? DEFAULT_LOCK : undefined)
    let lock: Lockfile | undefined
    if (lockFile) {
      // The lock is what the integrity stage trusts: a tampered one must stop us, not guide us.
      const loaded = readLock(lockFile)
      verifyLock(loaded, keyFromEnv())
      lock = loaded.lock
    }
    const server = flags.name ?? defaultName(lock, words)

    const [{startProxy}, {stderrLog}, {AuditLog}, {TraceRecorder}] = await Promise.all([
      import('../proxy/proxy.js'),
      import('../proxy/log.js'),
      import('../audit/log.js'),
      import('../trace/record.js'),
    ])
    const log = stderrLog(server)
    if (lock && !lock.servers[server]) log(`server "${server}" is not in ${lockFile}; its tools are all unlocked\n  hint: pass --name with the server's name in the lock`)
    const pipeline = createPipeline({server, policy, lock})
    const audit = flags.audit ? new AuditLog(flags.audit, {server, report: log}) : undefined
    const record = flags.record ? new TraceRecorder(flags.record, {server, report: log}) : undefined

    const proxy = startProxy({
      command: words[0],
      args: words.slice(1),
      server,
      pipeline,
      maxMessageBytes: policy.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      graceMs: flags.grace,
      log,
      audit,
      record,
    })
    const onSignal = (signal: NodeJS.Signals) => proxy.signal(signal)
    for (const s of FORWARDED_SIGNALS) process.on(s, onSignal)
    const result = await proxy.done
    await Promise.all([audit?.close(), record?.close()])
    if (audit) log(`audit: ${audit.events} events in ${audit.file}, chain head ${audit.head}`)
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal)

    if (result.reason === 'launch-failed') {
      this.setExit(ExitCode.probe)
      return
    }
    if (result.signal) {
      // Die the way the server died, so whoever started us sees the same thing; a signal Node ignores
      // (SIGPIPE) still leaves the shell's convention, 128 + its number.
      this.setExit(128 + (osConstants.signals[result.signal] ?? 0))
      process.kill(process.pid, result.signal)
      return
    }
    this.setExit(result.code ?? 0)
  }
}

function serverCommand(afterDashes: string[] | undefined, commandFlag: string | undefined): string[] {
  if (afterDashes && commandFlag !== undefined) throw new InputError('give the server command once: after `--` or with --command, not both')
  const words = commandFlag !== undefined ? splitCommandLine(commandFlag) : afterDashes ?? []
  if (words.length === 0 || words[0] === '') {
    throw new InputError('no server command to wrap', undefined, 'give it after `--`: mcp-warden wrap --name fs -- npx -y @modelcontextprotocol/server-filesystem .')
  }
  return words
}

// Runners whose first plain argument names the server (`npx -y pkg`, `node server.js`, `uvx pkg`).
const RUNNERS = /^(node|nodejs|npx|bunx|pnpx|bun|deno|uvx|uv|pipx|python3?|py)(\.exe|\.cmd)?$/i

function defaultName(lock: Lockfile | undefined, words: string[]): string {
  const names = lock ? Object.keys(lock.servers) : []
  if (names.length === 1) return names[0]
  let word = words[0]
  if (RUNNERS.test(path.basename(word))) word = words.slice(1).find((w) => !w.startsWith('-') && w !== 'run') ?? word
  // `@scope/server-x@1.2.3` → `server-x`; `/srv/server.js` → `server`
  return path.basename(word.replace(/(.)@[^/@]*$/, '$1')).replace(/\.(c|m)?[jt]s$|\.py$|\.exe$|\.cmd$/i, '') || 'server'
}
