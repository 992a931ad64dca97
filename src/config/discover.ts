// Discovery for `lock` and `check`: which client config files a repository (and, with --user, the
// user's home) holds, per FACTS.md's table, and the servers they declare. A project file that is a
// symlink leading out of the project is refused: a pull request could otherwise point `.mcp.json` at a
// file elsewhere on the CI machine and have it read, launched or echoed.

import {lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {InputError} from '../core/errors.js'
import {looksLikeLock} from '../lock/format.js'
import type {ClientKind, ServerConfig} from '../model/config.js'
import {decodeUtf8, formatFromName, MAX_INPUT_BYTES, parseSource, type SourceDocument} from '../source/document.js'
import {parsePointer} from '../source/pointer.js'
import {looksLikeClientConfig, parseClientConfig} from './parse.js'

export interface DiscoverOptions {
  /** Folder to discover from (the repository, or a folder inside it). */
  cwd: string
  /** Also look at the user-level files under `home`. */
  user: boolean
  /** Files named with --config, relative to `cwd`; each must exist. */
  configs: string[]
  /** Home folder for user-level files (default: the OS home). */
  home?: string
  /** Environment for APPDATA, XDG_CONFIG_HOME and CODEX_HOME (default: process.env). */
  env?: Record<string, string | undefined>
}

/**
 * A file to look for. `needs` names a key the file must hold to count (a VS Code settings.json is a
 * config only when it has "mcp"); `text` is the cheap test on the raw text before parsing.
 */
interface Candidate {
  file: string
  needs?: {text: RegExp; key: (v: Record<string, unknown>) => boolean}
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const NEEDS = {
  mcp: {text: /"mcp(?:\.servers)?"\s*:/, key: (v: Record<string, unknown>) => isObj(v.mcp) || 'mcp.servers' in v},
  mcpServers: {text: /mcpServers/, key: (v: Record<string, unknown>) => 'mcpServers' in v},
  contextServers: {text: /context_servers/, key: (v: Record<string, unknown>) => 'context_servers' in v},
  mcpServersToml: {text: /mcp_servers/, key: (v: Record<string, unknown>) => 'mcp_servers' in v},
  extensions: {text: /extensions/, key: (v: Record<string, unknown>) => 'extensions' in v},
  anyConfig: {text: /./, key: (v: Record<string, unknown>) => looksLikeClientConfig(v)},
}

/** Project-level files, relative to the project folder (FACTS.md's table, plus Roo, Kiro, Amazon Q). */
const PROJECT_FILES: Candidate[] = [
  {file: '.mcp.json'},
  {file: 'mcp.json', needs: NEEDS.anyConfig},
  {file: '.cursor/mcp.json'},
  {file: '.vscode/mcp.json'},
  {file: '.vscode/settings.json', needs: NEEDS.mcp},
  {file: '.zed/settings.json', needs: NEEDS.contextServers},
  {file: '.gemini/settings.json', needs: NEEDS.mcpServers},
  {file: '.codex/config.toml', needs: NEEDS.mcpServersToml},
  {file: '.windsurf/mcp_config.json'},
  {file: '.roo/mcp.json'},
  {file: '.kiro/settings/mcp.json'},
  {file: '.amazonq/mcp.json'},
]
/** Folders whose every YAML or JSON file is a config (Continue's per-server blocks). */
const PROJECT_DIRS = ['.continue/mcpServers']
const BLOCK_FILE = /\.(?:ya?ml|json)$/i

function userCandidates(home: string, env: Record<string, string | undefined>): {files: Candidate[]; dirs: string[]} {
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config')
  const appData = env.APPDATA || path.join(home, 'AppData', 'Roaming')
  const mac = path.join(home, 'Library', 'Application Support')
  const codex = env.CODEX_HOME || path.join(home, '.codex')
  const bases = [mac, appData, xdg]
  const files: Candidate[] = [
    ...bases.map((b) => ({file: path.join(b, 'Claude', 'claude_desktop_config.json')})),
    {file: path.join(home, '.claude.json'), needs: NEEDS.anyConfig},
    {file: path.join(home, '.cursor', 'mcp.json')},
    {file: path.join(home, '.codeium', 'windsurf', 'mcp_config.json')},
    {file: path.join(home, '.continue', 'config.yaml'), needs: NEEDS.mcpServers},
    {file: path.join(xdg, 'zed', 'settings.json'), needs: NEEDS.contextServers},
    {file: path.join(appData, 'Zed', 'settings.json'), needs: NEEDS.contextServers},
    {file: path.join(home, '.gemini', 'settings.json'), needs: NEEDS.mcpServers},
    {file: path.join(codex, 'config.toml'), needs: NEEDS.mcpServersToml},
    {file: path.join(xdg, 'goose', 'config.yaml'), needs: NEEDS.extensions},
    {file: path.join(appData, 'Block', 'goose', 'config', 'config.yaml'), needs: NEEDS.extensions},
    {file: path.join(home, '.kiro', 'settings', 'mcp.json')},
    {file: path.join(home, '.aws', 'amazonq', 'mcp.json')},
  ]
  for (const b of bases) {
    for (const product of ['Code', 'Code - Insiders', 'VSCodium']) {
      files.push({file: path.join(b, product, 'User', 'mcp.json')}, {file: path.join(b, product, 'User', 'settings.json'), needs: NEEDS.mcp})
    }
    for (const product of ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf']) {
      const storage = path.join(b, product, 'User', 'globalStorage')
      files.push({file: path.join(storage, 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json')})
      files.push({file: path.join(storage, 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json')})
    }
  }
  return {files, dirs: [path.join(home, '.continue', 'mcpServers')]}
}

/**
 * Where discovery looks in a project, for the message when it finds nothing: the folders (the
 * working folder and the git root above it) and the file names, as a user would type them.
 */
export function searchedPlaces(cwd: string, home?: string): {folders: string[]; files: string[]} {
  const abs = path.resolve(cwd)
  const root = projectRoot(abs, home)
  return {folders: [...new Set([abs, root])], files: [...PROJECT_FILES.map((c) => c.file), ...PROJECT_DIRS.map((d) => `${d}/*.yaml`)]}
}

function statOrUndefined(file: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(file) : lstatSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new InputError(`cannot read ${file}: ${code ?? (error as Error).message}`, {file})
  }
}

/** The repository root above `cwd` (the nearest folder holding `.git`), or undefined. */
export function findGitRoot(cwd: string): string | undefined {
  let dir = path.resolve(cwd)
  for (;;) {
    if (statOrUndefined(path.join(dir, '.git'))) return dir
    const up = path.dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

function real(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return path.resolve(p)
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * The project folder: the git root above `cwd`, unless that is the home folder itself (a home kept
 * in git would turn every user-level file into a project one).
 */
export function projectRoot(cwd: string, home?: string): string {
  const root = findGitRoot(cwd)
  const h = home ?? os.homedir()
  if (root && real(root) !== real(h)) return root
  return path.resolve(cwd)
}

/** Refuse a project file that resolves outside the project (symlinked file or folder on the way). */
function checkInsideProject(abs: string, root: string, shown: string): void {
  const target = real(abs)
  if (!inside(target, real(root))) {
    throw new InputError(`config file is a symlink that leads outside the project, to ${target}`, {file: shown}, 'replace the symlink with the file itself, or name the target with --config')
  }
}

function requireFile(abs: string, shown: string): boolean {
  const st = statOrUndefined(abs)
  if (!st) return false
  if (st.isDirectory()) throw new InputError('config path is a folder, not a file', {file: shown}, 'name the config file inside it, e.g. .vscode/mcp.json')
  if (!st.isFile()) throw new InputError('config path is not a regular file', {file: shown})
  return true
}

/** Does a file that only sometimes is a config (`needs`) hold MCP servers? A broken one is kept, so loading reports it. */
function holdsServers(abs: string, needs: NonNullable<Candidate['needs']>): boolean {
  let text: string
  try {
    text = readFileSync(abs, 'utf8')
  } catch {
    return true
  }
  if (!needs.text.test(text)) return false
  try {
    const doc = parseSource(abs, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, formatFromName(abs))
    return isObj(doc.value) && needs.key(doc.value)
  } catch {
    return true
  }
}

/**
 * The client config files to read: project-level files in `cwd` and at the git root above it, the
 * user-level ones under `home` when `user` is set, and the named `configs` (which must exist). Paths
 * come back relative to `cwd` when they are inside the project, absolute otherwise; sorted, each file
 * once (also when reached through two paths).
 */
export function discoverConfigFiles(opts: DiscoverOptions): string[] {
  const cwd = path.resolve(opts.cwd)
  const home = opts.home ?? os.homedir()
  const env = opts.env ?? (opts.home === undefined ? process.env : {})
  const root = projectRoot(cwd, home)
  const found = new Map<string, string>()
  const shown = (abs: string) => (inside(abs, root) || inside(abs, cwd) ? path.relative(cwd, abs) || path.basename(abs) : abs)
  const add = (abs: string) => {
    const key = real(abs)
    if (!found.has(key)) found.set(key, shown(abs))
  }
  const consider = (c: Candidate, project: boolean) => {
    const abs = path.resolve(c.file)
    const display = shown(abs)
    if (project && statOrUndefined(abs, false)) checkInsideProject(abs, root, display)
    if (!requireFile(abs, display)) return
    if (c.needs && !holdsServers(abs, c.needs)) return
    add(abs)
  }
  const considerDir = (dir: string, project: boolean) => {
    const st = statOrUndefined(dir)
    if (!st?.isDirectory()) return
    if (project) checkInsideProject(dir, root, shown(dir))
    for (const name of readdirSync(dir).sort()) if (BLOCK_FILE.test(name)) consider({file: path.join(dir, name)}, project)
  }

  const folders = [...new Set([cwd, root])]
  for (const folder of folders) {
    for (const c of PROJECT_FILES) consider({...c, file: path.join(folder, c.file)}, true)
    for (const d of PROJECT_DIRS) considerDir(path.join(folder, d), true)
  }
  if (opts.user) {
    const u = userCandidates(home, env)
    for (const c of u.files) consider(c, false)
    for (const d of u.dirs) considerDir(d, false)
  }
  for (const name of opts.configs) {
    const abs = path.resolve(cwd, name)
    if (!statOrUndefined(abs)) {
      throw new InputError('config file not found', {file: name}, 'check the path given to --config; it is read relative to the current folder')
    }
    // A named file inside the project must stay inside it; a file named outside the project is the user's choice.
    if (inside(path.resolve(abs), root)) checkInsideProject(abs, root, name)
    requireFile(abs, name)
    const key = real(abs)
    if (!found.has(key)) found.set(key, inside(abs, root) || inside(abs, cwd) ? path.relative(cwd, abs) : name)
  }
  return [...new Set(found.values())].sort()
}

export interface LoadedConfigFile {
  file: string
  client: ClientKind
  doc: SourceDocument
  servers: ServerConfig[]
}

export interface DuplicateServer {
  name: string
  /** Every place the name is declared, in file order. */
  entries: Array<{file: string; pointer: string; line: number}>
}

export interface LoadedConfigs {
  servers: ServerConfig[]
  files: LoadedConfigFile[]
  /** Server names declared more than once (across files, or twice in one file). */
  duplicates: DuplicateServer[]
}

export interface LoadOptions {
  /** Folder the file names are relative to (default: the process's). */
  cwd?: string
  /**
   * Absolute path of the project: from `~/.claude.json`, only the servers of this project
   * (`projects[<path>].mcpServers`) are kept, next to the user-wide ones.
   */
  project?: string
}

const MANIFEST_KEYS = ['tools', 'prompts', 'resources', 'resourceTemplates', 'serverInfo', 'protocolVersion']

/** Read one config file; an mcp.lock, a manifest or a file without servers is an InputError. */
export function readConfigFile(file: string, cwd = process.cwd()): SourceDocument {
  const abs = path.resolve(cwd, file)
  const st = statOrUndefined(abs)
  if (!st) throw new InputError('config file not found', {file}, 'check the path; it is read relative to the current folder')
  if (st.isDirectory()) throw new InputError('config path is a folder, not a file', {file})
  if (st.size > MAX_INPUT_BYTES) throw new InputError(`file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, {file})
  let buf: Buffer
  try {
    buf = readFileSync(abs)
  } catch (error) {
    throw new InputError(`cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {file})
  }
  const doc = parseSource(file, decodeUtf8(buf, file), formatFromName(file))
  const v = doc.value
  if (looksLikeLock(v)) throw new InputError('this is an mcp.lock, not a client config', {file, ...doc.locate('/lockfileVersion'), pointer: '/lockfileVersion'}, 'pass a lock with --lock')
  if (isObj(v) && Object.keys(v).length === 0) return doc
  if (!looksLikeClientConfig(v)) {
    const manifest = isObj(v) && MANIFEST_KEYS.some((k) => k in v)
    throw new InputError(
      manifest ? 'this is a server manifest, not a client config' : 'no MCP servers in this file',
      {file, line: 1, column: 1},
      manifest ? 'scan manifests with `mcp-warden scan`' : 'a client config holds servers under mcpServers, servers, context_servers, extensions or mcp_servers',
    )
  }
  return doc
}

function sameProject(key: string, project: string): boolean {
  const norm = (p: string) => {
    let out = p.replace(/\\/g, '/')
    while (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1)
    return out
  }
  return norm(key) === norm(project) || norm(key).toLowerCase() === norm(project).toLowerCase() && /^[a-z]:/i.test(project)
}

/** Parse every file into its server entries, and list names declared more than once. */
export function loadServerConfigs(files: string[], opts: LoadOptions = {}): LoadedConfigs {
  const cwd = opts.cwd ?? process.cwd()
  const out: LoadedConfigFile[] = []
  for (const file of files) {
    const doc = readConfigFile(file, cwd)
    const parsed = isObj(doc.value) && Object.keys(doc.value).length === 0 ? {client: 'generic' as const, servers: []} : parseClientConfig(doc)
    let servers = parsed.servers
    if (opts.project !== undefined && path.basename(file) === '.claude.json') {
      servers = servers.filter((s) => !s.pointer.startsWith('/projects/') || sameProject(parsePointer(s.pointer)[1], opts.project!))
    }
    out.push({file, client: parsed.client, doc, servers})
  }
  const byName = new Map<string, DuplicateServer['entries']>()
  for (const f of out) {
    for (const s of f.servers) {
      const list = byName.get(s.name) ?? []
      list.push({file: f.file, pointer: s.pointer, line: f.doc.locate(s.pointer).line})
      byName.set(s.name, list)
    }
  }
  const duplicates = [...byName.entries()].filter(([, e]) => e.length > 1).map(([name, entries]) => ({name, entries}))
  duplicates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return {servers: out.flatMap((f) => f.servers), files: out, duplicates}
}
