// What changed between two pictures of a server: a locked entry and a newer one (another lock, or a
// live probe). The shape is what `diff --format json` prints (docs/formats/diff.md) and what the
// drift rules read, so the reviewer's view and the findings come from one classification.

import type {JsonObject, ManifestItemKind} from '../model/manifest.js'

/**
 * How a field change reads to a reviewer, and which drift rule reports it:
 * - `text`: a description or title the model reads (item level or inside a schema);
 * - `schema`: input/output schema or prompt arguments (a new parameter, a changed enum or default);
 * - `annotations`: behaviour hints (readOnlyHint, destructiveHint...);
 * - `other`: any other field, unknown ones included (servers hide things in fields parsers drop).
 */
export type FieldClass = 'text' | 'schema' | 'annotations' | 'other'

export interface FieldChange {
  /** Path inside the descriptor (or the launch, or the server entry), as JSON keys. */
  path: string[]
  /** Absent when the field was added. */
  before?: unknown
  /** Absent when the field was removed. */
  after?: unknown
  class: FieldClass
}

export type ItemChange =
  | {type: 'added'; kind: ManifestItemKind; key: string; after: JsonObject}
  | {type: 'removed'; kind: ManifestItemKind; key: string; before: JsonObject}
  /** Same content under a new key: a rename, not a removal and an addition. */
  | {type: 'renamed'; kind: ManifestItemKind; key: string; from: string; descriptor: JsonObject}
  | {type: 'changed'; kind: ManifestItemKind; key: string; before: JsonObject; after: JsonObject; fields: FieldChange[]}

export interface ServerDiff {
  name: string
  /** `added`/`removed`: the server is in one picture only. */
  status: 'added' | 'removed' | 'changed'
  /** Launch identity: transport, command, args, env names, url, cwd, package. */
  launch: FieldChange[]
  /** `serverInfo.version`. */
  version?: {before?: string; after?: string}
  instructions?: {before?: string; after?: string}
  /** protocolVersion, capabilities, other serverInfo fields, whether the manifest was read. */
  metadata: FieldChange[]
  items: ItemChange[]
  /** The config file or pointer the server is declared at moved; shown, never a finding. */
  source?: {before: string; after: string}
  /** Items were not compared because one side was not probed (a remote server). */
  itemsSkipped?: boolean
}

export interface LockDiff {
  /** Servers with at least one change, by name. */
  servers: ServerDiff[]
}

/**
 * One unit a drift rule looks at. `server-added`/`server-removed` come from `diff` (a server in one
 * lock only); `server-unlocked` (in a config, not in the lock) and `server-unconfigured` (in the lock,
 * in no config) from `check`.
 */
export type DriftChange =
  | {type: 'item'; item: ItemChange}
  | {type: 'server-added'; server: ServerDiff}
  | {type: 'server-removed'; server: ServerDiff}
  | {type: 'server-unlocked'; command: string}
  | {type: 'server-unconfigured'}
  | {type: 'launch'; fields: FieldChange[]}
  | {type: 'version'; before?: string; after?: string}
  | {type: 'instructions'; before?: string; after?: string}
  | {type: 'metadata'; fields: FieldChange[]}
