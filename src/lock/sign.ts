// The lock's HMAC-SHA256 signature. The key comes only from MCP_WARDEN_KEY and lives in a closure, so
// no object we hold can print it; `keyId` is a short hash of it, which lets `verify` tell a wrong key
// from a tampered lock without revealing the key. The signature covers the RFC 8785 form of the lock
// as parsed from the file (unknown fields included), minus `signature` itself.

import {createHash, createHmac, timingSafeEqual} from 'node:crypto'
import {IntegrityError} from '../core/errors.js'
import type {SourceDocument} from '../source/document.js'
import {jcs} from './hash.js'

export const KEY_ENV = 'MCP_WARDEN_KEY'
export const SIGNATURE_ALG = 'HMAC-SHA256'

export interface SigningKey {
  /** Short, non-secret identifier of the key. */
  readonly id: string
  /** Hex HMAC-SHA256 of `data`. */
  mac(data: string): string
}

export interface Signature {
  alg: typeof SIGNATURE_ALG
  keyId: string
  value: string
}

/** 16 hex digits of a domain-separated SHA-256 of the key. */
export function keyIdOf(secret: string): string {
  return createHash('sha256').update('mcp-warden key id\u0000' + secret, 'utf8').digest('hex').slice(0, 16)
}

export function makeKey(secret: string): SigningKey {
  const id = keyIdOf(secret)
  return {
    id,
    mac: (data) => createHmac('sha256', secret).update(data, 'utf8').digest('hex'),
  }
}

/**
 * The key from MCP_WARDEN_KEY, or undefined. An empty value counts as unset: CI systems set a
 * variable to "" when the secret it names is not available (PRs from forks), and that must read as
 * "no key", never as a key.
 */
export function keyFromEnv(env: NodeJS.ProcessEnv = process.env): SigningKey | undefined {
  const secret = env[KEY_ENV]
  return secret ? makeKey(secret) : undefined
}

function withoutSignature(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const {signature: _drop, ...rest} = value as Record<string, unknown>
  return rest
}

/** The signature of a lock value (its `signature` field, if any, is left out). */
export function sign(value: unknown, key: SigningKey): Signature {
  return {alg: SIGNATURE_ALG, keyId: key.id, value: key.mac(jcs(withoutSignature(value)))}
}

export type SignatureStatus = {signed: true; keyId: string} | {signed: false}

const RELOCK = 'run `mcp-warden lock` with the right MCP_WARDEN_KEY, review the diff, and commit it'

/**
 * Check the signature of a parsed lock `doc` (its raw value, so a field the schema does not know is
 * covered too). Throws an IntegrityError (exit 3) naming the reason:
 * - signed, no key: the lock cannot be checked, which must not pass silently;
 * - signed, key id differs: wrong key;
 * - signed, same key id, value differs: the lock was changed after it was signed;
 * - unsigned while a key is set: a team that signs its lock treats a missing signature as tampering,
 *   because stripping the signature is the easiest way to get an edited lock past the check.
 */
export function verifySignature(doc: SourceDocument, key: SigningKey | undefined): SignatureStatus {
  const value = doc.value as Record<string, unknown>
  const sig = value.signature as Signature | undefined
  const place = (pointer: string) => ({file: doc.file, ...doc.locate(pointer), pointer})
  if (sig === undefined) {
    if (key) {
      throw new IntegrityError(
        `lock is not signed, but ${KEY_ENV} is set`,
        place(''),
        `a signed lock may have had its signature removed; re-lock with the key (\`mcp-warden lock\`), or unset ${KEY_ENV} if this repository does not sign its lock`,
      )
    }
    return {signed: false}
  }
  if (!key) {
    throw new IntegrityError(
      `lock is signed (key ${sig.keyId}) but ${KEY_ENV} is not set`,
      place('/signature'),
      `set ${KEY_ENV} to the key the lock was signed with (in CI: a repository secret); a signed lock is never accepted unchecked`,
    )
  }
  if (sig.keyId !== key.id) {
    throw new IntegrityError(`lock was signed with another key (key ${sig.keyId}, ${KEY_ENV} is key ${key.id})`, place('/signature/keyId'), RELOCK)
  }
  const expected = Buffer.from(key.mac(jcs(withoutSignature(value))), 'utf8')
  const actual = Buffer.from(String(sig.value), 'utf8')
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new IntegrityError('lock was changed after it was signed: its signature does not match its content', place('/signature/value'), `restore mcp.lock from git, or ${RELOCK}`)
  }
  return {signed: true, keyId: sig.keyId}
}
