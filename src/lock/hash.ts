// Canonical hashing of manifests: RFC 8785 (JCS) canonical JSON via `canonicalize`, after dropping
// volatile fields and sorting lists whose order carries no meaning, so that a server re-listing the
// same tools in another order, or with a new cache TTL, hashes the same. Used by lock, check and the
// runtime integrity stage: one definition of "the same descriptor".

import {createHash} from 'node:crypto'
import canonicalize from 'canonicalize'
import type {ManifestItemKind} from '../model/manifest.js'

/**
 * Fields that change between listings without the server changing what it tells the model. They are
 * fields of a list result (2026-07-28 `ttlMs`, `cacheScope`, and `nextCursor`), so they are dropped
 * only at the top level of the value hashed: deeper down, `ttlMs` may be a tool's parameter name, and
 * dropping it there would hide a change to that parameter.
 */
export const VOLATILE_KEYS = new Set(['ttlMs', 'cacheScope', 'nextCursor'])

/** JSON Schema keywords whose array value is a set. */
const SET_KEYWORDS = new Set(['required', 'type'])

/** A copy without volatile keys, with set-like lists sorted. Plain data only (from JSON). */
export function normalizeForHash(value: unknown, key?: string, depth = 0): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalizeForHash(v, undefined, depth + 1))
    if (key && SET_KEYWORDS.has(key) && items.every((x) => typeof x === 'string')) return [...(items as string[])].sort()
    return items
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if ((depth === 0 && VOLATILE_KEYS.has(k)) || v === undefined) continue
      Object.defineProperty(out, k, {value: normalizeForHash(v, k, depth + 1), enumerable: true, writable: true, configurable: true})
    }
    return out
  }
  return value
}

/** RFC 8785 canonical JSON of the value as it is, with no normalization: what a signature covers. */
export function jcs(value: unknown): string {
  const s = (canonicalize as unknown as (v: unknown) => string | undefined)(value)
  if (s === undefined) throw new Error('value cannot be canonicalized')
  return s
}

/** RFC 8785 canonical JSON of the normalized value. */
export function canonicalJson(value: unknown): string {
  return jcs(normalizeForHash(value))
}

export function sha256(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Content hash of one descriptor (tool, prompt, resource or template). */
export function hashItem(_kind: ManifestItemKind, descriptor: unknown): string {
  return sha256(canonicalJson(descriptor))
}
