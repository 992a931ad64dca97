// From a classified diff to the drift views the rules read. Where each change lands is the caller's
// decision (a locator): `diff OLD NEW` points into NEW; `check` points into mcp.lock, or into the
// client config where the lock has nothing yet, so every finding sits on a committed line.

import type {ItemKind} from '../core/finding.js'
import {LIST_KEYS} from '../model/manifest.js'
import type {DriftView, SourceRef} from '../rules/scope.js'
import {join} from '../source/pointer.js'
import type {ItemChange, LockDiff} from './types.js'

export interface Place {
  source: SourceRef
  pointer: string
  /** Pointer of a field below `pointer`; default: `pointer` joined with the path. */
  fieldPointer?: (path: string[]) => string
}

export interface DriftLocator {
  /** The server entry (instructions, version, metadata, a server added or removed). */
  server(name: string): Place
  item(name: string, change: ItemChange): Place
  launch(name: string): Place
}

export function driftView(place: Place, server: string, kind: ItemKind, name: string | undefined, change: DriftView['change']): DriftView {
  return {
    source: place.source,
    pointer: place.pointer,
    server,
    kind,
    ...(name === undefined ? {} : {name}),
    change,
    fieldPointer: place.fieldPointer ?? ((path) => join(place.pointer, ...path)),
  }
}

export function driftViews(diff: LockDiff, at: DriftLocator): DriftView[] {
  const out: DriftView[] = []
  for (const s of diff.servers) {
    if (s.status === 'added' || s.status === 'removed') {
      out.push(driftView(at.server(s.name), s.name, 'server', s.name, {type: s.status === 'added' ? 'server-added' : 'server-removed', server: s}))
      continue
    }
    if (s.launch.length > 0) out.push(driftView(at.launch(s.name), s.name, 'server', s.name, {type: 'launch', fields: s.launch}))
    if (s.version) out.push(driftView(at.server(s.name), s.name, 'server', s.name, {type: 'version', ...s.version}))
    if (s.instructions) out.push(driftView(at.server(s.name), s.name, 'server', s.name, {type: 'instructions', ...s.instructions}))
    if (s.metadata.length > 0) out.push(driftView(at.server(s.name), s.name, 'server', s.name, {type: 'metadata', fields: s.metadata}))
    for (const item of s.items) out.push(driftView(at.item(s.name, item), s.name, item.kind, item.key, {type: 'item', item}))
  }
  return out
}

/** Pointer of an item's descriptor in a lock. */
export function lockItemPointer(server: string, kind: ItemChange['kind'], key: string): string {
  return join('/servers', server, LIST_KEYS[kind], key, 'descriptor')
}

/** `diff OLD NEW`: everything lands in NEW (a removed item falls back to its nearest ancestor there). */
export function lockLocator(source: SourceRef): DriftLocator {
  return {
    server: (name) => ({source, pointer: join('/servers', name)}),
    item: (name, c) => ({source, pointer: lockItemPointer(name, c.kind, c.key)}),
    launch: (name) => ({source, pointer: join('/servers', name, 'launch'), fieldPointer: (p) => join('/servers', name, 'launch', p[0])}),
  }
}
