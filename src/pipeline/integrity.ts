// Stage 4, integrity: every listing (tools, prompts, resources, resource templates) is compared item
// by item with the lock, using the lock's own hash function, so "the same descriptor" means the same
// thing here as in `lock` and `check`. A lock that does not name the server leaves all it offers
// unreviewed (unlocked). Without a lock, the first listing of the session is the reference, which
// still catches a tool rewritten mid-session (after `notifications/tools/list_changed`). A new or
// changed item is denied: removed from the listing that is forwarded, and refused when called.

import type {LockItem, LockServer} from '../lock/format.js'
import {hashItem} from '../lock/hash.js'
import {itemKey, LIST_KEYS, type JsonObject, type ManifestItemKind} from '../model/manifest.js'

/** Cap on remembered items per session: a server listing millions of items cannot grow memory without bound. */
const MAX_ITEMS = 20_000

/** The list methods and what they list (a Map: a request's method is the peer's text, `constructor` included). */
export const LIST_METHODS: ReadonlyMap<string, ManifestItemKind> = new Map([
  ['tools/list', 'tool'],
  ['prompts/list', 'prompt'],
  ['resources/list', 'resource'],
  ['resources/templates/list', 'resourceTemplate'],
])

export const KIND_WORD: Record<ManifestItemKind, string> = {tool: 'tool', prompt: 'prompt', resource: 'resource', resourceTemplate: 'resource template'}

export interface ItemDenial {
  ruleId: 'unlocked-tool' | 'listing-changed'
  kind: ManifestItemKind
  key: string
  message: string
  hint: string
}

export interface ListingVerdict {
  /** Index of the item in the listing array. */
  index: number
  denial: ItemDenial
}

// Own keys only: a tool named `constructor` must not find Object.prototype's.
function lockedItem(lock: LockServer, kind: ManifestItemKind, key: string): LockItem | undefined {
  const list = lock[LIST_KEYS[kind]]
  return Object.hasOwn(list, key) ? list[key] : undefined
}

export class Integrity {
  private readonly baseline = new Map<string, string>()
  private readonly denied = new Map<string, ItemDenial>()

  constructor(
    private readonly server: string,
    private readonly lock: LockServer | 'absent' | undefined,
    private readonly enabled: {unlocked: boolean; changed: boolean},
  ) {}

  /** Compare one page of a listing; returns the items to deny (by index). */
  listing(kind: ManifestItemKind, items: unknown[]): ListingVerdict[] {
    const out: ListingVerdict[] = []
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (!item || typeof item !== 'object' || Array.isArray(item)) continue
      const key = itemKey(kind, item as JsonObject)
      const id = kind + '\u0000' + key
      const denial = this.judge(kind, key, id, item)
      if (denial) {
        if (this.denied.size < MAX_ITEMS || this.denied.has(id)) this.denied.set(id, denial)
        out.push({index: i, denial})
      } else this.denied.delete(id)
    }
    return out
  }

  private judge(kind: ManifestItemKind, key: string, id: string, item: unknown): ItemDenial | undefined {
    const word = KIND_WORD[kind]
    if (this.lock === 'absent') return this.enabled.unlocked ? this.unlocked(kind, key) : undefined
    const hash = hashItem(kind, item)
    if (this.lock) {
      const locked = lockedItem(this.lock, kind, key)
      if (!locked) return this.enabled.unlocked ? this.unlocked(kind, key) : undefined
      if (locked.hash === hash || !this.enabled.changed) return undefined
      return {
        ruleId: 'listing-changed',
        kind,
        key,
        message: `${word} ${key} of server ${this.server} differs from mcp.lock (${locked.hash.slice(7, 19)} locked, ${hash.slice(7, 19)} now)`,
        hint: 'compare it with the lock (`mcp-warden check`); if the change is expected, re-lock and commit mcp.lock',
      }
    }
    const first = this.baseline.get(id)
    if (first === undefined) {
      if (this.baseline.size < MAX_ITEMS) this.baseline.set(id, hash)
      return undefined
    }
    if (first === hash || !this.enabled.changed) return undefined
    return {
      ruleId: 'listing-changed',
      kind,
      key,
      message: `${word} ${key} of server ${this.server} changed during the session (${first.slice(7, 19)} first, ${hash.slice(7, 19)} now)`,
      hint: 'a tool that changes after the client read it is a rug pull; restart the session to accept the new version, or lock the server (`mcp-warden lock`) to pin what is reviewed',
    }
  }

  private unlocked(kind: ManifestItemKind, key: string): ItemDenial {
    const word = KIND_WORD[kind]
    if (this.lock === 'absent') {
      return {ruleId: 'unlocked-tool', kind, key, message: `${word} ${key} of server ${this.server} is not in mcp.lock: the server is not locked`, hint: `lock the server (\`mcp-warden lock\`) and commit mcp.lock, or check that the server's name (wrap --name, the trace's "server") is the one in the lock`}
    }
    return {ruleId: 'unlocked-tool', kind, key, message: `${word} ${key} of server ${this.server} is not in mcp.lock`, hint: 'review it, then re-lock with `mcp-warden lock` and commit mcp.lock'}
  }

  /** Why a call of (or read of) this item is refused, if it is. */
  refused(kind: ManifestItemKind, key: string): ItemDenial | undefined {
    const d = this.denied.get(kind + '\u0000' + key)
    if (d) return d
    // With a lock, calling a tool or prompt that was never locked is refused even if it was never listed.
    if (this.lock && this.enabled.unlocked && (kind === 'tool' || kind === 'prompt') && (this.lock === 'absent' || !lockedItem(this.lock, kind, key))) return this.unlocked(kind, key)
    return undefined
  }

  /** The locked descriptor of a tool, for the access stage when the session has not listed it. */
  lockedDescriptor(kind: ManifestItemKind, key: string): JsonObject | undefined {
    return this.lock && this.lock !== 'absent' ? (lockedItem(this.lock, kind, key)?.descriptor as JsonObject | undefined) : undefined
  }
}
