// The pipeline's settings, resolved once from the policy with the defaults of DESIGN.md, so the hot
// path reads plain fields instead of walking optional policy sections on every message.

import type {Lockfile, LockServer} from '../lock/format.js'
import {disabledRules} from '../policy/apply.js'
import type {Policy, TrustLevel} from '../policy/schema.js'
import type {Action} from './types.js'

/** Well above the MCP SDK's 10 MiB: legitimate large results pass, a runaway stream does not. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024
export const DEFAULT_MAX_DEPTH = 64
export const DEFAULT_RATE = {perMinute: 60, perHour: 1000} as const
export const DEFAULT_TRUST: TrustLevel = 'basic'

export const CONTENT_CATEGORIES = ['injection', 'secrets', 'pii', 'hidden'] as const
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number]

export const DEFAULT_ACTIONS: Record<ContentCategory, Action> = {injection: 'reject', secrets: 'redact', pii: 'flag', hidden: 'reject'}

export interface Rate {
  perMinute: number
  perHour: number
}

export interface ToolSettings {
  requires?: TrustLevel
  rate?: Rate
}

export interface PipelineConfig {
  server: string
  /** File findings point at (the trace in replay). */
  file: string
  maxBytes: number
  maxDepth: number
  actions: Record<ContentCategory, Action>
  trust: TrustLevel
  allow?: string[]
  deny: string[]
  tools: Map<string, ToolSettings>
  rate: Rate
  /** Rule ids turned off in the policy: their checks do not run. */
  disabled: Set<string>
  /**
   * The server's locked manifest when the lock pins one; `absent` when a lock was given but does not
   * name this server (nothing it offers was reviewed); undefined without a lock, or for a remote
   * server whose entry pins only its launch.
   */
  lock?: LockServer | 'absent'
  policy: Policy
}

function rateOf(base: Rate, r: {perMinute?: number; perHour?: number} | undefined): Rate {
  return {perMinute: r?.perMinute ?? base.perMinute, perHour: r?.perHour ?? base.perHour}
}

export function resolveConfig(opts: {server: string; policy: Policy; lock?: Lockfile; file?: string}): PipelineConfig {
  const p = opts.policy
  const sp = p.servers && Object.hasOwn(p.servers, opts.server) ? p.servers[opts.server] : undefined
  const rate = rateOf(rateOf(DEFAULT_RATE, p.rateLimit), sp?.rateLimit)
  const tools = new Map<string, ToolSettings>()
  for (const [name, t] of Object.entries(sp?.tools ?? {})) {
    tools.set(name, {...(t.requires ? {requires: t.requires} : {}), ...(t.rateLimit ? {rate: rateOf(rate, t.rateLimit)} : {})})
  }
  const locked = opts.lock && Object.hasOwn(opts.lock.servers, opts.server) ? opts.lock.servers[opts.server] : undefined
  return {
    server: opts.server,
    file: opts.file ?? '-',
    maxBytes: p.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    maxDepth: p.limits?.maxDepth ?? DEFAULT_MAX_DEPTH,
    actions: {...DEFAULT_ACTIONS, ...p.actions},
    trust: sp?.trust ?? p.defaultTrust ?? DEFAULT_TRUST,
    ...(sp?.allow ? {allow: sp.allow} : {}),
    deny: sp?.deny ?? [],
    tools,
    rate,
    disabled: disabledRules({policy: p, locate: () => ({line: 1, column: 1})}),
    // A remote server's entry pins only its launch (`probed: false`): no listing to compare with.
    ...(opts.lock === undefined ? {} : !locked ? {lock: 'absent' as const} : locked.probed !== false ? {lock: locked} : {}),
    policy: p,
  }
}
