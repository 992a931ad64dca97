// Reads the MCP server entries out of any client's config file (FACTS.md's table): the key differs
// (`mcpServers`, `servers`, `context_servers`, `extensions`, `mcp_servers`, `mcp.servers`,
// `projects[path].mcpServers`), and so do the field names (`cmd`/`envs` in goose, `serverUrl` in
// Windsurf, `httpUrl` in Gemini, `command: {path, args}` in Zed, lists in Continue). Everything is
// normalized into ServerConfig, with pointers back into the file for every field.

import path from 'node:path'
import {InputError} from '../core/errors.js'
import type {ClientConfig, ClientKind, ServerConfig, Transport} from '../model/config.js'
import type {SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

/** The keys that hold server maps, as pointers to try in order. */
const SERVER_KEYS = ['mcpServers', 'servers', 'context_servers', 'extensions', 'mcp_servers'] as const

/** True when the parsed value holds MCP server entries under a key some client uses. */
export function looksLikeClientConfig(value: unknown): boolean {
  if (!isObj(value)) return false
  if (SERVER_KEYS.some((k) => k in value)) return true
  if (isObj(value.mcp) && 'servers' in value.mcp) return true
  if (isObj(value.projects) && Object.values(value.projects).some((p) => isObj(p) && 'mcpServers' in p)) return true
  return false
}

export function clientFromPath(file: string): ClientKind | undefined {
  const p = file.replace(/\\/g, '/').toLowerCase()
  const base = path.posix.basename(p)
  if (base === 'claude_desktop_config.json') return 'claude-desktop'
  if (base === '.mcp.json' || base === '.claude.json' || p.includes('/.claude/')) return 'claude-code'
  if (p.includes('.cursor/')) return 'cursor'
  if (p.includes('.vscode/') || p.includes('/code/user/')) return 'vscode'
  if (p.includes('windsurf') || base === 'mcp_config.json') return 'windsurf'
  if (base === 'cline_mcp_settings.json') return 'cline'
  if (p.includes('.continue/')) return 'continue'
  if (p.includes('.zed/') || p.includes('/zed/')) return 'zed'
  if (p.includes('.gemini/')) return 'gemini'
  if (p.includes('.codex/') || (base === 'config.toml' && !p.includes('goose'))) return 'codex'
  if (p.includes('goose')) return 'goose'
  return undefined
}

export function parseClientConfig(doc: SourceDocument): ClientConfig {
  const value = doc.value
  if (!isObj(value)) throw new InputError('not a client config: expected an object at the top level', {file: doc.file, line: 1, column: 1})
  const servers: ServerConfig[] = []
  let client = clientFromPath(doc.file)
  const add = (map: unknown, pointer: string, kind: ClientKind) => {
    client ??= kind
    if (Array.isArray(map)) {
      // Continue: a YAML list of {name, ...}.
      for (const [i, entry] of map.entries()) {
        const at = join(pointer, i)
        if (!isObj(entry)) throw new InputError('server entry must be an object', {file: doc.file, ...doc.locate(at), pointer: at})
        const name = typeof entry.name === 'string' ? entry.name : `#${i}`
        servers.push(normalize(doc, name, entry, at, client))
      }
      return
    }
    if (!isObj(map)) throw new InputError(`"${pointer.split('/').pop()}" must be an object mapping server names to entries`, {file: doc.file, ...doc.locate(pointer), pointer})
    for (const [name, entry] of Object.entries(map)) {
      const at = join(pointer, name)
      if (!isObj(entry)) throw new InputError(`server "${name}" must be an object`, {file: doc.file, ...doc.locate(at), pointer: at}, 'give the server a command (stdio) or a url (http)')
      servers.push(normalize(doc, name, entry, at, client))
    }
  }
  if ('mcpServers' in value) add(value.mcpServers, '/mcpServers', 'generic')
  if ('servers' in value) add(value.servers, '/servers', 'vscode')
  if ('context_servers' in value) add(value.context_servers, '/context_servers', 'zed')
  if ('extensions' in value) add(value.extensions, '/extensions', 'goose')
  if ('mcp_servers' in value) add(value.mcp_servers, '/mcp_servers', 'codex')
  if (isObj(value.mcp) && 'servers' in value.mcp) add(value.mcp.servers, '/mcp/servers', 'vscode')
  if (isObj(value.projects)) {
    for (const [proj, entry] of Object.entries(value.projects)) {
      if (isObj(entry) && 'mcpServers' in entry) add(entry.mcpServers, join('/projects', proj, 'mcpServers'), 'claude-code')
    }
  }
  return {file: doc.file, client: client ?? 'generic', servers}
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function stringMap(doc: SourceDocument, v: unknown, pointer: string, what: string): Record<string, string> {
  if (v === undefined || v === null) return {}
  if (!isObj(v)) throw new InputError(`${what} must be an object of strings`, {file: doc.file, ...doc.locate(pointer), pointer})
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(v)) {
    // Numbers and booleans are common in hand-written env blocks; keep them as the string a client would pass.
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val)
    else throw new InputError(`${what} "${k}" must be a string`, {file: doc.file, ...doc.locate(join(pointer, k)), pointer: join(pointer, k)})
  }
  return out
}

function stringList(doc: SourceDocument, v: unknown, pointer: string): string[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new InputError('args must be a list of strings', {file: doc.file, ...doc.locate(pointer), pointer})
  return v.map((a, i) => {
    if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return String(a)
    throw new InputError('each argument must be a string', {file: doc.file, ...doc.locate(join(pointer, i)), pointer: join(pointer, i)})
  })
}

function transportOf(entry: Obj, url: string | undefined): Transport {
  const t = str(entry.type) ?? str(entry.transport)
  if (t === 'sse') return 'sse'
  if (t === 'http' || t === 'streamable-http' || t === 'streamable_http' || t === 'streamableHttp') return 'http'
  if (t === 'stdio') return 'stdio'
  return url ? (/\/sse\/?$/.test(url) ? 'sse' : 'http') : 'stdio'
}

function normalize(doc: SourceDocument, name: string, entry: Obj, pointer: string, client: ClientKind): ServerConfig {
  const pointers: ServerConfig['pointers'] = {}
  let command: string | undefined
  let args: string[] = []
  let env: Record<string, string> = {}
  // Zed: "command": {"path": "...", "args": [...], "env": {...}}
  if (isObj(entry.command)) {
    const c = entry.command
    command = str(c.path) ?? str(c.command)
    pointers.command = join(pointer, 'command', 'path' in c ? 'path' : 'command')
    args = stringList(doc, c.args, join(pointer, 'command', 'args'))
    if (c.args !== undefined) pointers.args = join(pointer, 'command', 'args')
    env = stringMap(doc, c.env, join(pointer, 'command', 'env'), 'env')
    if (c.env !== undefined) pointers.env = join(pointer, 'command', 'env')
  } else {
    const cmdKey = 'command' in entry ? 'command' : 'cmd' in entry ? 'cmd' : undefined
    if (cmdKey) {
      command = str(entry[cmdKey])
      if (command === undefined) throw new InputError(`"${cmdKey}" must be a string`, {file: doc.file, ...doc.locate(join(pointer, cmdKey)), pointer: join(pointer, cmdKey)})
      pointers.command = join(pointer, cmdKey)
    }
  }
  if ('args' in entry) {
    args = stringList(doc, entry.args, join(pointer, 'args'))
    pointers.args = join(pointer, 'args')
  }
  // A command given as one string with spaces (Cursor style) and no args: split it like a shell would.
  if (command && args.length === 0 && /\s/.test(command.trim()) && !('args' in entry)) {
    const parts = splitCommandLine(command)
    command = parts[0]
    args = parts.slice(1)
  }
  const envKey = 'env' in entry ? 'env' : 'envs' in entry ? 'envs' : 'environment' in entry ? 'environment' : undefined
  if (envKey) {
    env = {...env, ...stringMap(doc, entry[envKey], join(pointer, envKey), envKey)}
    pointers.env = join(pointer, envKey)
  }
  const urlKey = (['url', 'serverUrl', 'httpUrl', 'uri', 'endpoint'] as const).find((k) => typeof entry[k] === 'string')
  const url = urlKey ? (entry[urlKey] as string) : undefined
  if (urlKey) pointers.url = join(pointer, urlKey)
  const headersKey = 'headers' in entry ? 'headers' : 'http_headers' in entry ? 'http_headers' : undefined
  const headers = headersKey ? stringMap(doc, entry[headersKey], join(pointer, headersKey), headersKey) : {}
  if (headersKey) pointers.headers = join(pointer, headersKey)
  const disabled = entry.disabled === true || entry.enabled === false
  return {
    name,
    client,
    file: doc.file,
    pointer,
    transport: transportOf(entry, url),
    ...(command === undefined ? {} : {command}),
    args,
    env,
    ...(url === undefined ? {} : {url}),
    headers,
    ...(typeof entry.cwd === 'string' ? {cwd: entry.cwd} : {}),
    ...(disabled ? {disabled} : {}),
    pointers,
    raw: entry,
  }
}

/** Split a command line on spaces, honouring single and double quotes and backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote: '"' | "'" | undefined
  let has = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i]
      else cur += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      has = true
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i]
      has = true
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur)
      cur = ''
      has = false
    } else {
      cur += ch
      has = true
    }
  }
  if (quote) throw new InputError(`unterminated ${quote} quote in command line`)
  if (has || cur) out.push(cur)
  return out
}
