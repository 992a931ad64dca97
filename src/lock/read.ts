// Reading an mcp.lock: a missing or unreadable file is a usage error (exit 2); anything wrong with its
// content (syntax, shape, a hash that does not match its descriptor, a bad signature) is an integrity
// failure (exit 3) that names the file, the line and the reason.

import {accessSync, constants, existsSync, readFileSync} from 'node:fs'
import {InputError, IntegrityError} from '../core/errors.js'
import {parseLock} from '../inputs/load.js'
import {itemKey} from '../model/manifest.js'
import {decodeUtf8, parseSource, readSource, type SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'
import {ITEM_LISTS, serverHash} from './entry.js'
import type {Lockfile} from './format.js'
import {hashItem} from './hash.js'
import {verifySignature, type SignatureStatus, type SigningKey} from './sign.js'

export const DEFAULT_LOCK = 'mcp.lock'

export interface LoadedLock {
  file: string
  doc: SourceDocument
  lock: Lockfile
}

const RESTORE = 'restore mcp.lock from git, or regenerate it with `mcp-warden lock`'

/** Read and validate the shape of a lock; `-` reads standard input. */
export function readLock(file: string): LoadedLock {
  if (file !== '-') {
    try {
      accessSync(file, constants.R_OK)
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      throw new InputError(missing ? 'no lock file' : 'cannot read lock file', {file}, missing ? 'run `mcp-warden lock` to create it, or pass --lock FILE' : undefined)
    }
  }
  let doc: SourceDocument
  try {
    doc = file === '-' ? parseSource('-', decodeUtf8(readFileSync(0), '-'), 'json') : readSource(file, 'json')
  } catch (error) {
    if (error instanceof InputError) throw new IntegrityError(`malformed lock: ${error.message}`, error.place, RESTORE)
    throw error
  }
  const lock = parseLock(doc)
  checkNothingDropped(doc, lock)
  return {file, doc, lock}
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k)

/**
 * zod's records silently skip a `__proto__` key. A server or tool by that name would then be
 * neither checked nor reported, so the lock is refused instead of read with a hole in it.
 */
function checkNothingDropped(doc: SourceDocument, lock: Lockfile): void {
  const raw = (doc.value as {servers: Record<string, Record<string, unknown>>}).servers
  const fail = (pointer: string, what: string) => {
    throw new IntegrityError(`${what} cannot be read safely: "__proto__" is not a usable name`, {file: doc.file, ...doc.locate(pointer), pointer}, 'rename the server or have the server rename the item, then re-lock')
  }
  for (const name of Object.keys(raw)) {
    if (!own(lock.servers, name)) fail(join('/servers', name), `server "${name}"`)
    for (const [kind, list] of ITEM_LISTS) {
      for (const key of Object.keys((raw[name][list] as object) ?? {})) if (!own(lock.servers[name][list], key)) fail(join('/servers', name, list, key), `${kind} "${key}" of server "${name}"`)
    }
  }
}

/** Every item sits under its own name and carries its own hash; every server hash matches. */
export function checkHashes(loaded: LoadedLock): void {
  const {doc, lock} = loaded
  const fail = (message: string, pointer: string) => {
    throw new IntegrityError(message, {file: doc.file, ...doc.locate(pointer), pointer}, 'the lock was edited by hand; ' + RESTORE)
  }
  for (const [name, entry] of Object.entries(lock.servers)) {
    for (const [kind, list] of ITEM_LISTS) {
      for (const [key, item] of Object.entries(entry[list])) {
        const at = join('/servers', name, list, key)
        const own = itemKey(kind, item.descriptor)
        if (key !== own && !key.startsWith(own + '#')) fail(`server "${name}": ${kind} entry "${key}" holds the descriptor of "${own}"`, join(at, 'descriptor'))
        if (item.hash !== hashItem(kind, item.descriptor)) fail(`server "${name}": hash of ${kind} "${key}" does not match its descriptor`, join(at, 'hash'))
      }
    }
    if (entry.hash !== serverHash(entry)) fail(`server "${name}": server hash does not match its manifest`, join('/servers', name, 'hash'))
  }
}

/** Signature first (its reason is the clearest), then the hashes. */
export function verifyLock(loaded: LoadedLock, key: SigningKey | undefined): SignatureStatus {
  const status = verifySignature(loaded.doc, key)
  checkHashes(loaded)
  return status
}

/**
 * The lock the runtime pipeline trusts (`wrap`, `replay`): the one named, else `mcp.lock` when present,
 * verified before use: a tampered lock must stop the command, not guide its integrity stage.
 */
export function loadVerifiedLock(named: string | undefined, key: SigningKey | undefined): {file?: string; lock?: Lockfile} {
  const file = named ?? (existsSync(DEFAULT_LOCK) ? DEFAULT_LOCK : undefined)
  if (!file) return {}
  const loaded = readLock(file)
  verifyLock(loaded, key)
  return {file, lock: loaded.lock}
}
