// JSON-RPC over a server's stdio, framed here rather than by the SDK: one message per line, parsed
// with plain JSON.parse so unknown fields survive, stdout capped so a server that never prints a
// newline cannot grow memory, and the first line that is not JSON-RPC ends the session with that
// line quoted. Requests the server sends to the client are answered; its notifications are ignored.

import type {LaunchedProcess} from '../sandbox/process.js'

export type JsonObject = Record<string, unknown>

/** The server answered a request with a JSON-RPC error. */
export class RpcResponseError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
    this.name = 'RpcResponseError'
  }
}

export type ChannelFailureKind = 'not-json' | 'not-jsonrpc' | 'overflow' | 'closed' | 'spawn'

/** The connection itself broke: bad output, too much output, or the server went away. */
export class ChannelFailure extends Error {
  /** Methods of the requests still unanswered when the connection broke. */
  pendingMethods: string[] = []
  constructor(
    readonly kind: ChannelFailureKind,
    message: string,
    readonly line?: string,
  ) {
    super(message)
    this.name = 'ChannelFailure'
  }
}

export const METHOD_NOT_FOUND = -32601

/** Answer for a request from the server; `undefined` means "method not found". */
export type ServerRequestHandler = (method: string, params: unknown) => {result: unknown} | {error: {code: number; message: string}} | undefined

interface Pending {
  method: string
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

const NEWLINE = 0x0a

export class RpcChannel {
  /** Rejects once, with the ChannelFailure that ended the connection. */
  readonly failed: Promise<never>
  failure?: ChannelFailure
  private fail!: (err: ChannelFailure) => void
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private chunks: Buffer[] = []
  private total = 0
  private readonly decoder = new TextDecoder('utf-8')

  constructor(
    private readonly proc: LaunchedProcess,
    private readonly maxBytes: number,
    private readonly onRequest: ServerRequestHandler,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = (err) => {
        if (this.failure) return
        this.failure = err
        err.pendingMethods = [...this.pending.values()].map((p) => p.method)
        for (const p of this.pending.values()) p.reject(err)
        this.pending.clear()
        reject(err)
      }
    })
    // Nobody may be awaiting `failed` when it rejects; the failure is still read through `failure`.
    this.failed.catch(() => undefined)
    proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk))
    proc.stdout.on('end', () => void this.onClosed())
    void proc.exited.then(() => {
      if (proc.spawnError) this.fail(new ChannelFailure('spawn', `could not start the server: ${proc.spawnError.message}`))
    })
  }

  request(method: string, params?: JsonObject): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, {method, resolve, reject})
      this.send({jsonrpc: '2.0', id, method, ...(params === undefined ? {} : {params})})
    })
  }

  notify(method: string, params?: JsonObject): void {
    this.send({jsonrpc: '2.0', method, ...(params === undefined ? {} : {params})})
  }

  private send(msg: JsonObject): void {
    if (this.failure) return
    this.proc.write(JSON.stringify(msg) + '\n')
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return
    this.total += chunk.length
    if (this.total > this.maxBytes) {
      this.fail(new ChannelFailure('overflow', `the server printed more than ${formatBytes(this.maxBytes)} on stdout${this.chunks.length > 0 ? ' without a newline' : ''}`))
      this.proc.stdout.pause()
      return
    }
    let start = 0
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0 && !this.failure; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl)
      const line = this.chunks.length > 0 ? Buffer.concat([...this.chunks, piece]) : piece
      this.chunks = []
      start = nl + 1
      this.onLine(this.decoder.decode(line))
    }
    if (start < chunk.length && !this.failure) this.chunks.push(chunk.subarray(start))
  }

  private async onClosed(): Promise<void> {
    if (this.failure) return
    if (this.chunks.length > 0) {
      const rest = Buffer.concat(this.chunks)
      this.chunks = []
      this.onLine(this.decoder.decode(rest))
      if (this.failure) return
    }
    // stdout can end a moment before the exit status is known: wait briefly so the message has it.
    const info = await Promise.race([this.proc.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 300))])
    if (this.proc.spawnError) {
      this.fail(new ChannelFailure('spawn', `could not start the server: ${this.proc.spawnError.message}`))
      return
    }
    const how = info === undefined ? 'closed its stdout' : info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`
    this.fail(new ChannelFailure('closed', `the server ${how}`))
  }

  private onLine(raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text.trim() === '') return
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      this.fail(new ChannelFailure('not-json', 'the server printed a line on stdout that is not JSON', text))
      return
    }
    const messages = Array.isArray(msg) ? msg : [msg]
    for (const m of messages) {
      if (!this.onMessage(m)) {
        this.fail(new ChannelFailure('not-jsonrpc', 'the server printed a line on stdout that is not a JSON-RPC message', text))
        return
      }
    }
  }

  /** False when the value is not a JSON-RPC message at all. */
  private onMessage(m: unknown): boolean {
    if (!m || typeof m !== 'object' || Array.isArray(m)) return false
    const msg = m as JsonObject
    const hasId = typeof msg.id === 'number' || typeof msg.id === 'string'
    if (typeof msg.method === 'string') {
      // Notifications (logs, list_changed, progress) change nothing in a snapshot: ignored.
      if (hasId) this.answer(msg.id as number | string, msg.method, msg.params)
      return true
    }
    if (!('result' in msg) && !('error' in msg)) return false
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined
    // An answer to nothing we asked (or to a request we gave up on) is harmless: ignore it.
    if (!p) return true
    this.pending.delete(msg.id as number)
    if ('error' in msg) {
      const e = (msg.error && typeof msg.error === 'object' ? msg.error : {}) as JsonObject
      p.reject(new RpcResponseError(p.method, typeof e.code === 'number' ? e.code : 0, typeof e.message === 'string' ? e.message : 'error without a message', e.data))
    } else p.resolve(msg.result)
    return true
  }

  private answer(id: number | string, method: string, params: unknown): void {
    const reply = this.onRequest(method, params) ?? {error: {code: METHOD_NOT_FOUND, message: `method not found: ${method}`}}
    this.send({jsonrpc: '2.0', id, ...reply})
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`
  return `${n} bytes`
}
