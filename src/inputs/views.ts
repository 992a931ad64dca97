// Adapters from what we read (a manifest, a lock entry, a config entry) to the views rules see.
// Each adapter decides the pointers, so findings land on the right line of the right file.

import type {ServerConfig} from '../model/config.js'
import {itemKey, itemSchemas, LIST_KEYS, type JsonObject, type ManifestItemKind, type ServerManifest} from '../model/manifest.js'
import {join} from '../source/pointer.js'
import type {ConfigView, ItemView, ServerView, SourceRef} from '../rules/scope.js'

export const ITEM_KINDS: ManifestItemKind[] = ['tool', 'prompt', 'resource', 'resourceTemplate']

/**
 * A server view over a manifest whose items sit at `itemPointer(kind, index, key)` in `source`.
 * For a manifest file that is `/tools/3`; for a lock, `/servers/fs/tools/read_file/descriptor`.
 */
export function serverView(
  name: string,
  manifest: ServerManifest,
  source: SourceRef,
  pointer: string,
  itemPointer: (kind: ManifestItemKind, index: number, key: string) => string,
  config?: ServerConfig,
): ServerView {
  const view: ServerView = {kind: 'server', name, server: name, manifest, items: [], source, pointer, ...(config ? {config} : {})}
  for (const kind of ITEM_KINDS) {
    for (const [i, d] of (manifest[LIST_KEYS[kind]] as JsonObject[]).entries()) {
      const key = itemKey(kind, d)
      const display = kind === 'tool' || kind === 'prompt' ? key : typeof d.name === 'string' && d.name ? d.name : key
      const item: ItemView = {kind, name: display, key, server: name, descriptor: d, owner: view, source, pointer: itemPointer(kind, i, key)}
      view.items.push(item)
    }
  }
  return view
}

/** A config entry as a view; findings point into the entry's own file. */
export function configView(entry: ServerConfig, source: SourceRef): ConfigView {
  return {kind: 'config', name: entry.name, server: entry.name, entry, source, pointer: entry.pointer}
}

/** Validate one list of a manifest; returns the issue's pointer and message on failure. */
export function checkItems(kind: ManifestItemKind, list: unknown, base: string): {pointer: string; message: string} | undefined {
  if (!Array.isArray(list)) return {pointer: base, message: `"${LIST_KEYS[kind]}" must be a list`}
  const seen = new Set<string>()
  for (const [i, item] of list.entries()) {
    // zod judges only what the plain check does not pass: loading it would add 55 ms to a small scan.
    const r = plainItem(kind, item) ? {success: true as const} : itemSchemas()[kind].safeParse(item)
    if (!r.success) {
      const issue = r.error.issues[0]
      const p = join(base, i, ...issue.path.map(String))
      const field = issue.path.at(-1)
      const msg = issue.code === 'invalid_type' && issue.message.includes('received undefined') ? `${kind} is missing "${String(field)}"` : `${kind} ${String(field ?? '')}: ${issue.message.toLowerCase()}`
      return {pointer: p, message: msg}
    }
    seen.add(itemKey(kind, item as JsonObject))
  }
  return undefined
}

// A check by hand of the item shapes the schemas in model/manifest.ts accept, with zod's own tests
// (an object is any non-null non-array object; optional means absent or undefined). It may only
// pass what the schema passes: anything else goes to zod, which gives the verdict and the message.
// test/inputs/plain-item.test.ts holds the two together on generated items.
type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string'
const optBoolean = (v: unknown): boolean => v === undefined || typeof v === 'boolean'
const optObj = (v: unknown): boolean => v === undefined || isObj(v)

export function plainItem(kind: ManifestItemKind, d: unknown): boolean {
  if (!isObj(d)) return false
  switch (kind) {
    case 'tool':
      return typeof d.name === 'string' && optString(d.title) && optString(d.description) && optObj(d.inputSchema) && optObj(d.outputSchema) && plainAnnotations(d.annotations)
    case 'prompt':
      return typeof d.name === 'string' && optString(d.title) && optString(d.description) && (d.arguments === undefined || plainArguments(d.arguments))
    case 'resource':
      return typeof d.uri === 'string' && optString(d.name) && optString(d.title) && optString(d.description) && optString(d.mimeType)
    case 'resourceTemplate':
      return typeof d.uriTemplate === 'string' && optString(d.name) && optString(d.title) && optString(d.description) && optString(d.mimeType)
  }
}

function plainAnnotations(a: unknown): boolean {
  if (a === undefined) return true
  return isObj(a) && optString(a.title) && optBoolean(a.readOnlyHint) && optBoolean(a.destructiveHint) && optBoolean(a.idempotentHint) && optBoolean(a.openWorldHint)
}

// By index, not every(): every() skips the holes of a sparse list, which zod reads as undefined.
function plainArguments(list: unknown): boolean {
  if (!Array.isArray(list)) return false
  for (let i = 0; i < list.length; i++) {
    const a: unknown = list[i]
    if (!(isObj(a) && typeof a.name === 'string' && optString(a.description) && optBoolean(a.required))) return false
  }
  return true
}
