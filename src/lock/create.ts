// `lock`: probe servers and build the mcp.lock that records them. A server that fails leaves the lock
// unwritten unless `partial` is asked for; then the failed server keeps the entry it had (a lock never
// forgets a server because it failed once) and the exit is still 4. When the run only covers some
// servers (`--server`, an ad-hoc command, `--partial`), the other entries come from the existing lock,
// which is verified first: re-signing entries nobody checked would launder a tampered lock.

import {existsSync, renameSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {InputError, IntegrityError, WardenError} from '../core/errors.js'
import {diffLocks} from '../diff/diff.js'
import type {LockDiff} from '../diff/types.js'
import type {ServerConfig} from '../model/config.js'
import type {ProbeOutcome} from '../probe/types.js'
import {entryOf, launchOf, makeLock} from './entry.js'
import type {Lockfile, LockServer} from './format.js'
import {readLock, verifyLock, type LoadedLock} from './read.js'
import {stringifyLock} from './serialize.js'
import {KEY_ENV, sign, type SigningKey} from './sign.js'

export interface LockInput {
  /** Servers to launch and record. */
  targets: ServerConfig[]
  /** The lock as it is now, already verified when `merge` or `partial` reuse its entries. */
  previous?: LoadedLock
  /** Keep the previous entries of servers that are not targets (`--server`, ad-hoc). */
  merge: boolean
  /** Write the lock even when some servers failed; they keep their previous entry, if any. */
  partial: boolean
  probe: (configs: ServerConfig[]) => Promise<ProbeOutcome[]>
  sourceOf: (c: ServerConfig) => {file: string; pointer: string}
  key?: SigningKey
}

export interface LockRun {
  lock: Lockfile
  /** The bytes to write. */
  text: string
  outcomes: ProbeOutcome[]
  failed: ProbeOutcome[]
  /** Failed servers whose previous entry was kept (written only with `partial`). */
  kept: string[]
  /** Whether the lock should be written: nothing failed, or `partial`. */
  write: boolean
  /** Against the previous lock, when there was one. */
  diff?: LockDiff
  /** Previous entries dropped because their server is in no config any more (full runs only). */
  dropped: string[]
}

export async function buildLock(input: LockInput): Promise<LockRun> {
  const stdio = input.targets.filter((c) => c.transport === 'stdio')
  const outcomes = await input.probe(stdio)
  const byName = new Map(outcomes.map((o) => [o.config.name, o]))
  const prev = input.previous?.lock.servers ?? {}
  const hasPrev = (n: string) => Object.prototype.hasOwnProperty.call(prev, n)

  // A Map: server names come from configs, and `__proto__` must stay a name.
  const servers = new Map<string, LockServer>(input.merge ? Object.entries(prev) : [])
  const failed: ProbeOutcome[] = []
  const kept: string[] = []
  for (const c of input.targets) {
    const source = input.sourceOf(c)
    if (c.transport !== 'stdio') {
      servers.set(c.name, entryOf({source, launch: launchOf(c)}))
      continue
    }
    const o = byName.get(c.name)
    if (o?.result) {
      servers.set(c.name, entryOf({source, launch: launchOf(c, o.result.package), manifest: o.result.manifest, protocolVersion: o.result.protocolVersion}))
      continue
    }
    if (o) failed.push(o)
    if (hasPrev(c.name)) {
      servers.set(c.name, prev[c.name])
      kept.push(c.name)
    } else servers.delete(c.name)
  }
  const targetNames = new Set(input.targets.map((t) => t.name))
  const dropped = input.merge ? [] : Object.keys(prev).filter((n) => !targetNames.has(n)).sort()

  const lock = makeLock(servers)
  if (input.key) {
    // Sign the value exactly as it will be read back from the file.
    lock.signature = sign(JSON.parse(stringifyLock(lock)), input.key)
  }
  return {
    lock,
    text: stringifyLock(lock),
    outcomes,
    failed,
    kept,
    write: failed.length === 0 || input.partial,
    ...(input.previous ? {diff: diffLocks(input.previous.lock, lock)} : {}),
    dropped,
  }
}

/** Write through a temporary file and a rename, so a crash never leaves half a lock. */
export function writeLockFile(file: string, text: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    writeFileSync(tmp, text)
    renameSync(tmp, file)
  } catch (error) {
    throw new InputError(`cannot write the lock: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {file})
  }
}

/**
 * The existing lock. When its entries are kept (`reuse`: merge, partial), it must verify: re-signing
 * entries nobody checked would launder a tampered lock. When it is replaced, a broken one is only
 * noted (`unreadable`); but a signed lock is never silently replaced by an unsigned one, which CI
 * would then refuse.
 */
export function previousLock(file: string, key: SigningKey | undefined, reuse: boolean): {previous?: LoadedLock; unreadable?: string} {
  if (!existsSync(file)) return {}
  if (reuse) {
    const previous = readLock(file)
    verifyLock(previous, key)
    return {previous}
  }
  let previous: LoadedLock
  try {
    previous = readLock(file)
  } catch (error) {
    if (!(error instanceof WardenError)) throw error
    return {unreadable: error.message}
  }
  const sig = previous.lock.signature
  if (sig && !key) {
    throw new IntegrityError(`${file} is signed (key ${sig.keyId}) but ${KEY_ENV} is not set: an unsigned lock would replace it`, {file}, `set ${KEY_ENV} to the key, or delete ${file} first to start over unsigned`)
  }
  return {previous}
}
