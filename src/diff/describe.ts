// Short, lower-case descriptions of changes, shared by the drift rules' messages and the diff reports.

import {jcs} from '../lock/hash.js'
import type {ManifestItemKind} from '../model/manifest.js'
import type {FieldChange} from './types.js'

const KIND_WORD: Record<ManifestItemKind, string> = {tool: 'tool', prompt: 'prompt', resource: 'resource', resourceTemplate: 'resource template'}

export function kindWord(kind: ManifestItemKind): string {
  return KIND_WORD[kind]
}

/** `2 tools, 1 prompt` for a list of item changes; `no items` when empty. */
export function itemCounts(items: ReadonlyArray<{kind: ManifestItemKind}>): string {
  const counts = new Map<string, number>()
  for (const i of items) counts.set(KIND_WORD[i.kind], (counts.get(KIND_WORD[i.kind]) ?? 0) + 1)
  if (counts.size === 0) return 'no items'
  return [...counts].map(([w, n]) => `${n} ${w}${n === 1 ? '' : 's'}`).join(', ')
}

/** `tool "read_file"` */
export function itemLabel(kind: ManifestItemKind, key: string): string {
  return `${KIND_WORD[kind]} "${key}"`
}

/** A value in one line (objects with sorted keys, so a server's key order never shows), cut at `max` characters. */
export function show(value: unknown, max = 80): string {
  const s = value === undefined ? '(none)' : jcs(value)
  return s.length > max ? s.slice(0, max - 1) + '…' : s
}

/** `inputSchema.properties.mode` */
export function pathLabel(path: string[]): string {
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : (i > 0 ? '.' : '') + p)).join('')
}

/** `inputSchema.properties.mode added`, `annotations.readOnlyHint false → true` */
export function fieldChangeLabel(f: FieldChange, max = 60): string {
  const where = pathLabel(f.path)
  if (!('before' in f)) return `${where} added (${show(f.after, max)})`
  if (!('after' in f)) return `${where} removed`
  return `${where} ${show(f.before, max)} → ${show(f.after, max)}`
}

/** Up to `n` field changes in one line, then how many more. */
export function fieldList(fields: FieldChange[], n = 3): string {
  const head = fields.slice(0, n).map((f) => fieldChangeLabel(f))
  return head.join('; ') + (fields.length > n ? `; and ${fields.length - n} more` : '')
}
