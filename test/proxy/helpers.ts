// Test helpers for the proxy: a pipeline to drive it without the real one, a raw JSON-RPC peer that
// sees every byte, and launchers for the proxy in process and for `wrap` as a real process.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {PassThrough, type Readable, type Writable} from 'node:stream'
import type {Decision, Pipeline, PipelineEvent} from '../../src/pipeline/types.js'
import {startProxy, type ProxyOptions, type RunningProxy} from '../../src/proxy/proxy.js'
import {BIN, FIXTURES, ROOT} from '../helpers/cli.js'

export const SERVERS = path.join(FIXTURES, 'servers')
export const server = (name: string) => path.join(SERVERS, name)
export const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js')
export const FILESYSTEM = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

/** A pipeline for tests: parses each message, allows it unless `decide` says otherwise. */
export function testPipeline(decide?: (msg: Json, e: PipelineEvent) => Partial<Decision> | undefined): Pipeline & {events: PipelineEvent[]} {
  const events: PipelineEvent[] = []
  return {
    events,
    process(e) {
      events.push({...e, raw: Buffer.from(e.raw)})
      let msg: Json
      try {
        msg = JSON.parse(e.raw.toString('utf8'))
      } catch {
        return {
          action: 'reject',
          ruleIds: ['invalid-message'],
          findings: [],
          dir: e.dir,
          line: e.line,
          bytes: e.raw.length,
          reason: 'not json',
          respond: {jsonrpc: '2.0', id: null, error: {code: -32700, message: 'parse error'}},
        }
      }
      const base: Decision = {action: 'allow', ruleIds: [], findings: [], dir: e.dir, line: e.line, bytes: e.raw.length, id: msg.id, method: msg.method}
      if (msg.method === 'tools/call') base.tool = msg.params?.name
      return {...base, ...decide?.(msg, e)}
    },
  }
}

/** A JSON-RPC peer on raw streams: keeps every byte it receives and the messages parsed from them. */
export class RawPeer {
  readonly chunks: Buffer[] = []
  readonly messages: Json[] = []
  readonly garbage: string[] = []
  private nextId = 1
  private parts: Buffer[] = []
  private waiters: Array<{pred: (m: Json) => boolean; resolve: (m: Json) => void}> = []
  readonly closed: Promise<void>
  /** More to say when a wait times out (the stderr of the process under test). */
  context: () => string = () => ''

  constructor(
    readonly to: Writable,
    from: Readable,
  ) {
    from.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk)
      let start = 0
      let nl
      while ((nl = chunk.indexOf(10, start)) !== -1) {
        this.parts.push(chunk.subarray(start, nl))
        start = nl + 1
        const line = Buffer.concat(this.parts).toString('utf8')
        this.parts = []
        let msg: Json
        try {
          msg = JSON.parse(line)
        } catch {
          this.garbage.push(line)
          continue
        }
        this.messages.push(msg)
        this.waiters = this.waiters.filter((w) => (w.pred(msg) ? (w.resolve(msg), false) : true))
      }
      if (start < chunk.length) this.parts.push(chunk.subarray(start))
    })
    this.closed = new Promise((resolve) => from.once('end', () => resolve()))
    to.on('error', () => {})
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks)
  }

  send(msg: Json | string | Buffer): void {
    this.to.write(typeof msg === 'string' || Buffer.isBuffer(msg) ? msg : JSON.stringify(msg) + '\n')
  }

  /** Send a request and wait for the message answering it. */
  request(method: string, params?: Json, timeoutMs = 20_000): Promise<Json> {
    const id = this.nextId++
    const answer = this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs, `answer to ${method} (id ${id})`)
    this.send({jsonrpc: '2.0', id, method, ...(params === undefined ? {} : {params})})
    return answer
  }

  async initialize(): Promise<Json> {
    const r = await this.request('initialize', {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'raw-test', version: '1'}})
    this.send({jsonrpc: '2.0', method: 'notifications/initialized'})
    return r
  }

  waitFor(pred: (m: Json) => boolean, timeoutMs = 20_000, what = 'message'): Promise<Json> {
    const seen = this.messages.find(pred)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 2000)}${this.context()}`)), timeoutMs)
      this.waiters.push({pred, resolve: (m) => (clearTimeout(timer), resolve(m))})
    })
  }

  end(): void {
    this.to.end()
  }
}

export interface InProcess {
  proxy: RunningProxy
  peer: RawPeer
  input: PassThrough
  output: PassThrough
  logs: string[]
}

/** The proxy in this process, between PassThrough streams and a real server process. */
export function proxyInProcess(opts: Partial<ProxyOptions> & {command: string; args: string[]}): InProcess {
  const input = new PassThrough()
  const output = new PassThrough()
  const logs: string[] = []
  const proxy = startProxy({
    server: 'test',
    pipeline: testPipeline(),
    maxMessageBytes: 64 * 1024 * 1024,
    graceMs: 500,
    log: (m) => logs.push(m),
    input,
    output,
    ...opts,
  })
  return {proxy, peer: new RawPeer(input, output), input, output, logs}
}

export interface WrapProcess {
  child: ChildProcessWithoutNullStreams
  peer: RawPeer
  stderr: () => string
  exit: Promise<{code: number | null; signal: NodeJS.Signals | null}>
}

/** `mcp-warden wrap` as a real process (the built CLI), with a raw peer on its stdio. */
export function wrapProcess(args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): WrapProcess {
  const child = spawn(process.execPath, [BIN, 'wrap', ...args], {cwd: opts.cwd ?? ROOT, env: {...process.env, NO_COLOR: '1', ...opts.env}})
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
  const exit = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.once('exit', (code, signal) => resolve({code, signal})))
  const peer = new RawPeer(child.stdin, child.stdout)
  peer.context = () => `\nstderr of wrap: ${err.slice(-3000)}`
  return {child, peer, stderr: () => err, exit}
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function waitUntil(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export const readPids = (file: string): number[] => readFileSync(file, 'utf8').trim().split('\n').map(Number)
