// `scan` input: auto-detects what each file is (tools/list result, manifest, JSON-RPC response,
// mcp.lock, client config, plain text) and turns it into a Scope. Folders are walked for the files
// MCP clients and mcp-warden use. Unknown or malformed files are InputErrors naming file and place.

import {readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {InputError, IntegrityError} from '../core/errors.js'
import {parseWith} from '../core/validate.js'
import {looksLikeClientConfig, parseClientConfig} from '../config/parse.js'
import {manifestOfEntry} from '../lock/entry.js'
import {lockfileSchema, looksLikeLock, type Lockfile} from '../lock/format.js'
import {emptyManifest, LIST_KEYS, type ServerManifest} from '../model/manifest.js'
import {readSource, type SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'
import type {Scope, ServerView, SourceRef, TextField} from '../rules/scope.js'
import {checkItems, configView, ITEM_KINDS, serverView} from './views.js'

export type InputKind = 'lock' | 'config' | 'manifest' | 'tools-list' | 'text'

export interface LoadedInput {
  file: string
  kind: InputKind
  doc: SourceDocument
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
const MANIFEST_KEYS = ['serverInfo', 'instructions', 'tools', 'prompts', 'resources', 'resourceTemplates', 'capabilities', 'protocolVersion']

/** Where a manifest sits inside the document: at the root, or under `result` of a JSON-RPC response. */
function manifestBase(value: unknown): {base: string; value: unknown} {
  if (isObj(value) && value.jsonrpc === '2.0' && isObj(value.result)) return {base: '/result', value: value.result}
  return {base: '', value}
}

export function classify(doc: SourceDocument): InputKind | undefined {
  if (doc.format === 'text') return 'text'
  const v = doc.value
  if (looksLikeLock(v)) return 'lock'
  if (looksLikeClientConfig(v)) return 'config'
  const {value} = manifestBase(v)
  if (Array.isArray(value)) return value.length === 0 || value.every((t) => isObj(t) && 'name' in t) ? 'tools-list' : undefined
  if (!isObj(value)) return undefined
  const keys = Object.keys(value)
  if (keys.includes('tools') && keys.every((k) => k === 'tools' || k === 'nextCursor' || k === '_meta' || k === 'ttlMs' || k === 'cacheScope')) return 'tools-list'
  if (MANIFEST_KEYS.some((k) => k in value)) return 'manifest'
  return undefined
}

const UNKNOWN_HINT =
  'expected a tools/list result ({"tools": [...]}), a server manifest (serverInfo, tools, prompts, resources...), an mcp.lock, or a client config (mcpServers, servers, context_servers, extensions, mcp_servers)'

export function loadInput(doc: SourceDocument): LoadedInput {
  const kind = classify(doc)
  if (!kind) throw new InputError('not a recognized MCP file', {file: doc.file, line: 1, column: 1}, UNKNOWN_HINT)
  return {file: doc.file, kind, doc}
}

/** Add one loaded input to the scope (servers, configs, or texts). */
export function addToScope(scope: Scope, input: LoadedInput): void {
  const source: SourceRef = {file: input.file, doc: input.doc}
  switch (input.kind) {
    case 'lock':
      scope.servers.push(...lockServers(input.doc, source))
      for (const c of lockLaunchConfigs(input.doc)) scope.configs.push(configView(c, source))
      return
    case 'config': {
      const cfg = parseClientConfig(input.doc)
      for (const entry of cfg.servers) scope.configs.push(configView(entry, source))
      return
    }
    case 'manifest':
    case 'tools-list':
      scope.servers.push(manifestServer(input.doc, source))
      return
    case 'text':
      scope.texts.push(textField(String(input.doc.value), source))
  }
}

export function textField(text: string, source: SourceRef): TextField {
  return {text, field: 'text', role: 'content', source, pointer: '', kind: 'message'}
}

/** A manifest or tools/list file as one server. */
export function manifestServer(doc: SourceDocument, source: SourceRef): ServerView {
  const {base, value} = manifestBase(doc.value)
  const manifest = emptyManifest()
  const obj: Obj = Array.isArray(value) ? {tools: value} : (value as Obj)
  const listBase = Array.isArray(value) ? () => base : (key: string) => join(base, key)
  for (const kind of ITEM_KINDS) {
    const key = LIST_KEYS[kind]
    if (!(key in obj)) continue
    const bad = checkItems(kind, obj[key], listBase(key))
    if (bad) throw new InputError(`malformed manifest: ${bad.message}`, {file: doc.file, ...doc.locate(bad.pointer), pointer: bad.pointer})
    manifest[key] = obj[key] as never
  }
  if (typeof obj.instructions === 'string') manifest.instructions = obj.instructions
  if (isObj(obj.serverInfo)) manifest.serverInfo = obj.serverInfo as ServerManifest['serverInfo']
  if (isObj(obj.capabilities)) manifest.capabilities = obj.capabilities
  if (typeof obj.protocolVersion === 'string') manifest.protocolVersion = obj.protocolVersion
  const name = manifest.serverInfo?.name || path.basename(doc.file).replace(/\.(tools\.)?(json|ya?ml)$/i, '')
  const pointerOf = Array.isArray(value) ? (_k: unknown, i: number) => join(base, i) : (kind: keyof typeof LIST_KEYS, i: number) => join(base, LIST_KEYS[kind], i)
  return serverView(name, manifest, source, base, (kind, i) => pointerOf(kind, i))
}

/** Parse and validate an mcp.lock's shape; a malformed lock is an integrity failure (exit 3). */
export function parseLock(doc: SourceDocument): Lockfile {
  return parseWith(lockfileSchema(), doc.value, doc, '', 'mcp.lock', (m, p) => new IntegrityError(m, p, 'regenerate it with `mcp-warden lock`, or restore it from git'))
}

export function lockServers(doc: SourceDocument, source: SourceRef): ServerView[] {
  const lock = parseLock(doc)
  return Object.entries(lock.servers).map(([name, s]) => {
    const base = join('/servers', name)
    return serverView(name, manifestOfEntry(s), source, base, (kind, _i, key) => join(base, LIST_KEYS[kind], key, 'descriptor'))
  })
}

/** The launch of each locked server as a config entry (env names only), for the config rules. */
export function lockLaunchConfigs(doc: SourceDocument) {
  const lock = parseLock(doc)
  return Object.entries(lock.servers).map(([name, s]) => {
    const p = join('/servers', name, 'launch')
    return {
      name,
      client: 'generic' as const,
      file: doc.file,
      pointer: p,
      transport: s.launch.transport,
      ...(s.launch.command === undefined ? {} : {command: s.launch.command}),
      args: s.launch.args ?? [],
      env: {},
      ...(s.launch.url === undefined ? {} : {url: s.launch.url}),
      headers: {},
      pointers: {command: join(p, 'command'), args: join(p, 'args'), url: join(p, 'url')},
      raw: s.launch as Obj,
    }
  })
}

// Folders: the files clients and mcp-warden use, found by walking (bounded, no symlinks followed).
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.venv', 'venv', '__pycache__'])
const CANDIDATE = /\.(json|jsonc|ya?ml|toml|lock)$/i
const MAX_WALK_FILES = 5000

/** Expand folders into the candidate files they hold; files are returned as given. */
export function expandPaths(paths: string[]): {files: string[]; fromFolders: Set<string>} {
  const files: string[] = []
  const fromFolders = new Set<string>()
  for (const p of paths) {
    let st
    try {
      st = statSync(p)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ELOOP') throw new InputError('cannot read file: a symlink loop (ELOOP)', {file: p}, 'point the symlink at a real file')
      throw new InputError('cannot read file: no such file or folder', {file: p}, 'check the path, or run from the repository root')
    }
    if (!st.isDirectory()) {
      files.push(p)
      continue
    }
    const stack = [p]
    while (stack.length > 0) {
      const dir = stack.pop()!
      const entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))
      for (const e of entries) {
        const full = path.join(dir, e.name)
        if (e.isDirectory() && !SKIP_DIRS.has(e.name)) stack.push(full)
        else if (e.isFile() && CANDIDATE.test(e.name) && !/^package(-lock)?\.json$|^tsconfig.*\.json$|^mcp-warden\.ya?ml$/.test(e.name)) {
          files.push(full)
          fromFolders.add(full)
          if (files.length > MAX_WALK_FILES) throw new InputError(`more than ${MAX_WALK_FILES} candidate files under the folder`, {file: p}, 'name the files to scan')
        }
      }
    }
  }
  return {files: files.sort(), fromFolders}
}

/**
 * Load files (and folders) into one scope. Files named directly must be recognized; files found by
 * walking a folder are skipped when they are not MCP files, and listed in `skipped`.
 */
export function loadScope(paths: string[], opts: {text?: {file: string; text: string}} = {}): {scope: Scope; inputs: LoadedInput[]; skipped: string[]} {
  const scope: Scope = {servers: [], configs: [], texts: []}
  const inputs: LoadedInput[] = []
  const skipped: string[] = []
  const {files, fromFolders} = expandPaths(paths)
  for (const file of files) {
    const walked = fromFolders.has(file)
    let doc: SourceDocument
    try {
      doc = readSource(file, /\.lock$/i.test(file) ? 'json' : undefined)
    } catch (error) {
      // A broken file with a name clients or mcp-warden use is an error even inside a folder.
      if (walked && error instanceof InputError && !isWellKnownName(file)) {
        skipped.push(file)
        continue
      }
      throw error
    }
    const kind = classify(doc)
    if (!kind) {
      if (walked && !isWellKnownName(file)) {
        skipped.push(file)
        continue
      }
      throw new InputError('not a recognized MCP file', {file, line: 1, column: 1}, UNKNOWN_HINT)
    }
    const input = {file, kind, doc}
    addToScope(scope, input)
    inputs.push(input)
  }
  if (opts.text) {
    const source = {file: opts.text.file}
    scope.texts.push(textField(opts.text.text, source))
  }
  return {scope, inputs, skipped}
}

const WELL_KNOWN = /(^|\/)(\.mcp\.json|mcp\.json|mcp\.lock|claude_desktop_config\.json|mcp_config\.json|cline_mcp_settings\.json)$/

/** Names that are MCP files by convention: a parse failure in one of them is never skipped. */
export function isWellKnownName(file: string): boolean {
  return WELL_KNOWN.test(file.replace(/\\/g, '/'))
}
