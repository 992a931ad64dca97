// The conversation a probe has with a server: the handshake (2026-07-28 `server/discover`, falling
// back to `initialize` for earlier revisions), then every page of every list the server declares.
// Items are kept exactly as sent; a tool is never called.

import {TOOL} from '../core/version.js'
import {emptyManifest, type ManifestItemKind, type ServerManifest} from '../model/manifest.js'
import {ChannelFailure, METHOD_NOT_FOUND, RpcResponseError, type JsonObject, type RpcChannel} from './rpc.js'

export const DISCOVER_REVISION = '2026-07-28'
/** The newest revision that uses `initialize`; servers answer with the one they speak. */
export const INITIALIZE_REVISION = '2025-11-25'

/**
 * What the probe says it can do. Declaring roots, sampling and elicitation shows the tools a server
 * only offers to capable clients; the probe answers roots/list with no roots and declines the rest.
 */
export const CLIENT_CAPABILITIES = {roots: {listChanged: false}, sampling: {}, elicitation: {}}
export const CLIENT_INFO = {name: TOOL.name, version: TOOL.version}

/** `_meta` keys a stateless (2026-07-28) request carries in place of a session. */
export const META_KEYS = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const

export interface SessionLimits {
  /** Pages read from one list before giving up. */
  maxPages: number
  /** Items kept from one list before giving up. */
  maxItems: number
  /** How long to wait for `server/discover` before also sending `initialize`. */
  discoverGraceMs: number
}

export interface SessionResult {
  manifest: ServerManifest
  protocolVersion: string
  handshake: 'discover' | 'initialize'
}

/** A server that answers, but not as the protocol says. */
export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProtocolViolation'
  }
}

/** The server quit when asked `server/discover`: some pre-2026 servers exit on an unknown first request. */
export class QuitOnDiscover extends Error {
  constructor(override readonly cause: ChannelFailure) {
    super(cause.message)
    this.name = 'QuitOnDiscover'
  }
}

const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v)

/** Answers to requests a server sends during a probe. */
export function answerServerRequest(method: string): {result: unknown} | {error: {code: number; message: string}} | undefined {
  switch (method) {
    case 'ping':
      return {result: {}}
    case 'roots/list':
      return {result: {roots: []}}
    case 'sampling/createMessage':
    case 'elicitation/create':
      return {error: {code: -1, message: `declined: mcp-warden is probing this server and does not answer ${method}`}}
    default:
      return undefined
  }
}

const LISTS: {kind: ManifestItemKind; capability: string; method: string; key: 'tools' | 'prompts' | 'resources' | 'resourceTemplates'; id: string}[] = [
  {kind: 'tool', capability: 'tools', method: 'tools/list', key: 'tools', id: 'name'},
  {kind: 'prompt', capability: 'prompts', method: 'prompts/list', key: 'prompts', id: 'name'},
  {kind: 'resource', capability: 'resources', method: 'resources/list', key: 'resources', id: 'uri'},
  {kind: 'resourceTemplate', capability: 'resources', method: 'resources/templates/list', key: 'resourceTemplates', id: 'uriTemplate'},
]

export class Session {
  /** What the probe is waiting for, for timeout messages. */
  stage = 'starting'
  private meta?: JsonObject

  constructor(
    private readonly rpc: RpcChannel,
    private readonly limits: SessionLimits,
  ) {}

  /** Handshake and listing. `tryDiscover: false` goes straight to `initialize` (a relaunch after a server quit on discover). */
  async run(tryDiscover: boolean): Promise<SessionResult> {
    const hello = tryDiscover ? await this.handshake() : await this.initialize()
    const result = hello.result
    const manifest = emptyManifest()
    if (typeof result.protocolVersion === 'string') manifest.protocolVersion = result.protocolVersion
    if (isObj(result.serverInfo)) manifest.serverInfo = result.serverInfo
    const capabilities = isObj(result.capabilities) ? result.capabilities : {}
    manifest.capabilities = capabilities
    if (typeof result.instructions === 'string') manifest.instructions = result.instructions
    const protocolVersion = manifest.protocolVersion ?? (hello.handshake === 'discover' ? DISCOVER_REVISION : INITIALIZE_REVISION)
    if (hello.handshake === 'discover') {
      this.meta = {[META_KEYS.protocolVersion]: protocolVersion, [META_KEYS.clientCapabilities]: CLIENT_CAPABILITIES, [META_KEYS.clientInfo]: CLIENT_INFO}
    }
    for (const list of LISTS) {
      if (!(list.capability in capabilities) || capabilities[list.capability] === false || capabilities[list.capability] === null) continue
      manifest[list.key] = (await this.readList(list)) as never
    }
    return {manifest, protocolVersion, handshake: hello.handshake}
  }

  private async handshake(): Promise<{result: JsonObject; handshake: 'discover' | 'initialize'}> {
    this.stage = 'the answer to server/discover'
    const meta = {[META_KEYS.protocolVersion]: DISCOVER_REVISION, [META_KEYS.clientCapabilities]: CLIENT_CAPABILITIES, [META_KEYS.clientInfo]: CLIENT_INFO}
    const discover = settle(this.rpc.request('server/discover', {_meta: meta}))
    const early = await raceDelay(discover, this.limits.discoverGraceMs)
    if (early?.ok) return {result: asResult(early.value, 'server/discover'), handshake: 'discover'}
    if (early && early.error instanceof ChannelFailure && early.error.kind === 'closed') throw new QuitOnDiscover(early.error)
    if (early && !(early.error instanceof RpcResponseError)) throw early.error
    if (early) return this.initialize()
    // No answer yet: the server may ignore methods it does not know, or may only be slow to start.
    // Ask both ways; a discover answer still wins if it comes.
    this.stage = 'the answer to initialize (or server/discover)'
    const init = settle(this.sendInitialize())
    const first = await Promise.race([discover.then((r) => ({from: 'discover' as const, r})), init.then((r) => ({from: 'initialize' as const, r}))])
    if (first.from === 'discover' && first.r.ok) return {result: asResult(first.r.value, 'server/discover'), handshake: 'discover'}
    const initOutcome = first.from === 'initialize' ? first.r : await init
    if (!initOutcome.ok) throw initOutcome.error
    this.rpc.notify('notifications/initialized')
    return {result: asResult(initOutcome.value, 'initialize'), handshake: 'initialize'}
  }

  private async initialize(): Promise<{result: JsonObject; handshake: 'initialize'}> {
    this.stage = 'the answer to initialize'
    const result = asResult(await this.sendInitialize(), 'initialize')
    this.rpc.notify('notifications/initialized')
    return {result, handshake: 'initialize'}
  }

  private sendInitialize(): Promise<unknown> {
    return this.rpc.request('initialize', {protocolVersion: INITIALIZE_REVISION, capabilities: CLIENT_CAPABILITIES, clientInfo: CLIENT_INFO})
  }

  private async readList(list: (typeof LISTS)[number]): Promise<JsonObject[]> {
    const items: JsonObject[] = []
    const seen = new Set<string>()
    let cursor: string | undefined
    for (let page = 1; ; page++) {
      if (page > this.limits.maxPages) throw new ProtocolViolation(`${list.method} did not end after ${this.limits.maxPages} pages`)
      this.stage = `the answer to ${list.method}${page > 1 ? ` (page ${page})` : ''}`
      const params: JsonObject = {}
      if (cursor !== undefined) params.cursor = cursor
      if (this.meta) params._meta = this.meta
      let raw: unknown
      try {
        raw = await this.rpc.request(list.method, params)
      } catch (err) {
        // A list the server does not implement is an empty list, not a failure.
        if (err instanceof RpcResponseError && err.code === METHOD_NOT_FOUND && page === 1) return []
        if (err instanceof RpcResponseError) throw new ProtocolViolation(`${list.method} failed: ${err.message} (code ${err.code})`)
        throw err
      }
      const result = asResult(raw, list.method)
      const pageItems = result[list.key]
      if (!Array.isArray(pageItems)) throw new ProtocolViolation(`${list.method} answered without a "${list.key}" list${page > 1 ? ` on page ${page}` : ''}`)
      for (const [i, item] of pageItems.entries()) {
        if (!isObj(item) || typeof item[list.id] !== 'string') {
          throw new ProtocolViolation(`${list.method} page ${page} item ${i} is not a ${list.kind} (it needs a string "${list.id}")`)
        }
        items.push(item)
      }
      if (items.length > this.limits.maxItems) throw new ProtocolViolation(`${list.method} returned more than ${this.limits.maxItems} items`)
      const next = result.nextCursor
      if (next === undefined || next === null || next === '') return items
      if (typeof next !== 'string') throw new ProtocolViolation(`${list.method} returned a nextCursor that is not a string`)
      if (seen.has(next)) throw new ProtocolViolation(`${list.method} returned the cursor ${JSON.stringify(next.slice(0, 60))} twice: the pages loop`)
      seen.add(next)
      cursor = next
    }
  }
}

function asResult(value: unknown, method: string): JsonObject {
  if (!isObj(value)) throw new ProtocolViolation(`${method} answered with a result that is not an object`)
  return value
}

type Settled = {ok: true; value: unknown} | {ok: false; error: Error}

function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    (value) => ({ok: true, value}) as const,
    (error: unknown) => ({ok: false, error: error instanceof Error ? error : new Error(String(error))}) as const,
  )
}

/** `p`'s outcome, or undefined when `ms` pass first (the timer is cleared either way). */
async function raceDelay<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}
