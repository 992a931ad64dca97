// Stage 3, rate limits: sliding windows over the message time (`ts`), so a replay of a trace reaches
// the decisions the live proxy reached. Each window keeps the times of the last `limit` calls in a
// ring: a call is over the limit when the oldest of them is still inside the window. Memory is bounded
// by the limit, never by the length of the session.

import type {Rate} from './config.js'

const MINUTE = 60_000
const HOUR = 3_600_000

class Ring {
  private buf: Float64Array
  private head = 0
  private size = 0
  constructor(readonly limit: number) {
    this.buf = new Float64Array(Math.min(limit, 64))
  }

  /** True when `limit` calls already happened within `span` ms before `ts`. */
  full(ts: number, span: number): boolean {
    return this.size >= this.limit && ts - this.buf[this.head] < span
  }

  push(ts: number): void {
    if (this.size < this.limit) {
      if (this.size === this.buf.length) this.grow()
      this.buf[(this.head + this.size) % this.buf.length] = ts
      this.size++
    } else {
      this.buf[this.head] = ts
      this.head = (this.head + 1) % this.buf.length
    }
  }

  private grow(): void {
    const next = new Float64Array(Math.min(this.limit, this.buf.length * 2))
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) % this.buf.length]
    this.buf = next
    this.head = 0
  }
}

export class Window {
  private readonly minute: Ring
  private readonly hour: Ring
  constructor(readonly rate: Rate) {
    this.minute = new Ring(rate.perMinute)
    this.hour = new Ring(rate.perHour)
  }

  /** The window a call at `ts` would overflow, if any. */
  over(ts: number): 'minute' | 'hour' | undefined {
    if (this.minute.full(ts, MINUTE)) return 'minute'
    if (this.hour.full(ts, HOUR)) return 'hour'
    return undefined
  }

  record(ts: number): void {
    this.minute.push(ts)
    this.hour.push(ts)
  }
}

export interface RateDenial {
  message: string
  hint: string
}

/** Per-server window, plus a window for each tool the policy gives its own limit. */
export class RateLimiter {
  private readonly server: Window
  private readonly tools = new Map<string, Window>()
  // Message times can go backwards (clock steps, merged recordings); windows need them monotonic.
  private last = -Infinity

  constructor(
    private readonly serverName: string,
    rate: Rate,
    private readonly toolRates: ReadonlyMap<string, {rate?: Rate}>,
  ) {
    this.server = new Window(rate)
  }

  private toolWindow(tool: string): Window | undefined {
    const w = this.tools.get(tool)
    if (w) return w
    const rate = this.toolRates.get(tool)?.rate
    if (!rate) return undefined
    const created = new Window(rate)
    this.tools.set(tool, created)
    return created
  }

  clock(ts: number): number {
    if (ts > this.last) this.last = ts
    return this.last
  }

  check(tool: string, ts: number): RateDenial | undefined {
    const t = this.clock(ts)
    const tw = this.toolWindow(tool)
    const toolOver = tw?.over(t)
    if (tw && toolOver) {
      const limit = toolOver === 'minute' ? tw.rate.perMinute : tw.rate.perHour
      return {
        message: `tool ${tool} of server ${this.serverName} reached its limit of ${limit} call${limit === 1 ? '' : 's'} ${toolOver === 'minute' ? 'a minute' : 'an hour'}`,
        hint: `wait, or raise servers.${this.serverName}.tools.${tool}.rateLimit.per${toolOver === 'minute' ? 'Minute' : 'Hour'} in mcp-warden.yaml`,
      }
    }
    const serverOver = this.server.over(t)
    if (serverOver) {
      const limit = serverOver === 'minute' ? this.server.rate.perMinute : this.server.rate.perHour
      return {
        message: `server ${this.serverName} reached its limit of ${limit} tool call${limit === 1 ? '' : 's'} ${serverOver === 'minute' ? 'a minute' : 'an hour'}`,
        hint: `wait, or raise servers.${this.serverName}.rateLimit.per${serverOver === 'minute' ? 'Minute' : 'Hour'} (or rateLimit for every server) in mcp-warden.yaml`,
      }
    }
    return undefined
  }

  /** Count a call that was let through; refused calls do not use up the budget. */
  record(tool: string, ts: number): void {
    const t = this.clock(ts)
    this.server.record(t)
    this.toolWindow(tool)?.record(t)
  }
}
