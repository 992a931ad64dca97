// The CI gate's core: hold every configured server to its entry in mcp.lock. Each locked server is
// launched as its config describes it now, the live picture is built exactly as `lock` would record
// it, and the two are diffed; the drift, the configs and everything live go through the one rule
// engine. Findings about live items point at their entry in mcp.lock, or at the server's config entry
// when the lock has nothing for them, so each lands on a committed line. The lock is never written.

import {commandLine, launchTokens} from '../config/command.js'
import type {ServerConfig} from '../model/config.js'
import {LIST_KEYS} from '../model/manifest.js'
import type {ProbeOutcome} from '../probe/types.js'
import {diffServer} from '../diff/diff.js'
import {driftView, driftViews, lockItemPointer, type DriftLocator, type Place} from '../diff/drift.js'
import type {LockDiff, ServerDiff} from '../diff/types.js'
import {lockLaunchConfigs} from '../inputs/load.js'
import {configView, serverView} from '../inputs/views.js'
import {entryOf, launchOf, manifestOfEntry} from '../lock/entry.js'
import type {LockServer} from '../lock/format.js'
import type {LoadedLock} from '../lock/read.js'
import {isCliSource, sourceOf} from '../lock/servers.js'
import type {DriftView, Scope, ServerView, SourceRef} from '../rules/scope.js'
import type {SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'

export interface CheckInput {
  lock: LoadedLock
  /** Configured servers, one per name (configuredServers). */
  servers: ServerConfig[]
  /** Names of servers a config marks disabled: not checked, and not stale either. */
  disabled?: string[]
  /** The parsed config files, by file name as in ServerConfig.file. */
  configDocs: ReadonlyMap<string, SourceDocument>
  /** Folder source paths in the lock are relative to. */
  lockDir: string
  /** Probes the given servers; absent with `--no-probe`: the lock and the configs alone are checked. */
  probe?: (configs: ServerConfig[]) => Promise<ProbeOutcome[]>
}

export interface CheckOutput {
  scope: Scope
  diff: LockDiff
  /** Servers that were launched, in name order, with their outcome. */
  probed: ProbeOutcome[]
  /** Remote servers: launch compared, manifest not read. */
  remote: string[]
  /** Locked servers in no config: not checked (stale-lock-entry). */
  stale: string[]
  /** Configured servers the lock does not have (unlocked-server). */
  unlocked: string[]
}

export async function runCheck(input: CheckInput): Promise<CheckOutput> {
  const {lock, servers} = input
  const locked = lock.lock.servers
  const has = (name: string) => Object.prototype.hasOwnProperty.call(locked, name)
  const lockRef: SourceRef = {file: lock.file, doc: lock.doc}

  // What to hold to the lock: configured servers, and servers locked from the command line, whose
  // only description is the launch the lock recorded.
  const targets = new Map<string, ServerConfig>(servers.map((s) => [s.name, s]))
  for (const c of lockLaunchConfigs(lock.doc)) if (!targets.has(c.name) && isCliSource(locked[c.name].source)) targets.set(c.name, c)
  const disabled = new Set(input.disabled ?? [])
  const stale = Object.keys(locked).filter((n) => !targets.has(n) && !disabled.has(n)).sort()
  const unlocked = [...targets.keys()].filter((n) => !has(n)).sort()
  const remote = [...targets.values()].filter((c) => c.transport !== 'stdio').map((c) => c.name)

  const launchable = [...targets.values()].filter((c) => c.transport === 'stdio')
  const outcomes = input.probe ? await input.probe(launchable) : []
  const outcomeOf = new Map(outcomes.map((o) => [o.config.name, o]))

  // The entry `lock` would write now. Without a probe, only the launch is live; the manifest is the locked one.
  const liveEntry = (c: ServerConfig): LockServer | undefined => {
    const source = has(c.name) && isCliSource(locked[c.name].source) ? locked[c.name].source : sourceOf(c, input.lockDir)
    if (c.transport !== 'stdio') return entryOf({source, launch: launchOf(c)})
    if (!input.probe) return has(c.name) ? {...locked[c.name], source, launch: launchOf(c)} : undefined
    const r = outcomeOf.get(c.name)?.result
    return r ? entryOf({source, launch: launchOf(c, r.package), manifest: r.manifest, protocolVersion: r.protocolVersion}) : undefined
  }

  const configRef = (c: ServerConfig): SourceRef => ({file: c.file, ...(input.configDocs.has(c.file) ? {doc: input.configDocs.get(c.file)} : {})})
  // Servers locked from the command line have no config entry: their findings stay in the lock.
  const configOf = (name: string) => (has(name) && isCliSource(locked[name].source) ? undefined : targets.get(name))
  const locate = checkLocator(lockRef, has, configOf, configRef)

  const diffs: ServerDiff[] = []
  const views: ServerView[] = []
  const drifts: DriftView[] = []
  for (const name of [...new Set([...Object.keys(locked), ...targets.keys()])].sort()) {
    if (disabled.has(name) && !targets.has(name)) continue
    const c = targets.get(name)
    const live = c ? liveEntry(c) : undefined
    if (c && !has(name)) {
      drifts.push(driftView(locate.server(name), name, 'config', name, {type: 'server-unlocked', command: describeLaunch(c)}))
      if (live) views.push(liveView(name, live, undefined, locate.server(name), c))
      continue
    }
    if (!c) {
      drifts.push(driftView(locate.server(name), name, 'server', name, {type: 'server-unconfigured'}))
      views.push(liveView(name, locked[name], locked[name], {source: lockRef, pointer: join('/servers', name)}))
      continue
    }
    // A server that failed to probe is scanned as locked; its failure is the command's exit 4.
    const entry = live ?? locked[name]
    const d = live ? diffServer(name, locked[name], live, {comparePackage: Boolean(input.probe)}) : undefined
    if (d) diffs.push(d)
    views.push(liveView(name, entry, locked[name], {source: lockRef, pointer: join('/servers', name)}, c, d, locate))
  }
  const diff = {servers: diffs}
  drifts.push(...driftViews(diff, locate))

  const configs = servers.map((s) => configView(s, configRef(s)))
  return {
    scope: {servers: views, configs, texts: [], drifts},
    diff,
    probed: launchable.map((c) => outcomeOf.get(c.name)).filter((o): o is ProbeOutcome => o !== undefined),
    remote,
    stale,
    unlocked,
  }
}

function describeLaunch(c: ServerConfig): string {
  return c.transport === 'stdio' ? commandLine(launchTokens(c)) : `${c.transport} ${c.url ?? ''}`.trim()
}

/**
 * The server as the rules see it. Items the lock has point at their entry there (a renamed item at
 * its old entry); items it does not have point at the server's config entry.
 */
function liveView(name: string, entry: LockServer, locked: LockServer | undefined, at: Place, config?: ServerConfig, d?: ServerDiff, locate?: DriftLocator): ServerView {
  const renamedFrom = new Map<string, string>()
  for (const i of d?.items ?? []) if (i.type === 'renamed') renamedFrom.set(`${i.kind}\u0000${i.key}`, i.from)
  const view = serverView(name, manifestOfEntry(entry), at.source, at.pointer, (kind, _i, key) => lockItemPointer(name, kind, renamedFrom.get(`${kind}\u0000${key}`) ?? key), config)
  for (const item of view.items) {
    const lockedKey = renamedFrom.get(`${item.kind}\u0000${item.key}`) ?? item.key
    if (locked && Object.prototype.hasOwnProperty.call(locked[LIST_KEYS[item.kind]], lockedKey)) continue
    const place = locked && locate ? locate.item(name, {type: 'added', kind: item.kind, key: item.key, after: item.descriptor}) : at
    item.source = place.source
    item.pointer = place.pointer
  }
  return view
}

/** Where launch fields sit in a config entry. */
function launchFieldPointer(c: ServerConfig, field: string): string {
  switch (field) {
    case 'command':
      return c.pointers.command ?? c.pointer
    case 'args':
      return c.pointers.args ?? c.pointers.command ?? c.pointer
    case 'package':
      return c.pointers.args ?? c.pointers.command ?? c.pointer
    case 'env':
      return c.pointers.env ?? c.pointer
    case 'url':
      return c.pointers.url ?? c.pointer
    case 'cwd':
      return join(c.pointer, 'cwd')
    default:
      return c.pointer
  }
}

/**
 * `check` places: the lock for what it holds, the config entry for what it does not (a new item, an
 * unlocked server) and for the launch, which is what a pull request edits there.
 */
export function checkLocator(
  lockRef: SourceRef,
  isLocked: (name: string) => boolean,
  configOf: (name: string) => ServerConfig | undefined,
  configRef: (c: ServerConfig) => SourceRef,
): DriftLocator {
  const inLock = (pointer: string): Place => ({source: lockRef, pointer})
  const inConfig = (c: ServerConfig, pointer = c.pointer): Place => ({source: configRef(c), pointer, fieldPointer: () => pointer})
  return {
    server(name) {
      const c = configOf(name)
      return isLocked(name) || !c ? inLock(join('/servers', name)) : inConfig(c)
    },
    item(name, change) {
      if (change.type === 'added') {
        const c = configOf(name)
        return c ? inConfig(c) : {source: lockRef, pointer: join('/servers', name), fieldPointer: () => join('/servers', name)}
      }
      return inLock(lockItemPointer(name, change.kind, change.type === 'renamed' ? change.from : change.key))
    },
    launch(name) {
      const c = configOf(name)
      if (!c) return {source: lockRef, pointer: join('/servers', name, 'launch'), fieldPointer: (p) => join('/servers', name, 'launch', p[0])}
      return {source: configRef(c), pointer: c.pointer, fieldPointer: (p) => launchFieldPointer(c, p[0])}
    },
  }
}

