// The audit log of `wrap --audit`: one hash-chained JSON line per decision. The message path only
// queues the decision; masking, hashing and writing happen in batches after it (src/io/append.ts).
// A log that already exists is continued: the chain picks up from its last event.

import {closeSync, openSync, readSync, fstatSync} from 'node:fs'
import {Appender} from '../io/append.js'
import type {Action, Decision, Direction} from '../pipeline/types.js'
import {maskSecrets} from '../secrets/patterns.js'
import {AUDIT_VERSION, eventHash, GENESIS_HASH, type AuditEvent} from './chain.js'

/** What the proxy knows about a decision besides the decision itself. */
export interface AuditEntry {
  ts: number
  decision: Pick<Decision, 'action' | 'ruleIds' | 'dir' | 'method' | 'tool' | 'id' | 'reason' | 'bytes'>
  sentBytes?: number
}

export interface AuditLogOptions {
  server: string
  report(message: string): void
}

export class AuditLog {
  private seq = 0
  private prevHash = GENESIS_HASH
  private readonly out: Appender<AuditEntry>

  constructor(
    readonly file: string,
    private readonly opts: AuditLogOptions,
  ) {
    const head = readChainHead(file)
    if (head === 'broken') opts.report(`the audit log ${file} does not end with a valid event; its chain restarts here\n  hint: run \`mcp-warden verify --audit ${file}\` to find the damage`)
    else if (head) {
      this.seq = head.seq
      this.prevHash = head.hash
    }
    this.out = new Appender(file, (items) => this.render(items), {label: 'audit log', report: opts.report})
  }

  get events(): number {
    return this.seq
  }

  /** False once a write failed: the file then lacks events and its chain head is not `head`. */
  get ok(): boolean {
    return this.out.ok
  }

  /** The hash of the last event queued: keep it elsewhere to detect a log cut short or rewritten. */
  get head(): string {
    return this.prevHash
  }

  add(entry: AuditEntry): void {
    this.out.add(entry)
  }

  drain(): Promise<void> {
    return this.out.drain()
  }

  flushSync(): void {
    this.out.flushSync()
  }

  close(): Promise<void> {
    return this.out.close()
  }

  private render(items: AuditEntry[]): Buffer {
    let text = ''
    for (const item of items) text += JSON.stringify(this.chain(item)) + '\n'
    return Buffer.from(text, 'utf8')
  }

  private chain({ts, decision: d, sentBytes}: AuditEntry): AuditEvent {
    const event: Omit<AuditEvent, 'hash'> & {hash?: string} = {
      v: AUDIT_VERSION,
      seq: this.seq + 1,
      ts: new Date(ts).toISOString(),
      server: this.opts.server,
      dir: d.dir as Direction,
      action: d.action as Action,
      ruleIds: [...d.ruleIds],
      bytes: d.bytes,
      prevHash: this.prevHash,
    }
    // Everything taken from a message is masked: an audit log must not become a second leak.
    if (d.method !== undefined) event.method = maskSecrets(d.method)
    if (d.tool !== undefined) event.tool = maskSecrets(d.tool)
    if (d.id !== undefined) event.id = typeof d.id === 'string' ? maskSecrets(d.id) : d.id
    if (sentBytes !== undefined) event.sentBytes = sentBytes
    if (d.reason !== undefined) event.reason = maskSecrets(d.reason)
    event.hash = eventHash(event)
    this.seq = event.seq
    this.prevHash = event.hash
    return event as AuditEvent
  }
}

/** The last event of an existing log, `undefined` for a missing or empty file, `broken` when unreadable. */
function readChainHead(file: string): {seq: number; hash: string} | 'broken' | undefined {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return undefined
  }
  try {
    const size = fstatSync(fd).size
    if (size === 0) return undefined
    const len = Math.min(size, 64 * 1024)
    const buf = Buffer.alloc(len)
    readSync(fd, buf, 0, len, size - len)
    const lines = buf.toString('utf8').split('\n')
    let last = lines.pop()
    while (last !== undefined && last.trim() === '') last = lines.pop()
    if (last === undefined) return 'broken'
    try {
      const event = JSON.parse(last) as Partial<AuditEvent>
      if (Number.isSafeInteger(event.seq) && typeof event.hash === 'string') return {seq: event.seq as number, hash: event.hash}
    } catch {
      // Falls through: a torn or foreign last line.
    }
    return 'broken'
  } finally {
    closeSync(fd)
  }
}
