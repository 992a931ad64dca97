// Building and reading lock entries: one server's launch identity and manifest, with a content hash
// per item and one over the whole manifest. `lock` writes what `entryOf` builds; `check` builds the
// same entry from a live probe and diffs the two, so "what lock would write now" and "what check
// compares" cannot disagree.

import {emptyManifest, itemKey, LIST_KEYS, type ItemListKey, type JsonObject, type ManifestItemKind, type ServerManifest} from '../model/manifest.js'
import type {ServerConfig} from '../model/config.js'
import type {ProbeResult} from '../probe/types.js'
import {canonicalJson, hashItem, normalizeForHash, sha256} from './hash.js'
import {LOCKFILE_VERSION, type Launch, type LockItem, type Lockfile, type LockServer} from './format.js'
import {VERSION} from '../core/version.js'
import {maskArgs, maskUrl} from '../config/redact.js'

/** Item kinds with the list each is kept in, in manifest order. */
export const ITEM_LISTS = (Object.keys(LIST_KEYS) as ManifestItemKind[]).map((kind) => [kind, LIST_KEYS[kind]] as [ManifestItemKind, ItemListKey])

export const GENERATOR = `mcp-warden ${VERSION}`

/**
 * The launch identity of a configured server: as written, `${VAR}` references unresolved, env names
 * only. A secret written inline in an argument or a URL (a token format anywhere, a value after
 * `--api-key` or `--password`, a password in a connection string, a `?key=` parameter) is masked: the lock is committed and shown in diffs, and must not become a
 * second copy of a credential. `check` builds the live launch through this same function, so both
 * sides are masked alike (a rotated token is not launch drift; the inline-secret rule reports it).
 */
export function launchOf(config: ServerConfig, pkg?: ProbeResult['package']): Launch {
  if (config.transport !== 'stdio') {
    return {transport: config.transport, ...(config.url === undefined ? {} : {url: maskUrl(config.url)})}
  }
  return {
    transport: 'stdio',
    ...(config.command === undefined ? {} : {command: config.command}),
    args: maskArgs(config.args),
    env: Object.keys(config.env).sort(),
    ...(config.cwd === undefined ? {} : {cwd: config.cwd}),
    ...(pkg ? {package: {ecosystem: pkg.ecosystem, name: pkg.name, ...(pkg.version === undefined ? {} : {version: pkg.version})}} : {}),
  }
}

/**
 * Items keyed by name (URI for resources). The spec makes names unique per server; a server that
 * lists one twice gets `name#2`, `name#3`... (a character tool names cannot hold), so neither copy
 * is lost, and both are diffed and scanned.
 */
export function itemRecord(kind: ManifestItemKind, list: readonly JsonObject[]): Record<string, LockItem> {
  const out: Record<string, LockItem> = {}
  for (const d of list) {
    const base = itemKey(kind, d)
    // JSON readers (zod's records among them) skip a `__proto__` key; `__proto__#1` survives them.
    let key = base === '__proto__' ? '__proto__#1' : base
    for (let n = 2; Object.prototype.hasOwnProperty.call(out, key); n++) key = `${base}#${n}`
    const descriptor = normalizeForHash(d) as JsonObject
    Object.defineProperty(out, key, {value: {hash: hashItem(kind, descriptor), descriptor}, enumerable: true, writable: true, configurable: true})
  }
  return out
}

/** SHA-256 over the manifest part of an entry (not its launch or source), items by their hashes. */
export function serverHash(entry: Omit<LockServer, 'hash' | 'source' | 'launch'>): string {
  const items: Record<string, Record<string, string>> = {}
  for (const [, list] of ITEM_LISTS) {
    items[list] = Object.fromEntries(Object.entries(entry[list]).map(([k, it]) => [k, it.hash]))
  }
  return sha256(
    canonicalJson({
      protocolVersion: entry.protocolVersion,
      serverInfo: entry.serverInfo,
      capabilities: entry.capabilities,
      instructions: entry.instructions,
      ...items,
      ...(entry.probed === false ? {probed: false} : {}),
    }),
  )
}

export interface EntryInput {
  source: {file: string; pointer: string}
  launch: Launch
  /** The probed manifest; absent for a server that was not probed (remote). */
  manifest?: ServerManifest
  protocolVersion?: string
}

export function entryOf(input: EntryInput): LockServer {
  const m = input.manifest ?? emptyManifest()
  const protocolVersion = input.protocolVersion ?? m.protocolVersion
  const body: Omit<LockServer, 'hash'> = {
    source: input.source,
    launch: input.launch,
    ...(protocolVersion === undefined ? {} : {protocolVersion}),
    ...(m.serverInfo === undefined ? {} : {serverInfo: normalizeForHash(m.serverInfo) as JsonObject}),
    ...(m.capabilities === undefined ? {} : {capabilities: normalizeForHash(m.capabilities) as JsonObject}),
    ...(m.instructions === undefined ? {} : {instructions: m.instructions}),
    tools: itemRecord('tool', m.tools),
    prompts: itemRecord('prompt', m.prompts),
    resources: itemRecord('resource', m.resources),
    resourceTemplates: itemRecord('resourceTemplate', m.resourceTemplates),
    ...(input.manifest ? {} : {probed: false as const}),
  }
  return {...body, hash: serverHash(body)}
}

/** The manifest a lock entry records (descriptors in key order). */
export function manifestOfEntry(entry: LockServer): ServerManifest {
  const m = emptyManifest()
  for (const [, list] of ITEM_LISTS) m[list] = Object.values(entry[list]).map((it) => it.descriptor) as never
  if (entry.instructions !== undefined) m.instructions = entry.instructions
  if (entry.serverInfo) m.serverInfo = entry.serverInfo as ServerManifest['serverInfo']
  if (entry.capabilities) m.capabilities = entry.capabilities as JsonObject
  if (entry.protocolVersion) m.protocolVersion = entry.protocolVersion
  return m
}

/** A lock with servers in name order (the serializer sorts keys; this keeps in-memory order equal). */
export function makeLock(servers: Record<string, LockServer> | Map<string, LockServer>): Lockfile {
  const entries = servers instanceof Map ? [...servers] : Object.entries(servers)
  const sorted: Record<string, LockServer> = {}
  for (const [name, e] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) Object.defineProperty(sorted, name, {value: e, enumerable: true, writable: true, configurable: true})
  return {lockfileVersion: LOCKFILE_VERSION, generator: GENERATOR, servers: sorted}
}
