// Classify every difference between two lock entries: launch identity, server version, instructions,
// other metadata, and per item (tool, prompt, resource, template) added, removed, renamed (same
// content under a new key) or changed, field by field. Anything that makes the two server hashes
// differ shows up here, so a change can never pass as "same hash, no finding".

import type {JsonObject, ManifestItemKind} from '../model/manifest.js'
import {ITEM_LISTS} from '../lock/entry.js'
import type {Launch, LockItem, Lockfile, LockServer} from '../lock/format.js'
import {hashItem} from '../lock/hash.js'
import type {FieldChange, FieldClass, ItemChange, LockDiff, ServerDiff} from './types.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
const own = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k)

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => own(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/**
 * Field-level changes between two JSON values. Objects recurse key by key; lists of equal length
 * recurse by index (a changed enum value, a changed prompt argument), other lists change as a whole.
 */
export function diffFields(a: unknown, b: unknown, classify: (path: string[], before: unknown, after: unknown) => FieldClass, path: string[] = [], out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(a, b)) return out
  const push = (before: unknown, after: unknown) => out.push({path, ...(before === undefined ? {} : {before}), ...(after === undefined ? {} : {after}), class: classify(path, before, after)})
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    for (const k of keys) {
      const inA = own(a, k)
      const inB = own(b, k)
      if (inA && inB) diffFields(a[k], b[k], classify, [...path, k], out)
      else out.push({path: [...path, k], ...(inA ? {before: a[k]} : {after: b[k]}), class: classify([...path, k], inA ? a[k] : undefined, inB ? b[k] : undefined)})
    }
    return out
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) diffFields(a[i], b[i], classify, [...path, String(i)], out)
    return out
  }
  push(a, b)
  return out
}

const SCHEMA_ROOTS = new Set(['inputSchema', 'outputSchema', 'arguments'])
const TEXT_KEYS = new Set(['description', 'title'])
const isText = (v: unknown) => v === undefined || typeof v === 'string'

/** Which drift rule a descriptor field belongs to (see FieldClass). */
export function classifyItemField(path: string[], before: unknown, after: unknown): FieldClass {
  const top = path[0]
  if (top === 'annotations') return 'annotations'
  if (SCHEMA_ROOTS.has(top)) {
    const last = path.at(-1)!
    const parent = path.at(-2)
    // `properties.description` is a parameter named "description" (a schema), not a text.
    const textual = TEXT_KEYS.has(last) && parent !== 'properties' && parent !== 'patternProperties' && path.length > 1 && isText(before) && isText(after)
    return textual ? 'text' : 'schema'
  }
  if (path.length === 1 && (TEXT_KEYS.has(top) || top === 'name')) return 'text'
  return 'other'
}

const other = (): FieldClass => 'other'

/** The field a rename keeps: a descriptor without its key is its content. */
const KEY_FIELD: Record<ManifestItemKind, string> = {tool: 'name', prompt: 'name', resource: 'uri', resourceTemplate: 'uriTemplate'}

function contentHash(kind: ManifestItemKind, d: JsonObject): string {
  const {[KEY_FIELD[kind]]: _key, ...rest} = d
  return hashItem(kind, rest)
}

export function diffItems(kind: ManifestItemKind, a: Record<string, LockItem>, b: Record<string, LockItem>): ItemChange[] {
  const out: ItemChange[] = []
  const removed = Object.keys(a).filter((k) => !own(b, k)).sort()
  const added = Object.keys(b).filter((k) => !own(a, k)).sort()
  // Pair removed and added items with the same content: deterministic, first come first paired.
  const pool = new Map<string, string[]>()
  for (const k of added) {
    const h = contentHash(kind, b[k].descriptor)
    pool.set(h, [...(pool.get(h) ?? []), k])
  }
  const renamedTo = new Set<string>()
  for (const k of removed) {
    const match = pool.get(contentHash(kind, a[k].descriptor))?.shift()
    if (match !== undefined) {
      renamedTo.add(match)
      out.push({type: 'renamed', kind, key: match, from: k, descriptor: b[match].descriptor})
    } else out.push({type: 'removed', kind, key: k, before: a[k].descriptor})
  }
  for (const k of added) if (!renamedTo.has(k)) out.push({type: 'added', kind, key: k, after: b[k].descriptor})
  for (const k of Object.keys(a).filter((k) => own(b, k)).sort()) {
    if (a[k].hash === b[k].hash && deepEqual(a[k].descriptor, b[k].descriptor)) continue
    const fields = diffFields(a[k].descriptor, b[k].descriptor, classifyItemField)
    if (fields.length > 0) out.push({type: 'changed', kind, key: k, before: a[k].descriptor, after: b[k].descriptor, fields})
  }
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
}

export interface DiffOptions {
  /**
   * Compare the resolved package (name and version). Off when the newer side was not probed
   * (`check --no-probe`): without a probe the version is not resolved, and args already show a pin.
   */
  comparePackage?: boolean
}

function launchFields(a: Launch, b: Launch, opts: DiffOptions): FieldChange[] {
  const strip = (l: Launch) => (opts.comparePackage === false ? {...l, package: undefined} : l)
  // Compare lists as a whole: "args changed from [...] to [...]" reads better than index by index.
  const out: FieldChange[] = []
  const x = strip(a) as Obj
  const y = strip(b) as Obj
  for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (k === 'package') diffFields(x[k], y[k], other, [k], out)
    else if (!deepEqual(x[k], y[k])) out.push({path: [k], ...(x[k] === undefined ? {} : {before: x[k]}), ...(y[k] === undefined ? {} : {after: y[k]}), class: 'other'})
  }
  return out
}

function metadataOf(s: LockServer): Obj {
  const {version: _v, ...info} = (s.serverInfo ?? {}) as Obj
  return {
    protocolVersion: s.protocolVersion,
    capabilities: s.capabilities,
    serverInfo: Object.keys(info).length > 0 ? info : undefined,
    probed: s.probed !== false,
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? undefined : JSON.stringify(v))

function allItems(s: LockServer, type: 'added' | 'removed'): ItemChange[] {
  const out: ItemChange[] = []
  for (const [kind, list] of ITEM_LISTS) {
    for (const key of Object.keys(s[list]).sort()) {
      const d = s[list][key].descriptor
      out.push(type === 'added' ? {type, kind, key, after: d} : {type, kind, key, before: d})
    }
  }
  return out
}

/** The changes from `a` to `b` for one server, or undefined when they are the same. */
export function diffServer(name: string, a: LockServer | undefined, b: LockServer | undefined, opts: DiffOptions = {}): ServerDiff | undefined {
  if (!a && !b) return undefined
  if (!a || !b) {
    const s = (a ?? b)!
    return {name, status: a ? 'removed' : 'added', launch: [], metadata: [], items: allItems(s, a ? 'removed' : 'added')}
  }
  const d: ServerDiff = {name, status: 'changed', launch: launchFields(a.launch, b.launch, opts), metadata: diffFields(metadataOf(a), metadataOf(b), other), items: []}
  const va = str(a.serverInfo?.version)
  const vb = str(b.serverInfo?.version)
  if (va !== vb) d.version = {...(va === undefined ? {} : {before: va}), ...(vb === undefined ? {} : {after: vb})}
  if (a.instructions !== b.instructions) d.instructions = {...(a.instructions === undefined ? {} : {before: a.instructions}), ...(b.instructions === undefined ? {} : {after: b.instructions})}
  if (a.probed === false || b.probed === false) d.itemsSkipped = true
  else for (const [kind, list] of ITEM_LISTS) d.items.push(...diffItems(kind, a[list], b[list]))
  const sa = `${a.source.file}#${a.source.pointer}`
  const sb = `${b.source.file}#${b.source.pointer}`
  if (sa !== sb) d.source = {before: sa, after: sb}
  const changed = d.launch.length > 0 || d.metadata.length > 0 || d.items.length > 0 || d.version !== undefined || d.instructions !== undefined || d.source !== undefined
  return changed ? d : undefined
}

export function diffLocks(a: Lockfile, b: Lockfile, opts: DiffOptions = {}): LockDiff {
  const names = [...new Set([...Object.keys(a.servers), ...Object.keys(b.servers)])].sort()
  const servers: ServerDiff[] = []
  for (const n of names) {
    const d = diffServer(n, own(a.servers, n) ? a.servers[n] : undefined, own(b.servers, n) ? b.servers[n] : undefined, opts)
    if (d) servers.push(d)
  }
  return {servers}
}

/** True when a server's changes include one a drift rule reports (a moved config entry alone is not one). */
export function serverDrifted(s: ServerDiff): boolean {
  return s.status !== 'changed' || s.launch.length > 0 || s.metadata.length > 0 || s.items.length > 0 || s.version !== undefined || s.instructions !== undefined
}

export function hasDrift(d: LockDiff): boolean {
  return d.servers.some(serverDrifted)
}
