// Check an audit log's hash chain (`verify --audit`), streaming, so a log of any size is checked in
// flat memory. A removed, changed, inserted or reordered line breaks the chain at the first line
// after the damage; a log cut short at its end is only caught against a head hash kept elsewhere.

import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'
import {InputError} from '../core/errors.js'
import {eventHash, GENESIS_HASH} from './chain.js'

export interface AuditVerification {
  ok: boolean
  /** Lines read (up to and including the first bad one). */
  lines: number
  /** 1-based number of the first line that does not verify. */
  firstBad?: number
  reason?: string
  /** Hash of the last good event: compare with the head `wrap` printed to detect a truncated log. */
  head: string
}

export async function verifyAuditFile(file: string, opts: {expectHead?: string} = {}): Promise<AuditVerification> {
  const input = createReadStream(file)
  const rl = createInterface({input, crlfDelay: Infinity})
  let lines = 0
  let prevHash = GENESIS_HASH
  let prevSeq = 0
  const bad = (reason: string): AuditVerification => ({ok: false, lines, firstBad: lines, reason, head: prevHash})
  try {
    for await (const text of rl) {
      lines++
      const problem = checkLine(text, prevHash, prevSeq, lines)
      if (typeof problem === 'string') return bad(problem)
      prevHash = problem.hash
      prevSeq = problem.seq
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (!code) throw error
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : code
    throw new InputError(`cannot read the audit log: ${why}`, {file}, 'give the file that `wrap --audit` wrote')
  } finally {
    rl.close()
    input.destroy()
  }
  if (opts.expectHead !== undefined && opts.expectHead !== prevHash) {
    return {ok: false, lines, firstBad: lines + 1, reason: `the log ends at ${prevHash}, not at the expected head ${opts.expectHead}: events were cut from its end or it was rewritten`, head: prevHash}
  }
  return {ok: true, lines, head: prevHash}
}

function checkLine(text: string, prevHash: string, prevSeq: number, n: number): {seq: number; hash: string} | string {
  let event: Record<string, unknown>
  try {
    event = JSON.parse(text) as Record<string, unknown>
  } catch {
    return `line ${n} is not valid JSON`
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) return `line ${n} is not an audit event`
  const {seq, hash} = event
  if (!Number.isSafeInteger(seq) || typeof hash !== 'string' || typeof event.prevHash !== 'string') return `line ${n} is not an audit event (no seq, prevHash or hash)`
  let actual: string
  try {
    actual = eventHash(event as never)
  } catch {
    return `line ${n} is not an audit event`
  }
  if (actual !== hash) return `line ${n} was changed: its hash does not match its content`
  if (event.prevHash !== prevHash || seq !== prevSeq + 1) {
    const where = n === 1 ? 'the start of the log' : `line ${n - 1}`
    return `line ${n} does not follow ${where} (sequence ${String(seq)} after ${prevSeq}): a line was removed, inserted or reordered`
  }
  return {seq: seq as number, hash}
}
