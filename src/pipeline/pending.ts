// Requests in flight, by direction and id, so a response can be matched to the method (and tool) it
// answers: a tools/list result is only known as one through its request. Bounded: a peer that never
// answers cannot grow it; the oldest entries go first.

import type {Direction} from './types.js'
import type {Id} from './validate.js'

export interface PendingRequest {
  method: string
  tool?: string
}

const MAX_PENDING = 10_000

export class Pending {
  private readonly map = new Map<string, PendingRequest>()

  private static key(dir: Direction, id: Id): string {
    // `1` and `"1"` are different ids in JSON-RPC.
    return (dir === 'c2s' ? 'c' : 's') + (typeof id === 'number' ? 'n' : 's') + String(id)
  }

  add(dir: Direction, id: Id, req: PendingRequest): void {
    const k = Pending.key(dir, id)
    this.map.delete(k)
    if (this.map.size >= MAX_PENDING) this.map.delete(this.map.keys().next().value as string)
    this.map.set(k, req)
  }

  /** The request a response travelling in `responseDir` answers, removed from the table. */
  take(responseDir: Direction, id: Id | null): PendingRequest | undefined {
    if (id === null) return undefined
    const k = Pending.key(responseDir === 'c2s' ? 's2c' : 'c2s', id)
    const r = this.map.get(k)
    if (r) this.map.delete(k)
    return r
  }

  cancel(requestDir: Direction, id: Id): void {
    this.map.delete(Pending.key(requestDir, id))
  }

  get size(): number {
    return this.map.size
  }
}
