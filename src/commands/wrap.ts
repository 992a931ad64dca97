// `mcp-warden wrap -- CMD ARGS`: flags and the server's command in, the live proxy (src/proxy) out;
// the exit status is the server's. Usage and client configs: docs/wrap.md.
import path from 'node:path'
import {constants as osConstants} from 'node:os'
import * as Flags from '@oclif/core/flags'
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

    // Start the server first and load the pipeline while it boots: the client waits for the slower of
    // the two, not for both. Until the proxy reads them, messages wait in the pipes; a signal that
    // arrives meanwhile is passed on all the same.
    const {ServerProcess} = await import('../proxy/child.js')
    const child = new ServerProcess(words[0], words.slice(1), {graceMs: flags.grace})
    let received: NodeJS.Signals | undefined
    let forward = (signal: NodeJS.Signals) => {
      received = signal
      child.stop({now: signal})
    }
    const onSignal = (signal: NodeJS.Signals) => forward(signal)
    for (const s of FORWARDED_SIGNALS) process.on(s, onSignal)
    const detach = () => {
      for (const s of FORWARDED_SIGNALS) process.off(s, onSignal)
    }

    let ready: Awaited<ReturnType<typeof prepare>>
    try {
      ready = await prepare(flags, words)
    } catch (error) {
      // Bad policy or lock: the server never got a message; end it before reporting.
      child.stop({now: 'SIGKILL'})
      await child.exited
      detach()
      throw error
    }
    const {server, log, audit, record} = ready
    const {startProxy} = await import('../proxy/proxy.js')
    const proxy = startProxy({
      command: words[0],
      args: words.slice(1),
      process: child,
      server,
      pipeline: ready.pipeline,
      maxMessageBytes: ready.maxMessageBytes,
      graceMs: flags.grace,
      log,
      audit,
      record,
    })
    forward = (signal) => proxy.signal(signal)
    if (received) proxy.signal(received, {alreadySent: true})
    const result = await proxy.done
    await Promise.all([audit?.close(), record?.close()])
    // A log that could not be written must not be vouched for with a chain head it does not hold.
    if (audit?.ok) log(`audit: ${audit.events} events in ${audit.file}, chain head ${audit.head}`)
    else if (audit) log(`audit: the log ${audit.file} is incomplete: writing it failed (see above); ${audit.events} events were decided`)
    detach()

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

/** Everything the proxy needs besides the server: policy, lock, pipeline, logs. */
async function prepare(flags: {name?: string; lock?: string; policy?: string; audit?: string; record?: string}, words: string[]) {
  // Loaded here, not at the top: `--help` and the other commands do not pay for the pipeline.
  const [{loadPolicy}, {loadVerifiedLock}, {keyFromEnv}, {createPipeline}, {DEFAULT_MAX_MESSAGE_BYTES}, {stderrLog}, {AuditLog}, {TraceRecorder}] =
    await Promise.all([
      import('../policy/load.js'),
      import('../lock/read.js'),
      import('../lock/sign.js'),
      import('../pipeline/create.js'),
      import('../pipeline/config.js'),
      import('../proxy/log.js'),
      import('../audit/log.js'),
      import('../trace/record.js'),
    ])
  const {policy} = loadPolicy(flags.policy)
  const {file: lockFile, lock} = loadVerifiedLock(flags.lock, keyFromEnv())
  const server = flags.name ?? defaultName(lock, words)
  const log = stderrLog(server)
  if (lock && !lock.servers[server]) log(`server "${server}" is not in ${lockFile}; its tools are all unlocked\n  hint: pass --name with the server's name in the lock`)
  return {
    server,
    log,
    pipeline: createPipeline({server, policy, lock}),
    maxMessageBytes: policy.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    audit: flags.audit ? new AuditLog(flags.audit, {server, report: log}) : undefined,
    record: flags.record ? new TraceRecorder(flags.record, {server, report: log}) : undefined,
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
