// The live stdio proxy behind `wrap`: frames both directions on raw bytes, asks the pipeline about each
// message, forwards the original bytes of what passes (a redaction's new bytes otherwise), answers
// what it rejects, and keeps the promises of a transport: nothing reordered or silently lost, every
// forwarded request answered even when the server dies, no process left behind.

import type {Readable, Writable} from 'node:stream'
import type {AuditLog} from '../audit/log.js'
import {DENY_CODES, type Decision, type Direction, type JsonRpcError, type Pipeline} from '../pipeline/types.js'
import type {TraceRecorder} from '../trace/record.js'
import {ServerProcess, type ServerExit} from './child.js'
import {peekEnvelope, type Envelope, type JsonRpcId} from './envelope.js'
import {LineSplitter} from './framing.js'
import type {ProxyLog} from './log.js'

export interface ProxyOptions {
  command: string
  args: string[]
  /**
   * The server, already started with `command` and `args` (wrap starts it first and loads the
   * pipeline while it boots); started here when absent.
   */
  process?: ProxiedServer
  server: string
  pipeline: Pipeline
  maxMessageBytes: number
  /** Wait between the steps of the shutdown (stdin EOF, SIGTERM, SIGKILL). */
  graceMs: number
  log: ProxyLog
  audit?: AuditLog
  record?: TraceRecorder
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** The client's side; default the process's stdin and stdout. */
  input?: Readable
  output?: Writable
}

/**
 * What the proxy uses of the server: its pipes, its exit and the shutdown sequence. A ServerProcess
 * in `wrap`; the fuzz tests pass an in-process stub, so thousands of sessions run without spawning.
 */
export type ProxiedServer = Pick<ServerProcess, 'pid' | 'exited' | 'running' | 'stop'> & {readonly child: {readonly stdin: Writable; readonly stdout: Readable}}

export type EndReason = 'server-exit' | 'client-closed' | 'signal' | 'launch-failed'

export interface ProxyResult extends ServerExit {
  /** Why the session ended: the server went on its own, the client left, or `wrap` got a signal. */
  reason: EndReason
  /** The signal `wrap` received and forwarded, when that is how it ended. */
  forwarded?: NodeJS.Signals
  /** The server outlived stdin EOF and SIGTERM and had to be killed. */
  killed: boolean
}

export interface RunningProxy {
  readonly pid: number | undefined
  readonly done: Promise<ProxyResult>
  /**
   * Forward a signal `wrap` received to the server; SIGKILL follows after the grace period. With
   * `alreadySent`, only record it (it reached the server before the proxy started).
   */
  signal(signal: NodeJS.Signals, opts?: {alreadySent?: boolean}): void
}

export function startProxy(opts: ProxyOptions): RunningProxy {
  const proxy = new StdioProxy(opts)
  return {pid: proxy.server.pid, done: proxy.done, signal: (s, o) => proxy.onSignal(s, o?.alreadySent ?? false)}
}

/** A message's envelope as far as the proxy needs it: who answers whom. */
interface Routing {
  kind?: 'request' | 'notification' | 'response'
  id?: JsonRpcId | null
  method?: string
}

class StdioProxy {
  readonly server: ProxiedServer
  readonly done: Promise<ProxyResult>
  private readonly input: Readable
  private readonly output: Writable
  private readonly toServer: Writable
  private readonly c2s: LineSplitter
  private readonly s2c: LineSplitter
  /** Requests forwarded to the server and not answered yet: answered by us if the server dies. */
  private readonly inFlight = new Map<JsonRpcId, string[]>()
  private seq = 0
  private reason: EndReason = 'server-exit'
  private forwarded?: NodeJS.Signals
  private clientGone = false
  private outputBroken = false
  private readonly paused = new Set<Readable>()
  /** Messages forwarded from the chunk being split, and the destination corked for them. */
  private burst = 0
  private corked?: Writable

  constructor(private readonly opts: ProxyOptions) {
    this.input = opts.input ?? process.stdin
    this.output = opts.output ?? process.stdout
    this.server = opts.process ?? new ServerProcess(opts.command, opts.args, {env: opts.env, cwd: opts.cwd, graceMs: opts.graceMs})
    this.toServer = this.server.child.stdin
    const max = opts.maxMessageBytes
    this.c2s = new LineSplitter(max, {line: (raw, frame) => this.onLine('c2s', raw, frame), oversize: (h, t, n) => this.onOversize('c2s', h, t, n)})
    this.s2c = new LineSplitter(max, {line: (raw, frame) => this.onLine('s2c', raw, frame), oversize: (h, t, n) => this.onOversize('s2c', h, t, n)})

    this.output.on('error', () => this.onClientGone('its stdout closed'))
    this.input.on('data', (chunk: Buffer) => {
      this.c2s.push(chunk)
      this.endBurst()
      this.backpressure(this.input, this.toServer)
      this.backpressure(this.input, this.output)
    })
    this.input.once('end', () => this.onClientGone('it closed stdin'))
    this.input.once('error', () => this.onClientGone('stdin failed'))
    const fromServer = this.server.child.stdout
    fromServer.on('data', (chunk: Buffer) => {
      this.s2c.push(chunk)
      this.endBurst()
      this.backpressure(fromServer, this.output)
      this.backpressure(fromServer, this.toServer)
    })
    this.done = this.server.exited.then((exit) => this.finish(exit))
  }

  onSignal(signal: NodeJS.Signals, alreadySent: boolean): void {
    this.reason = 'signal'
    this.forwarded = signal
    this.opts.log(`got ${signal}; passing it on to the server`)
    if (!alreadySent) this.server.stop({now: signal})
  }

  private onLine(dir: Direction, raw: Buffer, frame: Buffer): void {
    const ts = Date.now()
    const line = ++this.seq
    let d: Decision
    try {
      d = this.opts.pipeline.process({dir, raw, ts, line})
    } catch (error) {
      d = this.failClosed(dir, raw, line, error)
    }
    // A message the pipeline read as JSON-RPC is known JSON; anything else the recorder checks itself.
    this.opts.record?.add(ts, dir, raw, d.kind !== undefined && !d.ruleIds.includes('invalid-message'))
    const to = dir === 'c2s' ? this.toServer : this.output
    let sentBytes: number | undefined
    switch (d.action) {
      case 'allow':
      case 'flag':
        // From the second message of a chunk on, writes are gathered into one writev at the chunk's end.
        if (++this.burst === 2 && !this.corked) {
          to.cork()
          this.corked = to
        }
        this.write(to, frame)
        this.track(dir, d, raw)
        if (d.action === 'flag') this.opts.log(describe('flagged', d))
        break
      case 'redact': {
        const forward = d.forward ?? ''
        this.write(to, forward + '\n')
        sentBytes = Buffer.byteLength(forward)
        this.track(dir, d, raw)
        this.opts.log(describe('redacted', d))
        break
      }
      case 'reject':
        sentBytes = this.answerRejection(dir, routingOf(d, raw), d.respond, d.reason)
        this.opts.log(describe('rejected', d))
        break
    }
    this.opts.audit?.add({ts, decision: d, sentBytes})
  }

  /** Keep the in-flight table: a forwarded client request waits for the server's answer. */
  private track(dir: Direction, d: Decision, raw: Buffer): void {
    // Nothing is waiting: a server message cannot change the table (the common case, at no cost).
    if (dir === 's2c' && this.inFlight.size === 0) return
    const route = routingOf(d, raw)
    const {kind, id} = route
    if (dir === 's2c') {
      if (kind === 'response' && id !== undefined && id !== null) this.settle(id)
    } else if (kind === 'request' && id !== undefined && id !== null) {
      // One entry per request, not per id: a client that reuses an id still in flight gets as many
      // answers as it sent requests when the server dies, not one.
      const methods = this.inFlight.get(id)
      if (methods) methods.push(route.method ?? '')
      else this.inFlight.set(id, [route.method ?? ''])
    } else if (kind === 'notification' && route.method === 'notifications/cancelled') {
      // A cancelled request may never be answered; the server owes nothing for it any more.
      const requestId = cancelledId(raw)
      if (requestId !== undefined) this.settle(requestId)
    }
  }

  /** One request with this id is answered (or cancelled); false when none was waiting. */
  private settle(id: JsonRpcId): boolean {
    const methods = this.inFlight.get(id)
    if (!methods) return false
    methods.shift()
    if (methods.length === 0) this.inFlight.delete(id)
    return true
  }

  /**
   * Send the pipeline's error to whoever waits for an answer: the sender of a rejected request, the
   * receiver of a rejected response. A rejected notification or unparseable line from the server has
   * nobody waiting on the server's side; the client's garbage gets its parse error back.
   */
  private answerRejection(dir: Direction, route: Routing, respond: JsonRpcError | undefined, reason?: string): number | undefined {
    if (dir === 's2c' && route.kind === 'response' && route.id !== undefined && route.id !== null && this.settle(route.id) && !respond) {
      // The server's answer is unreadable (not JSON, not UTF-8: `"score":NaN`) and the pipeline found
      // no id in it, but its ends show whose answer it is. The client waits for it: it gets an error
      // instead, as for any refused answer, not silence until the server exits.
      respond = {jsonrpc: '2.0', id: route.id, error: {code: DENY_CODES.invalid, message: `mcp-warden refused the server's answer: ${reason ?? 'it is not a valid JSON-RPC message'}`}}
    }
    if (!respond) return undefined
    let to: Writable | undefined
    if (route.kind === 'request') to = dir === 'c2s' ? this.output : this.toServer
    else if (route.kind === 'response') to = dir === 'c2s' ? this.toServer : this.output
    else if (route.kind === undefined && dir === 'c2s') to = this.output
    if (!to) return undefined
    const text = JSON.stringify(respond) + '\n'
    this.write(to, text)
    return Buffer.byteLength(text) - 1
  }

  private onOversize(dir: Direction, head: Buffer, tail: Buffer, bytes: number): void {
    const ts = Date.now()
    // Not numbered: it is not in the recording, and message numbers stay the recording's line numbers.
    const line = this.seq
    const route = routingOf(peekEnvelope(head, tail), head)
    const max = this.opts.maxMessageBytes
    const who = dir === 'c2s' ? 'client' : 'server'
    const reason = `a message from the ${who} is ${bytes} bytes, over the limit of ${max}; it was discarded. raise limits.maxMessageBytes in the policy if such messages are expected`
    const id = route.id ?? null
    const respond: JsonRpcError | undefined =
      route.id === undefined ? undefined : {jsonrpc: '2.0', id, error: {code: DENY_CODES.invalid, message: reason, data: {bytes, limit: max}}}
    const d: Decision = {action: 'reject', ruleIds: ['invalid-message'], findings: [], dir, line, bytes, reason, ...route, ...(respond ? {respond} : {})}
    // The line was never held whole, so the recording cannot hold it either; the audit keeps the decision.
    const sentBytes = this.answerRejection(dir, route, respond)
    this.opts.log(describe('rejected', d))
    this.opts.audit?.add({ts, decision: d, sentBytes})
  }

  private failClosed(dir: Direction, raw: Buffer, line: number, error: unknown): Decision {
    const {params: _asks, ...route} = peekEnvelope(raw.subarray(0, 4096), raw.subarray(Math.max(0, raw.length - 1024)))
    const reason = `internal error in the pipeline (${(error as Error).message}); the message was blocked. please report this with the server's name`
    const respond: JsonRpcError | undefined =
      route.id === undefined || route.id === null ? undefined : {jsonrpc: '2.0', id: route.id, error: {code: -32603, message: reason}}
    return {action: 'reject', ruleIds: [], findings: [], dir, line, bytes: raw.length, reason, ...route, ...(respond ? {respond} : {})}
  }

  private write(to: Writable, data: Buffer | string): void {
    if (to === this.output && this.outputBroken) return
    if (to.writable) to.write(data)
  }

  private endBurst(): void {
    this.burst = 0
    if (this.corked) {
      this.corked.uncork()
      this.corked = undefined
    }
  }

  /** Pause `source` while `dest` is over its high-water mark, so a slow reader bounds our memory. */
  private backpressure(source: Readable, dest: Writable): void {
    if (!dest.writableNeedDrain || dest.destroyed || this.paused.has(source)) return
    this.paused.add(source)
    source.pause()
    const resume = () => {
      dest.off('drain', resume)
      dest.off('close', resume)
      this.paused.delete(source)
      for (const other of [this.toServer, this.output]) {
        if (other.writableNeedDrain && !other.destroyed) return this.backpressure(source, other)
      }
      source.resume()
    }
    // A destination that closes never drains; its closing ends the session anyway.
    dest.on('drain', resume)
    dest.on('close', resume)
  }

  private onClientGone(why: string): void {
    if (this.clientGone) return
    this.clientGone = true
    if (why !== 'it closed stdin') this.outputBroken = true
    if (this.reason === 'server-exit' && this.server.running) this.reason = 'client-closed'
    const left = this.c2s.end()
    if (left > 0) this.opts.log(`the client's last ${left} bytes had no newline and were dropped`)
    if (!this.server.running) return
    this.opts.log(`client left (${why}); stopping the server`)
    // end() lets the messages already queued reach the server before its stdin closes.
    this.toServer.end()
    this.server.stop()
  }

  private async finish(exit: ServerExit): Promise<ProxyResult> {
    const left = this.s2c.end()
    if (left > 0) this.opts.log(`the server's last ${left} bytes had no newline and were dropped`)
    if (exit.error) {
      this.opts.log(`cannot start the server: ${exit.error.code ?? exit.error.message} (${this.opts.command})\n  hint: check the command and that it is on PATH; give the full path if the client starts wrap with a minimal PATH`)
      this.reason = 'launch-failed'
    } else if (this.reason === 'server-exit') {
      this.opts.log(`the server exited ${exit.signal ? `on ${exit.signal}` : `with code ${exit.code}`}`)
    }
    this.answerInFlight(exit)
    this.input.removeAllListeners('data')
    this.input.pause()
    // The client may keep stdin open after the server is gone; nothing more will be read from it.
    if (this.input === process.stdin) process.stdin.destroy()
    await this.flushOutput()
    return {...exit, reason: this.reason, forwarded: this.forwarded, killed: exit.signal === 'SIGKILL' && this.reason !== 'server-exit'}
  }

  /** The server is gone: every request it still owed an answer gets an error, so no client hangs. */
  private answerInFlight(exit: ServerExit): void {
    if (this.inFlight.size === 0) return
    const how = exit.error ? 'could not be started' : exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`
    const message = `the mcp server ${how} before answering; see its log on stderr, then restart it`
    const ts = Date.now()
    let n = 0
    for (const [id, methods] of this.inFlight) {
      for (const method of methods) {
        n++
        const respond: JsonRpcError = {jsonrpc: '2.0', id, error: {code: DENY_CODES.serverGone, message, data: {server: this.opts.server, method}}}
        const text = JSON.stringify(respond) + '\n'
        this.write(this.output, text)
        this.opts.audit?.add({ts, decision: {action: 'reject', ruleIds: [], dir: 's2c', method, id, reason: message, bytes: 0}, sentBytes: text.length - 1})
      }
    }
    this.opts.log(`answered ${n} request(s) in flight with an error (${DENY_CODES.serverGone})`)
    this.inFlight.clear()
  }

  private flushOutput(): Promise<void> {
    const out = this.output
    if (this.outputBroken || out.writableLength === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      // A client that stopped reading must not keep `wrap` alive.
      const timer = setTimeout(done, Math.max(this.opts.graceMs, 1000))
      out.once('drain', done)
      out.once('error', done)
      out.once('close', done)
    })
  }
}

function describe(verb: string, d: Decision): string {
  const what = [d.dir, d.method, d.tool ? `"${d.tool}"` : undefined, d.id !== undefined && d.id !== null ? `(id ${JSON.stringify(d.id)})` : undefined].filter(Boolean).join(' ')
  const rules = d.ruleIds.length > 0 ? ` [${d.ruleIds.join(', ')}]` : ''
  return `${verb} ${what}${d.reason ? `: ${d.reason}` : ''}${rules}`
}

/**
 * The pipeline says what a message is; a pipeline that did not read it (garbage, or a driver-made
 * decision) leaves that to a look at the message's ends.
 */
function routingOf(d: Pick<Decision, 'kind' | 'id' | 'method'> & Pick<Envelope, 'params'>, raw: Buffer): Routing {
  if (d.kind !== undefined) return d
  const {params, ...env}: Routing & Pick<Envelope, 'params'> =
    d.id !== undefined || d.method !== undefined ? d : peekEnvelope(raw.subarray(0, 4096), raw.subarray(Math.max(0, raw.length - 1024)))
  const hasId = env.id !== undefined && env.id !== null
  const asks = env.method !== undefined || params === true
  const kind = asks ? (hasId ? 'request' : 'notification') : hasId ? 'response' : undefined
  return kind === undefined ? env : {...env, kind}
}

function cancelledId(raw: Buffer): JsonRpcId | undefined {
  try {
    const id = (JSON.parse(raw.toString('utf8')) as {params?: {requestId?: unknown}}).params?.requestId
    return typeof id === 'string' || typeof id === 'number' ? id : undefined
  } catch {
    return undefined
  }
}

