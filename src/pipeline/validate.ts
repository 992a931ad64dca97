// Stage 1, framing and input validation: size, UTF-8, control characters, JSON, nesting depth and
// the JSON-RPC 2.0 shape, in that order and before anything else reads the message. The message is
// parsed exactly once here; later stages work on the parsed value.

import {isUtf8} from 'node:buffer'

export type Id = string | number

export type Message =
  | {kind: 'request'; id: Id; method: string; params: unknown; obj: Record<string, unknown>}
  | {kind: 'notification'; method: string; params: unknown; obj: Record<string, unknown>}
  | {kind: 'response'; id: Id | null; result?: unknown; error?: {code: number; message: string; data?: unknown}; obj: Record<string, unknown>}

export interface Invalid {
  /** Lower case, says what is wrong; the finding and the JSON-RPC error carry it. */
  reason: string
  /** The id of the message, when it could be read: a request with an id gets an answer. */
  id?: Id
  /** Set when the message is a request (or looked like one before it failed). */
  request?: boolean
  /** `parse`: the bytes are not JSON at all (JSON-RPC -32700); `limit`: over a size or depth limit; else not JSON-RPC. */
  problem: 'parse' | 'limit' | 'shape'
}

export type Validated = {ok: true; msg: Message} | ({ok: false} & Invalid)

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

// Where an oversized or broken message can still be answered: an id at the top level before any
// nested value (`{"jsonrpc":"2.0","id":7,...` or `{"id":7,...`), which is how SDKs write requests.
// Anchored and bounded, so it reads only the first bytes of a message it will not parse.
const ID_SNIFF = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,128}")\s*,\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"method"\s*:/

function sniffId(raw: Buffer): Id | undefined {
  const m = ID_SNIFF.exec(raw.subarray(0, 512).toString('latin1'))
  if (!m) return undefined
  // Read as latin1 (one char a byte, so a bad byte cannot shift the match); an id string is UTF-8
  // again before it goes into the answer, or the client gets its id back garbled and waits on.
  return m[1].startsWith('"') ? Buffer.from(m[1].slice(1, -1), 'latin1').toString('utf8') : Number(m[1])
}

function firstControl(raw: Buffer): number {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return i
  }
  return -1
}

function firstInvalidUtf8(raw: Buffer): number {
  const text = raw.toString('utf8')
  const i = text.indexOf('\uFFFD')
  return i < 0 ? 0 : Buffer.byteLength(text.slice(0, i))
}

/** Depth of the deepest container, walked with an explicit stack (a hostile nesting cannot overflow it), stopping past `max`. */
export function exceedsDepth(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false
  const values: unknown[] = [value]
  const depths: number[] = [1]
  while (values.length > 0) {
    const v = values.pop() as object
    const d = depths.pop() as number
    if (d > max) return true
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c = v[i]
        if (c !== null && typeof c === 'object') {
          values.push(c)
          depths.push(d + 1)
        }
      }
    } else {
      for (const k in v) {
        const c = (v as Record<string, unknown>)[k]
        if (c !== null && typeof c === 'object') {
          values.push(c)
          depths.push(d + 1)
        }
      }
    }
  }
  return false
}

function fail(reason: string, id?: Id, request?: boolean, problem: Invalid['problem'] = 'shape'): Validated {
  return {ok: false, reason, problem, ...(id === undefined ? {} : {id}), ...(request ? {request} : {})}
}

const validId = (id: unknown): id is Id => typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))

export function validate(raw: Buffer, maxBytes: number, maxDepth: number): Validated {
  if (raw.length > maxBytes) {
    const id = sniffId(raw)
    return fail(`message of ${raw.length} bytes is larger than the limit of ${maxBytes} bytes`, id, id !== undefined, 'limit')
  }
  if (!isUtf8(raw)) {
    const id = sniffId(raw)
    return fail(`message is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(raw)})`, id, id !== undefined, 'parse')
  }
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch (error) {
    const id = sniffId(raw)
    const c = firstControl(raw)
    if (c >= 0) return fail(`message holds a raw control character 0x${raw[c].toString(16).padStart(2, '0')} at offset ${c}`, id, id !== undefined, 'parse')
    // V8's message quotes the input; a reason must not carry the sender's bytes, only where it broke.
    const v8 = (error as Error).message
    const pos = /position (\d+)/.exec(v8)?.[1]
    const where = /end of JSON input|Unterminated/.test(v8) ? ' (it ends early)' : pos ? ` (at character ${pos})` : ''
    return fail(`message is not JSON${where}`, id, id !== undefined, 'parse')
  }
  // A container needs two bytes, so a short message cannot be too deep: skip the walk.
  if (raw.length > 2 * maxDepth && exceedsDepth(value, maxDepth)) {
    const id = isObj(value) && validId(value.id) ? value.id : undefined
    return fail(`message is nested deeper than ${maxDepth} levels`, id, isObj(value) && 'method' in value, 'limit')
  }
  if (!isObj(value)) {
    return fail(Array.isArray(value) ? 'message is a JSON array: JSON-RPC batches are not part of MCP since 2025-06-18' : `message is a JSON ${value === null ? 'null' : typeof value}, not a JSON-RPC object`)
  }
  const id = validId(value.id) ? value.id : undefined
  // A message with a "method" and an id is a request, however malformed: its sender waits for the
  // answer, and the error must go back to it, not on to the other side as if it were a response.
  if (value.jsonrpc !== '2.0') return fail('message is not JSON-RPC 2.0: "jsonrpc" must be "2.0"', id, 'method' in value)
  if ('method' in value) {
    if (typeof value.method !== 'string') return fail('"method" must be a string', id, true)
    if (value.params !== undefined && (value.params === null || typeof value.params !== 'object')) return fail('"params" must be an object', id, true)
    if ('result' in value || 'error' in value) return fail('a request or notification cannot carry "result" or "error"', id, true)
    if (!('id' in value)) return {ok: true, msg: {kind: 'notification', method: value.method, params: value.params, obj: value}}
    if (id === undefined) return fail('a request "id" must be a string or a number')
    return {ok: true, msg: {kind: 'request', id, method: value.method, params: value.params, obj: value}}
  }
  if (!('id' in value)) return fail('message has neither "method" nor "id": not a request, notification or response')
  if (id === undefined && value.id !== null) return fail('a response "id" must be a string, a number or null')
  const hasResult = 'result' in value
  const hasError = 'error' in value
  if (hasResult === hasError) return fail(hasResult ? 'a response cannot carry both "result" and "error"' : 'a response needs "result" or "error"', id)
  if (hasError) {
    const e = value.error
    if (!isObj(e) || !Number.isInteger(e.code) || typeof e.message !== 'string') return fail('"error" must be an object with an integer "code" and a string "message"', id)
    return {ok: true, msg: {kind: 'response', id: id ?? null, error: e as {code: number; message: string; data?: unknown}, obj: value}}
  }
  return {ok: true, msg: {kind: 'response', id: id ?? null, result: value.result, obj: value}}
}
