// Reads the MCP server entries out of any client's config file (FACTS.md's table): the key differs
// (`mcpServers`, `servers`, `context_servers`, `extensions`, `mcp_servers`, `mcp.servers`,
// `projects[path].mcpServers`), and so do the field names (`cmd`/`envs` in goose, `serverUrl` in
// Windsurf, `httpUrl` in Gemini, `command: {path, args}` in Zed, lists in Continue). Everything is
// normalized into ServerConfig, with pointers back into the file for every field. A value of the wrong
// type is an InputError naming the file, the line and the field, never a silent skip.

import path from 'node:path'
import {InputError} from '../core/errors.js'
import type {ClientConfig, ClientKind, ServerConfig, Transport} from '../model/config.js'
import type {SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k)

// Keys a server entry of some client carries; used to tell `servers`/`extensions` maps of MCP servers
// from unrelated objects that happen to use the same key.
const ENTRY_KEYS = ['command', 'cmd', 'args', 'url', 'serverUrl', 'httpUrl', 'uri', 'type', 'transport', 'env', 'envs', 'headers']
// Top-level keys of a server manifest or a JSON-RPC message: such a file is never a client config.
const MANIFEST_KEYS = ['tools', 'prompts', 'resources', 'resourceTemplates', 'serverInfo', 'protocolVersion', 'jsonrpc']

const looksLikeEntryMap = (v: unknown): boolean =>
  isObj(v) && Object.values(v).every((e) => isObj(e)) && (Object.keys(v).length === 0 || Object.values(v).some((e) => ENTRY_KEYS.some((k) => has(e as Obj, k))))

/** True when the parsed value holds MCP server entries under a key some client uses. */
export function looksLikeClientConfig(value: unknown): boolean {
  if (!isObj(value)) return false
  // An mcp.lock also has `servers`; a manifest never holds launch entries.
  if (has(value, 'lockfileVersion')) return false
  const strong = has(value, 'mcpServers') || has(value, 'context_servers') || has(value, 'mcp_servers')
  if (!strong && MANIFEST_KEYS.some((k) => has(value, k))) return false
  if (strong) return true
  if (has(value, 'servers') && looksLikeEntryMap(value.servers)) return true
  if (has(value, 'extensions') && looksLikeEntryMap(value.extensions)) return true
  if (isObj(value.mcp) && has(value.mcp, 'servers')) return true
  if (has(value, 'mcp.servers')) return true
  if (isObj(value.projects) && Object.values(value.projects).some((p) => isObj(p) && has(p, 'mcpServers'))) return true
  return false
}

/** The client a config file belongs to, from where it sits (FACTS.md's table). */
export function clientFromPath(file: string): ClientKind | undefined {
  const p = '/' + file.replace(/\\/g, '/').toLowerCase()
  const base = path.posix.basename(p)
  if (base === 'claude_desktop_config.json') return 'claude-desktop'
  // Roo Code, Kiro and Amazon Q use Claude's `mcpServers` shape; they have no kind of their own.
  if (p.includes('/.roo/') || p.includes('/rooveterinaryinc.roo-cline/') || p.includes('/.kiro/') || p.includes('/amazonq/')) return 'generic'
  if (base === 'cline_mcp_settings.json' || p.includes('/saoudrizwan.claude-dev/')) return 'cline'
  if (base === '.mcp.json' || base === '.claude.json' || p.includes('/.claude/')) return 'claude-code'
  if (p.includes('/.cursor/')) return 'cursor'
  if (p.includes('/windsurf/') || p.includes('/.windsurf/') || base === 'mcp_config.json') return 'windsurf'
  if (p.includes('/.vscode/') || /\/code(?: - insiders)?\/user\//.test(p)) return 'vscode'
  if (p.includes('/.continue/')) return 'continue'
  if (p.includes('/.zed/') || p.includes('/zed/')) return 'zed'
  if (p.includes('/.gemini/')) return 'gemini'
  if (p.includes('/goose/')) return 'goose'
  if (p.includes('/.codex/') || base === 'config.toml') return 'codex'
  return undefined
}

function fail(doc: SourceDocument, pointer: string, message: string, hint?: string): never {
  throw new InputError(message, {file: doc.file, ...doc.locate(pointer), pointer}, hint)
}

export function parseClientConfig(doc: SourceDocument): ClientConfig {
  const value = doc.value
  if (!isObj(value)) fail(doc, '', 'not a client config: expected an object at the top level')
  if (has(value, 'lockfileVersion')) fail(doc, '/lockfileVersion', 'this is an mcp.lock, not a client config', 'pass it with --lock, or scan it with `mcp-warden scan`')
  const servers: ServerConfig[] = []
  const fromPath = clientFromPath(doc.file)
  const add = (map: unknown, pointer: string, kind: ClientKind) => {
    const client = fromPath ?? kind
    const key = pointer.split('/').pop()
    if (map === null || map === undefined) return
    if (Array.isArray(map)) {
      // Continue: a YAML list of {name, ...}.
      for (const [i, entry] of map.entries()) {
        const at = join(pointer, i)
        if (!isObj(entry)) fail(doc, at, `server entry ${i} of "${key}" must be an object`)
        if (typeof entry.name !== 'string' || entry.name.trim() === '') fail(doc, at, `server entry ${i} of "${key}" has no "name"`, 'give every entry of a server list a name')
        const s = normalize(doc, entry.name, entry, at, client)
        if (s) servers.push(s)
      }
      return
    }
    if (!isObj(map)) fail(doc, pointer, `"${key}" must be an object mapping server names to entries`)
    for (const [name, entry] of Object.entries(map)) {
      const at = join(pointer, name)
      if (!isObj(entry)) fail(doc, at, `server "${name}" must be an object`, 'give the server a command (stdio) or a url (http)')
      const s = normalize(doc, name, entry, at, client)
      if (s) servers.push(s)
    }
  }
  if (has(value, 'mcpServers')) add(value.mcpServers, '/mcpServers', 'generic')
  // `servers` and `extensions` are generic words: outside VS Code and goose files, only maps of server entries count.
  if (has(value, 'servers') && (fromPath === 'vscode' || looksLikeEntryMap(value.servers))) add(value.servers, '/servers', 'vscode')
  if (has(value, 'context_servers')) add(value.context_servers, '/context_servers', 'zed')
  if (has(value, 'extensions') && (fromPath === 'goose' || looksLikeEntryMap(value.extensions))) add(value.extensions, '/extensions', 'goose')
  if (has(value, 'mcp_servers')) add(value.mcp_servers, '/mcp_servers', 'codex')
  if (isObj(value.mcp) && has(value.mcp, 'servers')) add(value.mcp.servers, '/mcp/servers', 'vscode')
  if (has(value, 'mcp.servers')) add(value['mcp.servers'], join('', 'mcp.servers'), 'vscode')
  if (isObj(value.projects)) {
    for (const [proj, entry] of Object.entries(value.projects)) {
      if (isObj(entry) && has(entry, 'mcpServers')) add(entry.mcpServers, join('/projects', proj, 'mcpServers'), 'claude-code')
    }
  }
  let client = fromPath
  if (!client) {
    if (has(value, 'mcpServers')) client = 'generic'
    else if (has(value, 'servers') || isObj(value.mcp) || has(value, 'mcp.servers')) client = 'vscode'
    else if (has(value, 'context_servers')) client = 'zed'
    else if (has(value, 'extensions')) client = 'goose'
    else if (has(value, 'mcp_servers')) client = 'codex'
    else if (has(value, 'projects')) client = 'claude-code'
  }
  return {file: doc.file, client: client ?? 'generic', servers}
}

function stringMap(doc: SourceDocument, v: unknown, pointer: string, what: string): Record<string, string> {
  if (v === undefined || v === null) return {}
  if (!isObj(v)) fail(doc, pointer, `"${what}" must be an object of strings`)
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(v)) {
    // Numbers and booleans are common in hand-written env blocks; keep them as the string a client would pass.
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val)
    else fail(doc, join(pointer, k), `"${what}" value "${k}" must be a string, not ${kindOf(val)}`)
  }
  return out
}

function stringList(doc: SourceDocument, v: unknown, pointer: string, what = 'args'): string[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) fail(doc, pointer, `"${what}" must be a list of strings, not ${kindOf(v)}`, typeof v === 'string' ? 'write each argument as its own list item' : undefined)
  return v.map((a, i) => {
    if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return String(a)
    return fail(doc, join(pointer, i), `each of "${what}" must be a string, not ${kindOf(a)}`)
  })
}

function optString(doc: SourceDocument, entry: Obj, key: string, pointer: string): string | undefined {
  if (!has(entry, key) || entry[key] === null || entry[key] === undefined) return undefined
  const v = entry[key]
  if (typeof v !== 'string') fail(doc, join(pointer, key), `"${key}" must be a string, not ${kindOf(v)}`)
  return v
}

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  return `a ${typeof v}`
}

const TRANSPORTS: Record<string, Transport> = {
  stdio: 'stdio',
  local: 'stdio',
  sse: 'sse',
  http: 'http',
  'streamable-http': 'http',
  streamable_http: 'http',
  streamablehttp: 'http',
  remote: 'http',
}

function transportOf(entry: Obj, url: string | undefined, urlKey: string | undefined, client: ClientKind): Transport {
  const t = typeof entry.type === 'string' ? entry.type : typeof entry.transport === 'string' ? entry.transport : undefined
  const known = t === undefined ? undefined : TRANSPORTS[t.toLowerCase()]
  if (known && (known === 'stdio') === (url === undefined)) return known
  if (!url) return 'stdio'
  if (urlKey === 'httpUrl') return 'http'
  // Gemini CLI: `url` is an SSE endpoint, `httpUrl` a streamable HTTP one.
  if (client === 'gemini' && urlKey === 'url') return 'sse'
  return /\/sse\/?(?:\?|$)/.test(url) ? 'sse' : 'http'
}

/**
 * Entries that are not servers a client launches or connects to: goose's built-in extensions, Zed's
 * extension-provided context servers (configured by their `settings` only).
 */
function notAServer(entry: Obj, client: ClientKind): boolean {
  const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : ''
  if (['builtin', 'platform', 'frontend', 'inline_python'].includes(type)) return true
  // Zed: a context server an extension provides is configured by `settings` (or only enabled) here.
  if (client === 'zed' && (entry.source === 'extension' || (!has(entry, 'command') && !has(entry, 'url')))) return true
  return false
}

function normalize(doc: SourceDocument, name: string, entry: Obj, pointer: string, client: ClientKind): ServerConfig | undefined {
  if (notAServer(entry, client)) return undefined
  const pointers: ServerConfig['pointers'] = {}
  let command: string | undefined
  let args: string[] = []
  let env: Record<string, string> = {}
  if (isObj(entry.command)) {
    // Zed (older form): "command": {"path": "...", "args": [...], "env": {...}}
    const c = entry.command
    const at = join(pointer, 'command')
    const key = has(c, 'path') ? 'path' : 'command'
    command = optString(doc, c, key, at)
    if (command === undefined) fail(doc, at, `server "${name}": "command" needs a "path"`)
    pointers.command = join(at, key)
    if (has(c, 'args')) {
      args = stringList(doc, c.args, join(at, 'args'))
      pointers.args = join(at, 'args')
    }
    if (has(c, 'env')) {
      env = stringMap(doc, c.env, join(at, 'env'), 'env')
      pointers.env = join(at, 'env')
    }
  } else {
    const cmdKey = has(entry, 'command') ? 'command' : has(entry, 'cmd') ? 'cmd' : undefined
    if (cmdKey) {
      const v = entry[cmdKey]
      if (Array.isArray(v)) {
        // A command written as a list (`["npx", "-y", "pkg"]`): the first item runs, the rest are arguments.
        const list = stringList(doc, v, join(pointer, cmdKey), cmdKey)
        if (list.length === 0) fail(doc, join(pointer, cmdKey), `server "${name}": "${cmdKey}" is empty`)
        command = list[0]
        args = list.slice(1)
        pointers.command = join(pointer, cmdKey, 0)
        pointers.args = join(pointer, cmdKey)
      } else {
        command = optString(doc, entry, cmdKey, pointer)
        if (command !== undefined) pointers.command = join(pointer, cmdKey)
      }
    }
  }
  if (has(entry, 'args')) {
    const extra = stringList(doc, entry.args, join(pointer, 'args'))
    if (pointers.args && args.length > 0 && extra.length > 0) fail(doc, join(pointer, 'args'), `server "${name}" gives arguments twice`)
    if (!pointers.args || args.length === 0) {
      args = extra
      pointers.args = join(pointer, 'args')
    }
  }
  if (command !== undefined && command.trim() === '') fail(doc, pointers.command!, `server "${name}" has an empty command`)
  // A command given as one string (Cursor style) and no arguments: split it like a shell would.
  if (command !== undefined && args.length === 0 && /\s/.test(command.trim())) {
    try {
      const parts = splitCommandString(command.trim())
      command = parts[0]
      args = parts.slice(1)
    } catch (error) {
      if (error instanceof InputError) fail(doc, pointers.command!, `server "${name}": ${error.message}`)
      throw error
    }
  }
  const envKey = ['env', 'envs', 'environment'].find((k) => has(entry, k))
  if (envKey) {
    env = {...env, ...stringMap(doc, entry[envKey], join(pointer, envKey), envKey)}
    pointers.env = join(pointer, envKey)
  }
  const urlKey = ['url', 'serverUrl', 'httpUrl', 'uri', 'endpoint'].find((k) => has(entry, k) && entry[k] !== null && entry[k] !== undefined)
  const url = urlKey ? optString(doc, entry, urlKey, pointer) : undefined
  if (urlKey) pointers.url = join(pointer, urlKey)
  let headers: Record<string, string> = {}
  const headersKey = ['headers', 'http_headers'].find((k) => has(entry, k))
  if (headersKey) {
    headers = stringMap(doc, entry[headersKey], join(pointer, headersKey), headersKey)
    pointers.headers = join(pointer, headersKey)
  } else if (isObj(entry.requestOptions) && has(entry.requestOptions, 'headers')) {
    // Continue puts headers under requestOptions.
    headers = stringMap(doc, entry.requestOptions.headers, join(pointer, 'requestOptions', 'headers'), 'headers')
    pointers.headers = join(pointer, 'requestOptions', 'headers')
  }
  for (const k of ['type', 'transport'] as const) {
    if (has(entry, k) && entry[k] !== null && typeof entry[k] !== 'string') fail(doc, join(pointer, k), `"${k}" must be a string, not ${kindOf(entry[k])}`)
  }
  const cwd = optString(doc, entry, 'cwd', pointer)
  if (command === undefined && url === undefined) {
    fail(doc, pointer, `server "${name}" has neither a command nor a url`, 'give a stdio server a "command" (and "args"), and a remote server a "url"')
  }
  const disabled = entry.disabled === true || entry.enabled === false
  return {
    name,
    client,
    file: doc.file,
    pointer,
    transport: transportOf(entry, url, urlKey, client),
    ...(command === undefined ? {} : {command}),
    args,
    env,
    ...(url === undefined ? {} : {url}),
    headers,
    ...(cwd === undefined ? {} : {cwd}),
    ...(disabled ? {disabled} : {}),
    pointers,
    raw: entry,
  }
}

/**
 * Split a command written as one string. An absolute path with spaces in it (`/Applications/My
 * App/bin/server`, `C:\Program Files\nodejs\node.exe server.js`) keeps its spaces: clients run such a
 * string as one program, and a naive split would name a program that does not exist.
 */
export function splitCommandString(line: string): string[] {
  if (!/^["']/.test(line)) {
    const exe = /^((?:[A-Za-z]:)?[\\/][^"']*?\.(?:exe|cmd|bat|com|ps1))(?:\s+(.*))?$/is.exec(line)
    if (exe) return [exe[1], ...(exe[2] ? splitCommandLine(exe[2]) : [])]
    if (/^(?:[A-Za-z]:)?[\\/]\S*\s[^\s\\/-][^\s\\/]*[\\/]/.test(line)) return [line]
  }
  return splitCommandLine(line)
}

/**
 * Split a command line on white space, honouring single and double quotes. A backslash escapes only
 * white space, a quote or a backslash, so Windows paths (`C:\tools\server.exe`) survive.
 */
export function splitCommandLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote: '"' | "'" | undefined
  let started = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    const escapable = i + 1 < line.length && /[\s"'\\]/.test(line[i + 1])
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && escapable) cur += line[++i]
      else cur += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      started = true
    } else if (ch === '\\' && escapable) {
      cur += line[++i]
      started = true
    } else if (/\s/.test(ch)) {
      if (started) out.push(cur)
      cur = ''
      started = false
    } else {
      cur += ch
      started = true
    }
  }
  if (quote) throw new InputError(`unterminated ${quote} quote in command line`)
  if (started) out.push(cur)
  return out
}

/** Where argument `i` of an entry is written: its own list item, or the one-string command it came from. */
export function argPointer(entry: ServerConfig, i: number): string {
  if (entry.pointers.args) {
    // A list command (`command: ["npx", "-y", "pkg"]`) keeps the program at index 0.
    const offset = entry.pointers.command === join(entry.pointers.args, 0) ? 1 : 0
    return join(entry.pointers.args, i + offset)
  }
  return entry.pointers.command ?? entry.pointer
}

/** Where the value of env variable `name` is written. */
export function envPointer(entry: ServerConfig, name: string): string {
  return entry.pointers.env ? join(entry.pointers.env, name) : entry.pointer
}

/** Where the value of header `name` is written. */
export function headerPointer(entry: ServerConfig, name: string): string {
  return entry.pointers.headers ? join(entry.pointers.headers, name) : entry.pointer
}
