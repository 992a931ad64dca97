// The runtime pipeline contract (DESIGN.md "Runtime pipeline"): one implementation, driven by `wrap`
// (live) and `replay` (recorded). The driver frames messages and hands each one over with its
// original bytes; the pipeline decides synchronously. Passing messages are forwarded as the original
// bytes by the driver; only a redaction produces new bytes.

import type {Finding} from '../core/finding.js'

export type Direction = 'c2s' | 's2c'
export type Action = 'allow' | 'flag' | 'redact' | 'reject'

export interface PipelineEvent {
  dir: Direction
  /** The message line exactly as received, without the trailing newline. */
  raw: Buffer
  /** Time of the message in ms since the epoch: the clock for live use, the trace's `ts` in replay. */
  ts: number
  /** Line number in the trace (replay) or the message's sequence number (wrap). */
  line: number
}

export interface JsonRpcError {
  jsonrpc: '2.0'
  id: string | number | null
  error: {code: number; message: string; data?: unknown}
}

export interface Decision {
  action: Action
  ruleIds: string[]
  findings: Finding[]
  dir: Direction
  line: number
  method?: string
  tool?: string
  /** Set when the parsed message was valid JSON-RPC. */
  id?: string | number | null
  /** For `redact`: the message to forward instead, serialized once (only the secret replaced). */
  forward?: string
  /**
   * For `reject`: the JSON-RPC error to send back. A rejected request is answered to its sender (the
   * client in place of the server, or the server for its own requests such as sampling); a rejected
   * server result is replaced, to the client, by this error. A rejected notification has none
   * (nothing to answer); the driver logs it.
   */
  respond?: JsonRpcError
  /** Human-readable reason (for logs and the audit). */
  reason?: string
  /** Size of the raw message in bytes. */
  bytes: number
  /**
   * What the message is, so the driver knows where `respond` goes: a rejected `request` is answered
   * to its sender (client or server); a rejected `response` is replaced, towards its receiver, by
   * `respond`; a `notification` (or garbage with no id) has nothing to answer. Absent when the
   * message could not be read at all.
   */
  kind?: 'request' | 'notification' | 'response'
}

export interface Pipeline {
  process(event: PipelineEvent): Decision
}

/** Stable JSON-RPC error codes of mcp-warden's denials (in the implementation-defined range). */
export const DENY_CODES = {
  policy: -32001,
  integrity: -32002,
  rateLimit: -32003,
  content: -32004,
  invalid: -32600,
  parse: -32700,
  serverGone: -32005,
} as const

export interface PipelineOptions {
  /** The server's name (as in the config and the lock). */
  server: string
  /** The validated policy (src/policy/schema.ts); `{}` means defaults. */
  policy: import('../policy/schema.js').Policy
  /** The lock, when given: the integrity stage compares listings with `lock.servers[server]`. */
  lock?: import('../lock/format.js').Lockfile
  /** The file findings point at: the trace in replay (default `-`). */
  file?: string
}
