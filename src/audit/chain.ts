// The audit log's hash chain: each event carries the hash of the one before it, and its own hash is
// SHA-256 over that previous hash and the event's canonical JSON (RFC 8785) without `hash`. Writer and
// verifier share this one definition, so they cannot disagree about what a line's hash covers.

import {createHash} from 'node:crypto'
import canonicalize from 'canonicalize'
import type {Action, Direction} from '../pipeline/types.js'

export const AUDIT_VERSION = 1

/** `prevHash` of the first event of a log. */
export const GENESIS_HASH = 'sha256:' + '0'.repeat(64)

/** One line of the audit log: one decision of the runtime pipeline (or of the proxy itself). */
export interface AuditEvent {
  v: typeof AUDIT_VERSION
  /** Position in the chain, from 1; continues across sessions appended to the same file. */
  seq: number
  ts: string
  server: string
  dir: Direction
  method?: string
  tool?: string
  id?: string | number | null
  action: Action
  ruleIds: string[]
  /** Size of the message as received. */
  bytes: number
  /** Size of what was sent on in its place (a redaction, or the error answering a rejection). */
  sentBytes?: number
  reason?: string
  prevHash: string
  hash: string
}

const canonical = canonicalize as unknown as (value: unknown) => string | undefined

/** The hash of an event: over the previous hash and the canonical form of everything but `hash`. */
export function eventHash(event: Omit<AuditEvent, 'hash'> & {hash?: unknown}): string {
  const {hash: _ignored, ...rest} = event
  const text = canonical(rest)
  if (text === undefined) throw new Error('audit event cannot be canonicalized')
  return 'sha256:' + createHash('sha256').update(event.prevHash, 'utf8').update(text, 'utf8').digest('hex')
}
