// What rules look at. Every input (a manifest file, a tools/list result, an mcp.lock, a live probe, a
// client config, a runtime message) is turned into these views by an adapter (src/inputs/), so a rule
// written once runs unchanged on all of them. Every view knows where it sits (source file + JSON
// pointer), which is how findings land on a committed line.

import type {ItemKind} from '../core/finding.js'
import type {DriftChange} from '../diff/types.js'
import type {ServerConfig} from '../model/config.js'
import type {JsonObject, ManifestItemKind, ServerManifest} from '../model/manifest.js'
import type {SourceDocument} from '../source/document.js'

/** Where findings about a view land. `doc` turns pointers into lines; without it, line 1. */
export interface SourceRef {
  file: string
  doc?: SourceDocument
}

/** Anything a finding can point at. */
export interface Located {
  source: SourceRef
  pointer: string
  server?: string
  kind: ItemKind
  name?: string
}

export interface ServerView extends Located {
  kind: 'server'
  /** The server's name: its config key, lock key, or serverInfo.name for a bare manifest. */
  name: string
  server: string
  manifest: ServerManifest
  items: ItemView[]
  /** The config entry that launches it, when known (lock, check). */
  config?: ServerConfig
}

export interface ItemView extends Located {
  kind: ManifestItemKind
  /** Tool or prompt name; resource name (or URI when it has none). */
  name: string
  /** Tool/prompt name, resource URI, or template URI template: unique within the server. */
  key: string
  server: string
  descriptor: JsonObject
  owner: ServerView
}

export type FieldKind =
  | 'name'
  | 'title'
  | 'description'
  | 'instructions'
  | 'server-info'
  | 'param-name'
  | 'param-title'
  | 'param-description'
  | 'enum'
  | 'default'
  | 'example'
  | 'output-schema'
  | 'prompt-argument'
  | 'uri'
  | 'annotation-title'
  | 'content'
  | 'argument'
  | 'text'

/** One piece of text the model will read, with where it sits. */
export interface TextField extends Located {
  text: string
  field: FieldKind
  /** The item or server the text belongs to, when it is part of a manifest. */
  item?: ItemView
  owner?: ServerView
  /**
   * `metadata`: descriptions, names, schemas: the server speaking to the model ahead of time.
   * `content`: a tool result or argument at runtime, or plain text: data the model reads.
   */
  role: 'metadata' | 'content'
}

export interface ConfigView extends Located {
  kind: 'config'
  name: string
  server: string
  entry: ServerConfig
}

/**
 * One change between a locked server and a newer picture of it (another lock in `diff`, a live probe
 * or the configs in `check`), placed where the reviewer looks: the item's entry in mcp.lock, or the
 * config entry when the lock has nothing for it yet.
 */
export interface DriftView extends Located {
  change: DriftChange
  /** Pointer (in `source`) of a field of the change, by its path; falls back to `pointer`. */
  fieldPointer(path: string[]): string
}

/** Everything one run of the engine looks at, so rules can use cross-server context. */
export interface Scope {
  servers: ServerView[]
  configs: ConfigView[]
  /** Free-standing texts (`scan --text`, runtime content) that belong to no manifest. */
  texts: TextField[]
  /** Changes against mcp.lock (`check`, `diff`); absent elsewhere. */
  drifts?: DriftView[]
}

export function emptyScope(): Scope {
  return {servers: [], configs: [], texts: []}
}
