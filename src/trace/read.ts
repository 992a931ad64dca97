// Streaming reader for recorded sessions: the JSONL trace of DESIGN.md (`wrap --record`) and Claude
// Desktop's MCP logs (`mcp-server-NAME.log`). It reads fixed-size chunks and splits lines itself,
// (faster than node:readline, which decodes every line to a string that would have to be encoded
// again), so memory stays flat on gigabyte files. Each event keeps the message's original bytes: the
// envelope is read by a small byte scanner that only skips over `msg`, so the message is parsed once,
// by the pipeline. A line that is not an event is reported by its number and the reading goes on.

import {createReadStream, statSync} from 'node:fs'
import type {Readable} from 'node:stream'
import {InputError} from '../core/errors.js'
import type {Direction} from '../pipeline/types.js'

export type TraceFormat = 'jsonl' | 'claude-log'

export interface TraceEvent {
  type: 'event'
  line: number
  /** Server name from the event (JSONL `server`, or the `[name]` of a Claude log line). */
  server?: string
  dir: Direction
  /** Milliseconds since the epoch. */
  ts: number
  /** The message exactly as recorded (a view into the read buffer: use it before the next batch). */
  raw: Buffer
}

export interface TraceProblem {
  type: 'problem'
  line: number
  /** Lower case, what is wrong with the line. */
  reason: string
}

export type TraceItem = TraceEvent | TraceProblem

export interface ReadOptions {
  /** Force a format; by default a `.log` file is a Claude log, and otherwise the first line that is a JSON object or a timestamped log line decides. */
  format?: TraceFormat
  /** A longer line is reported and skipped instead of being held in memory. */
  maxLineBytes?: number
  /** Bytes read at a time. */
  chunkBytes?: number
}

/** Well above the pipeline's default message limit (64 MiB) plus the event envelope. */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024

const NL = 0x0a
const CR = 0x0d

/**
 * Batches of trace items in line order, one batch per chunk read. Batching keeps the cost of async
 * iteration per chunk, not per line, which matters at hundreds of thousands of events a second.
 */
export async function* readTrace(source: string | Readable, opts: ReadOptions = {}): AsyncGenerator<TraceItem[]> {
  const file = typeof source === 'string' ? source : '-'
  const stream = typeof source === 'string' ? openTrace(source, opts.chunkBytes ?? 1 << 20) : source
  // Claude Desktop names its logs `mcp*.log`; such a file may start with a line of the server's stderr.
  const format = opts.format ?? (typeof source === 'string' && /\.log$/i.test(source) ? 'claude-log' : undefined)
  const splitter = new LineSplitter({...opts, ...(format ? {format} : {})})
  try {
    for await (const chunk of stream) {
      const items = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
      if (items.length > 0) yield items
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read trace: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {file})
  }
  const rest = splitter.end()
  if (rest.length > 0) yield rest
}

/** Every item, one at a time (convenient for tests and small traces). */
export async function* readTraceItems(source: string | Readable, opts: ReadOptions = {}): AsyncGenerator<TraceItem> {
  for await (const batch of readTrace(source, opts)) yield* batch
}

function openTrace(file: string, chunk: number): Readable {
  let st
  try {
    st = statSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(`cannot read trace: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code)}`, {file}, 'check the path; a trace is written by `mcp-warden wrap --record FILE`')
  }
  if (st.isDirectory()) throw new InputError('cannot read trace: is a folder, not a file', {file})
  return createReadStream(file, {highWaterMark: chunk})
}

/** Splits chunks into lines (LF or CRLF), numbering them from 1, and parses each. */
export class LineSplitter {
  private carry: Buffer[] = []
  private carryBytes = 0
  private skipping = false
  private lineNo = 0
  private format: TraceFormat | undefined
  private readonly max: number

  constructor(opts: ReadOptions = {}) {
    this.format = opts.format
    this.max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  }

  push(chunk: Buffer): TraceItem[] {
    const out: TraceItem[] = []
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(NL, start)
      if (nl < 0) break
      if (this.carryBytes > 0 || this.skipping) {
        const skipped = this.skipping
        const line = skipped ? undefined : Buffer.concat([...this.carry, chunk.subarray(start, nl)])
        this.carry = []
        this.carryBytes = 0
        this.skipping = false
        this.lineNo++
        if (line === undefined || line.length > this.max) out.push(this.tooLong())
        else this.parse(line, out)
      } else {
        this.lineNo++
        if (nl - start > this.max) out.push(this.tooLong())
        else this.parse(chunk.subarray(start, nl), out)
      }
      start = nl + 1
    }
    if (start < chunk.length && !this.skipping) {
      const rest = chunk.subarray(start)
      this.carryBytes += rest.length
      if (this.carryBytes > this.max) {
        this.carry = []
        this.carryBytes = 0
        this.skipping = true
      } else this.carry.push(rest)
    }
    return out
  }

  end(): TraceItem[] {
    const out: TraceItem[] = []
    if (this.skipping) {
      this.lineNo++
      out.push(this.tooLong())
    } else if (this.carryBytes > 0) {
      this.lineNo++
      this.parse(Buffer.concat(this.carry), out)
    }
    this.carry = []
    this.carryBytes = 0
    this.skipping = false
    return out
  }

  private tooLong(): TraceProblem {
    return {type: 'problem', line: this.lineNo, reason: `line is longer than ${this.max} bytes and was skipped`}
  }

  private parse(line: Buffer, out: TraceItem[]): void {
    let end = line.length
    if (end > 0 && line[end - 1] === CR) end--
    let start = 0
    while (start < end && (line[start] === 0x20 || line[start] === 0x09)) start++
    if (start === end) return
    const body = start === 0 && end === line.length ? line : line.subarray(start, end)
    // The first line that is either a JSON object or a timestamped log line decides the format;
    // a line before it that is neither is reported as a JSONL problem.
    let format = this.format
    if (format === undefined) {
      if (body[0] === 0x7b) format = this.format = 'jsonl'
      else if (CLAUDE_HEAD.test(body.toString('utf8', 0, Math.min(body.length, 512)))) format = this.format = 'claude-log'
      else format = 'jsonl'
    }
    const item = format === 'jsonl' ? parseEvent(body, this.lineNo) : parseClaudeLine(body, this.lineNo)
    if (item) out.push(item)
  }
}

// ---- JSONL events -------------------------------------------------------------------------------

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/

function problem(line: number, reason: string): TraceProblem {
  return {type: 'problem', line, reason}
}

function skipWs(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break
    i++
  }
  return i
}

/** Index of the closing quote of the string opening at `i`, or -1. Jumps between quotes natively. */
function stringEnd(b: Buffer, i: number): number {
  let j = i + 1
  for (;;) {
    const q = b.indexOf(0x22, j)
    if (q < 0) return -1
    let bs = 0
    for (let k = q - 1; k > i && b[k] === 0x5c; k--) bs++
    if (bs % 2 === 0) return q
    j = q + 1
  }
}

/** End (exclusive) of the JSON value starting at `i`, found without parsing it; -1 when unterminated. */
export function skipValue(b: Buffer, i: number): number {
  const c = b[i]
  if (c === 0x22) {
    const e = stringEnd(b, i)
    return e < 0 ? -1 : e + 1
  }
  if (c === 0x7b || c === 0x5b) {
    let depth = 0
    for (let j = i; j < b.length; j++) {
      const x = b[j]
      if (x === 0x22) {
        j = stringEnd(b, j)
        if (j < 0) return -1
      } else if (x === 0x7b || x === 0x5b) depth++
      else if (x === 0x7d || x === 0x5d) {
        if (--depth === 0) return j + 1
      }
    }
    return -1
  }
  let j = i
  while (j < b.length) {
    const x = b[j]
    if (x === 0x2c || x === 0x7d || x === 0x5d || x === 0x20 || x === 0x09 || x === 0x0a || x === 0x0d) break
    j++
  }
  return j > i ? j : -1
}

function readString(b: Buffer, i: number, end: number): string | undefined {
  let escaped = false
  for (let k = i + 1; k < end; k++) {
    if (b[k] === 0x5c) {
      escaped = true
      break
    }
  }
  if (!escaped) return b.toString('utf8', i + 1, end)
  try {
    return JSON.parse(b.toString('utf8', i, end + 1)) as string
  } catch {
    return undefined
  }
}

/** Parse one JSONL event line. The envelope's own fields are read; `msg` is only delimited. */
export function parseEvent(b: Buffer, line: number): TraceItem {
  if (b[0] !== 0x7b) return problem(line, 'not a JSON object')
  let ts: number | undefined
  let tsBad: string | undefined
  let server: string | undefined
  let dir: string | undefined
  let raw: Buffer | undefined
  let i = skipWs(b, 1)
  if (b[i] === 0x7d) return problem(line, 'event has no "ts", "dir" or "msg"')
  for (;;) {
    if (b[i] !== 0x22) return problem(line, 'not JSON: expected a key')
    const ke = stringEnd(b, i)
    if (ke < 0) return problem(line, 'not JSON: unterminated string')
    const key = readString(b, i, ke)
    i = skipWs(b, ke + 1)
    if (b[i] !== 0x3a) return problem(line, 'not JSON: expected ":"')
    i = skipWs(b, i + 1)
    const vs = i
    const ve = skipValue(b, vs)
    if (ve < 0) return problem(line, `not JSON: the value of "${key}" is cut off`)
    const isString = b[vs] === 0x22
    switch (key) {
      case 'msg':
        // `wrap --record` writes a line that was not JSON as a JSON string holding the line: a
        // JSON-RPC message is never a string, so a string is the original text.
        if (isString) {
          const text = readString(b, vs, ve - 1)
          raw = text === undefined ? b.subarray(vs, ve) : Buffer.from(text, 'utf8')
        } else raw = b.subarray(vs, ve)
        break
      case 'ts': {
        if (isString) {
          const s = readString(b, vs, ve - 1)
          const t = s !== undefined && ISO.test(s) ? Date.parse(s) : Number.NaN
          if (Number.isNaN(t)) tsBad = s ?? ''
          else ts = t
        } else {
          const n = Number(b.toString('latin1', vs, ve))
          if (Number.isFinite(n) && n >= 0) ts = n
          else tsBad = b.toString('latin1', vs, Math.min(ve, vs + 40))
        }
        break
      }
      case 'server':
        if (isString) server = readString(b, vs, ve - 1)
        break
      case 'dir':
        dir = isString ? readString(b, vs, ve - 1) : b.toString('latin1', vs, Math.min(ve, vs + 20))
        break
    }
    i = skipWs(b, ve)
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1)
      continue
    }
    if (b[i] === 0x7d) {
      if (skipWs(b, i + 1) !== b.length) return problem(line, 'not JSON: text after the event object')
      break
    }
    return problem(line, 'not JSON: expected "," or "}"')
  }
  if (tsBad !== undefined) return problem(line, `"ts" is not an ISO-8601 time: ${JSON.stringify(tsBad.slice(0, 40))}`)
  if (ts === undefined) return problem(line, 'event has no "ts"')
  if (dir !== 'c2s' && dir !== 's2c') return problem(line, dir === undefined ? 'event has no "dir"' : `"dir" must be "c2s" or "s2c", not ${JSON.stringify(dir.slice(0, 20))}`)
  if (raw === undefined) return problem(line, 'event has no "msg"')
  return {type: 'event', line, dir, ts, raw, ...(server === undefined ? {} : {server})}
}

// ---- Claude Desktop logs ------------------------------------------------------------------------

// `2025-01-01T10:00:00.000Z [filesystem] [info] Message from client: {...} { metadata: undefined }`
const CLAUDE_HEAD = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z \[[^\]\n]{1,200}\] \[[a-z]{1,10}\] /
const CLAUDE_MESSAGE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) \[([^\]\n]{1,200})\] \[[a-z]{1,10}\] Message from (client|server): /

/**
 * One line of a Claude Desktop MCP log. Only "Message from client/server" lines are events; the
 * log's other lines (start-up, stderr of the server, stack traces) are not, and are passed over.
 * The JSON ends where its value ends: Claude appends ` { metadata: undefined }` after it.
 */
export function parseClaudeLine(b: Buffer, line: number): TraceItem | undefined {
  const head = b.toString('utf8', 0, Math.min(b.length, 512))
  const m = CLAUDE_MESSAGE.exec(head)
  if (!m) return undefined
  const start = Buffer.byteLength(m[0])
  const end = skipValue(b, start)
  const raw = end < 0 ? b.subarray(start) : b.subarray(start, end)
  const ts = Date.parse(m[1])
  if (Number.isNaN(ts)) return problem(line, `time ${JSON.stringify(m[1])} is not a valid date`)
  return {type: 'event', line, server: m[2], dir: m[3] === 'client' ? 'c2s' : 's2c', ts, raw}
}

