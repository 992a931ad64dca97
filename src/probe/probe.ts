// Probe one server (or many, a few at a time): plan the launch, start it in the sandbox, speak the
// handshake and read every list within one deadline, then stop the whole process tree whatever
// happened. A failure becomes a ProbeError that names the server and carries its stderr tail.

import {ProbeError} from '../core/errors.js'
import type {ServerConfig} from '../model/config.js'
import {SandboxUnavailableError, startSandboxed, type Sandboxed} from '../sandbox/launch.js'
import {maskSecrets} from '../secrets/patterns.js'
import {escapeUnsafe, excerpt} from '../text/escape.js'
import {LaunchError, planLaunch, type LaunchPlan} from './launch.js'
import {findInNpxCache} from './package.js'
import {ChannelFailure, RpcChannel} from './rpc.js'
import {answerServerRequest, ProtocolViolation, QuitOnDiscover, Session} from './session.js'
import type {ProbeOptions, ProbeOutcome, ProbeResult} from './types.js'

export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024
const DEFAULT_MAX_PAGES = 1000
const DEFAULT_MAX_ITEMS = 10_000
const TAIL_LINES = 20
const TAIL_LINE_CHARS = 300

/** A server that could not be probed: exit 4, with the server's name and the end of its stderr. */
export class ServerProbeError extends ProbeError {
  constructor(
    readonly server: string,
    message: string,
    readonly stderrTail: string,
    opts: {file?: string; pointer?: string; hint?: string} = {},
  ) {
    super(`server "${server}": ${message}`, opts.file ? {file: opts.file, pointer: opts.pointer} : undefined, opts.hint)
    this.name = 'ServerProbeError'
  }

  override format(): string {
    const base = super.format()
    if (!this.stderrTail) return base
    return `${base}\n  stderr (last lines):\n${this.stderrTail
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`
  }
}

/** Only stdio servers are launched; remote (http, sse) ones are skipped by callers: probing them would need the network. */
export function canProbe(config: ServerConfig): boolean {
  return config.transport === 'stdio'
}

/** The last lines of stderr, each escaped (no terminal codes) and with secrets masked. */
export function stderrTail(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop()
  return lines
    .slice(-TAIL_LINES)
    .map((l) => {
      const safe = escapeUnsafe(maskSecrets(l))
      return safe.length > TAIL_LINE_CHARS ? safe.slice(0, TAIL_LINE_CHARS - 1) + '…' : safe
    })
    .join('\n')
}

class Timeout extends Error {}

export async function probeServer(config: ServerConfig, opts: ProbeOptions): Promise<ProbeResult> {
  const place = {file: config.file, pointer: config.pointer}
  const deadline = Date.now() + opts.timeoutMs
  let plan: LaunchPlan
  try {
    plan = await planLaunch(config, opts)
  } catch (err) {
    if (err instanceof LaunchError) throw new ServerProbeError(config.name, err.message, '', {...place, hint: err.hint})
    throw err
  }
  try {
    return await attempt(config, opts, plan, deadline, true)
  } catch (err) {
    // A pre-2026 server that quits on an unknown first request gets a second launch, straight to initialize.
    if (err instanceof QuitOnDiscover) return attempt(config, opts, plan, deadline, false)
    throw err
  }
}

async function attempt(config: ServerConfig, opts: ProbeOptions, plan: LaunchPlan, deadline: number, tryDiscover: boolean): Promise<ProbeResult> {
  const place = {file: config.file, pointer: config.pointer}
  let box: Sandboxed
  try {
    box = await startSandboxed({
      level: plan.level,
      command: plan.command,
      args: plan.args,
      configuredEnv: plan.configuredEnv,
      extraEnv: plan.extraEnv,
      callerEnv: opts.env ?? process.env,
      cwd: plan.cwd,
      projectRoot: opts.projectRoot,
      reads: plan.reads,
    })
  } catch (err) {
    if (err instanceof SandboxUnavailableError) throw new ServerProbeError(config.name, err.message, '', {...place, hint: err.hint})
    throw err
  }
  const proc = box.process
  const rpc = new RpcChannel(proc, opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, (method) => answerServerRequest(method))
  const session = new Session(rpc, {
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES,
    maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS,
    discoverGraceMs: Math.max(250, Math.min(2000, (deadline - Date.now()) / 4)),
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), Math.max(0, deadline - Date.now()))
  })
  let failure: unknown
  let outcome: Awaited<ReturnType<Session['run']>> | undefined
  try {
    const running = session.run(tryDiscover)
    // It may still reject after the race is decided (the server is killed on timeout): not an unhandled error.
    running.catch(() => undefined)
    outcome = await Promise.race([running, rpc.failed, timeout])
  } catch (err) {
    failure = err
  } finally {
    clearTimeout(timer)
    await box.dispose()
  }
  const tail = stderrTail(proc.stderrText())
  if (failure !== undefined || !outcome) {
    // The channel may report the exit before the session does: both mean the server quit on discover.
    if (tryDiscover && (failure instanceof QuitOnDiscover || (failure instanceof ChannelFailure && failure.kind === 'closed' && failure.pendingMethods.join() === 'server/discover'))) {
      throw failure instanceof QuitOnDiscover ? failure : new QuitOnDiscover(failure)
    }
    const {message, hint} = describeFailure(failure, session.stage, opts.timeoutMs, plan)
    throw new ServerProbeError(config.name, message, tail, {...place, hint})
  }
  let pkg = plan.package
  if (plan.npxPending) {
    const found = findInNpxCache(plan.npxPending, opts.env ?? process.env)
    if (found) pkg = {ecosystem: 'npm', name: found.name, version: found.version}
  }
  return {
    server: config.name,
    manifest: outcome.manifest,
    protocolVersion: outcome.protocolVersion,
    handshake: outcome.handshake,
    sandbox: box.level,
    stderrTail: tail,
    ...(pkg ? {package: pkg} : {}),
    ran: {command: plan.command, args: plan.args},
    ...(plan.notes.length > 0 ? {notes: plan.notes} : {}),
  }
}

function describeFailure(err: unknown, stage: string, timeoutMs: number, plan: LaunchPlan): {message: string; hint?: string} {
  if (err instanceof Timeout) {
    return {
      message: `timed out after ${formatSeconds(timeoutMs)} waiting for ${stage}`,
      hint: plan.npxPending ? 'a package that installs itself can take long on its first run: install it first, or raise --timeout' : 'check that the command starts an MCP server on stdio; raise --timeout for a slow start',
    }
  }
  if (err instanceof QuitOnDiscover) err = err.cause
  if (err instanceof ChannelFailure) {
    switch (err.kind) {
      case 'not-json':
      case 'not-jsonrpc':
        return {message: `${err.message} (while waiting for ${stage}): "${excerpt(maskSecrets(err.line ?? ''), 200)}"`, hint: 'stdout is reserved for protocol messages: the server must print its logs on stderr'}
      case 'overflow':
        return {message: `${err.message} (while waiting for ${stage})`, hint: 'stdout is reserved for protocol messages, one per line'}
      case 'spawn':
        return {message: err.message, hint: 'check the command and that it is installed'}
      case 'closed':
        return {message: `${err.message} while the probe was waiting for ${stage}`, hint: 'see its stderr below; run the command by hand to see why it stops'}
    }
  }
  if (err instanceof ProtocolViolation) return {message: err.message, hint: 'the server does not follow the MCP protocol here'}
  if (err instanceof Error) return {message: err.message}
  return {message: String(err)}
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`
}

export interface ProbeProgress {
  index: number
  total: number
  server: string
  state: 'start' | 'done' | 'failed'
  /** Set when the state is done or failed. */
  outcome?: ProbeOutcome
  ms?: number
}

export interface ProbeAllOptions extends ProbeOptions {
  /** How many servers run at once (at least 1). */
  concurrency: number
  onProgress?: (event: ProbeProgress) => void
}

/**
 * Probe every config, `concurrency` at a time; outcomes come back in input order. A failure is an
 * outcome with `error`, never a rejection, so one broken server does not hide the others.
 */
export async function probeAll(configs: ServerConfig[], opts: ProbeAllOptions): Promise<ProbeOutcome[]> {
  const out: ProbeOutcome[] = new Array(configs.length)
  let next = 0
  const worker = async () => {
    while (next < configs.length) {
      const index = next++
      const config = configs[index]
      const started = Date.now()
      opts.onProgress?.({index, total: configs.length, server: config.name, state: 'start'})
      let outcome: ProbeOutcome
      try {
        outcome = {config, result: await probeServer(config, opts)}
      } catch (err) {
        if (!(err instanceof ProbeError)) throw err
        outcome = {
          config,
          error: {message: err.message, stderrTail: err instanceof ServerProbeError ? err.stderrTail : '', ...(err.hint ? {hint: err.hint} : {})},
        }
      }
      out[index] = outcome
      opts.onProgress?.({index, total: configs.length, server: config.name, state: outcome.error ? 'failed' : 'done', outcome, ms: Date.now() - started})
    }
  }
  const n = Math.max(1, Math.min(Math.floor(opts.concurrency) || 1, configs.length))
  await Promise.all(Array.from({length: n}, worker))
  return out
}
