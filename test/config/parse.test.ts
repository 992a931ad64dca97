// Client config parsing: one realistic fixture per client of FACTS.md's table, with the fields and
// the lines rules point at; JSONC, YAML lists and maps, TOML; clear errors for malformed files and
// entries of the wrong type; locks and manifests never taken for configs.
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/core/errors.js'
import {argPointer, clientFromPath, envPointer, headerPointer, looksLikeClientConfig, parseClientConfig, splitCommandLine, splitCommandString} from '../../src/config/parse.js'
import type {ServerConfig} from '../../src/model/config.js'
import {classify} from '../../src/inputs/load.js'
import {readSource, type SourceDocument} from '../../src/source/document.js'
import {CONFIGS, doc, servers, inputError} from './helpers.js'

function load(rel: string): {d: SourceDocument; byName: Map<string, ServerConfig>; client: string} {
  const d = readSource(path.join(CONFIGS, rel))
  const cfg = parseClientConfig(d)
  return {d, byName: new Map(cfg.servers.map((s) => [s.name, s])), client: cfg.client}
}

const line = (d: SourceDocument, pointer: string | undefined) => d.locate(pointer!).line


describe('client fixtures', () => {
  it('Claude Desktop: command, args and env', () => {
    const {d, byName, client} = load('claude-desktop/Library/Application Support/Claude/claude_desktop_config.json')
    expect(client).toBe('claude-desktop')
    expect([...byName.keys()]).toEqual(['filesystem', 'memory', 'fetch'])
    const fs = byName.get('filesystem')!
    expect(fs).toMatchObject({transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '/Users/ada/Documents', '/Users/ada/Desktop']})
    expect(line(d, fs.pointer)).toBe(3)
    expect(line(d, argPointer(fs, 1))).toBe(7)
    expect(line(d, argPointer(fs, 3))).toBe(9)
    const mem = byName.get('memory')!
    expect(mem.env).toEqual({MEMORY_FILE_PATH: '/Users/ada/.local/share/mcp/memory.json'})
    expect(line(d, envPointer(mem, 'MEMORY_FILE_PATH'))).toBe(16)
    expect(byName.get('fetch')).toMatchObject({command: 'uvx', args: ['mcp-server-fetch==2025.4.7']})
  })

  it('Claude Code .mcp.json: stdio, http and sse with references', () => {
    const {d, byName, client} = load('claude-code/.mcp.json')
    expect(client).toBe('claude-code')
    expect(byName.get('github')).toMatchObject({transport: 'stdio', env: {GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_TOKEN}'}})
    const sentry = byName.get('sentry')!
    expect(sentry).toMatchObject({transport: 'http', url: 'https://mcp.sentry.dev/mcp', headers: {Authorization: 'Bearer ${SENTRY_TOKEN:-}'}})
    expect(line(d, sentry.pointers.url)).toBe(13)
    expect(line(d, headerPointer(sentry, 'Authorization'))).toBe(15)
    expect(byName.get('docs')).toMatchObject({transport: 'sse', url: '${DOCS_MCP_URL:-https://docs.example.com/sse}'})
  })

  it('Claude Code ~/.claude.json: user servers and projects[path].mcpServers', () => {
    const {d, byName} = load('claude-code/.claude.json')
    expect([...byName.keys()]).toEqual(['memory', 'postgres'])
    const pg = byName.get('postgres')!
    expect(pg.pointer).toBe('/projects/~1home~1ada~1src~1shop/mcpServers/postgres')
    expect(line(d, pg.pointer)).toBe(16)
    expect(pg.args.at(-1)).toBe('postgresql://localhost/shop')
  })

  it('Cursor: a command given as one string, a remote, ${env:X}', () => {
    const {d, byName, client} = load('cursor/.cursor/mcp.json')
    expect(client).toBe('cursor')
    const pw = byName.get('playwright')!
    expect(pw).toMatchObject({command: 'npx', args: ['@playwright/mcp@0.0.41', '--headless'], transport: 'stdio'})
    // Split arguments have no list item of their own: they point at the command's line.
    expect(line(d, argPointer(pw, 1))).toBe(4)
    expect(byName.get('linear')).toMatchObject({transport: 'sse', url: 'https://mcp.linear.app/sse'})
    expect(byName.get('notion')!.env).toEqual({NOTION_TOKEN: '${env:NOTION_TOKEN}'})
  })

  it('VS Code mcp.json: servers + inputs, JSONC comments and trailing commas', () => {
    const {d, byName, client} = load('vscode/.vscode/mcp.json')
    expect(client).toBe('vscode')
    expect(byName.get('github')).toMatchObject({transport: 'http', headers: {Authorization: 'Bearer ${input:github-token}'}})
    const time = byName.get('time')!
    expect(time).toMatchObject({transport: 'stdio', command: 'uvx', args: ['mcp-server-time==2025.8.4', '--local-timezone=Europe/Paris']})
    expect(line(d, time.pointer)).toBe(19)
    expect(line(d, argPointer(time, 1))).toBe(22)
  })

  it('VS Code settings.json: the "mcp" key', () => {
    const {byName} = load('vscode/.vscode/settings.json')
    expect(byName.get('sequential-thinking')).toMatchObject({command: 'npx', pointer: '/mcp/servers/sequential-thinking'})
  })

  it('Windsurf: serverUrl', () => {
    const {d, byName, client} = load('windsurf/.codeium/windsurf/mcp_config.json')
    expect(client).toBe('windsurf')
    const c7 = byName.get('context7')!
    expect(c7).toMatchObject({transport: 'http', url: 'https://mcp.context7.com/mcp'})
    expect(line(d, c7.pointers.url)).toBe(4)
    expect(byName.get('puppeteer')!.env.PUPPETEER_LAUNCH_OPTIONS).toBe('{ "headless": true }')
  })

  it('Cline: disabled, autoApprove, streamableHttp', () => {
    const {byName, client} = load('cline/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json')
    expect(client).toBe('cline')
    expect(byName.get('git')).toMatchObject({disabled: true, command: 'uvx'})
    expect(byName.get('brave-search')!.disabled).toBeUndefined()
    expect(byName.get('remote-tools')).toMatchObject({transport: 'http', url: 'https://tools.example.com/mcp'})
  })

  it('Continue config.yaml: a YAML list with names, requestOptions headers', () => {
    const {d, byName, client} = load('continue/.continue/config.yaml')
    expect(client).toBe('continue')
    const sqlite = byName.get('SQLite')!
    expect(sqlite).toMatchObject({command: 'uvx', args: ['mcp-server-sqlite==2025.4.25', '--db-path', '/home/ada/data/app.db'], pointer: '/mcpServers/0'})
    expect(line(d, sqlite.pointer)).toBe(10)
    expect(line(d, argPointer(sqlite, 2))).toBe(15)
    const remote = byName.get('Remote search')!
    expect(remote).toMatchObject({transport: 'http', headers: {Authorization: 'Bearer ${{ secrets.SEARCH_TOKEN }}'}})
    expect(line(d, headerPointer(remote, 'Authorization'))).toBe(21)
  })

  it('Continue block file in .continue/mcpServers/', () => {
    const {d, byName} = load('continue/.continue/mcpServers/postgres.yaml')
    const pg = byName.get('postgres')!
    expect(pg).toMatchObject({transport: 'stdio', env: {PGSSLMODE: 'require'}})
    expect(line(d, argPointer(pg, 2))).toBe(11)
  })

  it('Zed: both command forms; extension-provided servers are not launch entries', () => {
    const {d, byName, client} = load('zed/.zed/settings.json')
    expect(client).toBe('zed')
    expect([...byName.keys()]).toEqual(['mcp-server-github', 'everything'])
    const gh = byName.get('mcp-server-github')!
    expect(gh).toMatchObject({command: 'docker', env: {GITHUB_PERSONAL_ACCESS_TOKEN: '$GITHUB_TOKEN'}})
    expect(line(d, envPointer(gh, 'GITHUB_PERSONAL_ACCESS_TOKEN'))).toBe(11)
    const ev = byName.get('everything')!
    expect(ev).toMatchObject({command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything@2026.8.31'], pointers: {command: '/context_servers/everything/command/path'}})
    expect(line(d, argPointer(ev, 1))).toBe(18)
  })

  it('Gemini CLI: httpUrl is streamable http, url is sse', () => {
    const {d, byName, client} = load('gemini/.gemini/settings.json')
    expect(client).toBe('gemini')
    expect(byName.get('github')).toMatchObject({transport: 'http', url: 'https://api.githubcopilot.com/mcp/'})
    expect(byName.get('events')).toMatchObject({transport: 'sse'})
    const fs = byName.get('filesystem')!
    expect(fs.cwd).toBe('./workspace')
    expect(line(d, fs.pointers.command)).toBe(16)
  })

  it('Codex config.toml: [mcp_servers.NAME], sub-tables, quoted names, one argument per line', () => {
    const {d, byName, client} = load('codex/.codex/config.toml')
    expect(client).toBe('codex')
    expect([...byName.keys()]).toEqual(['filesystem', 'docs.search', 'sentry'])
    const fs = byName.get('filesystem')!
    expect(fs).toMatchObject({command: 'npx', env: {NODE_OPTIONS: '--max-old-space-size=512'}})
    expect(line(d, fs.pointer)).toBe(4)
    expect(line(d, fs.pointers.command)).toBe(5)
    expect(line(d, argPointer(fs, 0))).toBe(7)
    expect(line(d, argPointer(fs, 2))).toBe(9)
    expect(line(d, envPointer(fs, 'NODE_OPTIONS'))).toBe(14)
    const docs = byName.get('docs.search')!
    expect(docs).toMatchObject({transport: 'http', url: 'https://docs.example.com/mcp'})
    expect(line(d, docs.pointer)).toBe(17)
    expect(line(d, docs.pointers.url)).toBe(18)
    expect(byName.get('sentry')).toMatchObject({disabled: true})
  })

  it('goose config.yaml: extensions map with cmd/envs; builtins are skipped', () => {
    const {d, byName, client} = load('goose/.config/goose/config.yaml')
    expect(client).toBe('goose')
    expect([...byName.keys()]).toEqual(['github', 'tracker'])
    const gh = byName.get('github')!
    expect(gh).toMatchObject({command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: {}, transport: 'stdio'})
    expect(line(d, gh.pointers.command)).toBe(16)
    expect(line(d, argPointer(gh, 1))).toBe(14)
    expect(byName.get('tracker')).toMatchObject({transport: 'sse', url: 'https://tracker.example.com/sse', disabled: true})
  })
})

describe('detection', () => {
  it('never takes a lock or a manifest for a config', () => {
    expect(looksLikeClientConfig({lockfileVersion: 1, servers: {a: {command: 'x'}}})).toBe(false)
    expect(looksLikeClientConfig({serverInfo: {name: 'x'}, tools: []})).toBe(false)
    expect(looksLikeClientConfig({tools: [], servers: {a: {command: 'x'}}})).toBe(false)
    expect(looksLikeClientConfig({jsonrpc: '2.0', result: {tools: []}})).toBe(false)
    expect(classify(doc('mcp.lock.json', JSON.stringify({lockfileVersion: 1, generator: 'x', servers: {}})))).toBe('lock')
    expect(classify(doc('m.json', JSON.stringify({serverInfo: {name: 'x'}, tools: [], extensions: {}})))).toBe('manifest')
  })

  it('accepts every client key, and unrelated objects under generic keys are not configs', () => {
    expect(looksLikeClientConfig({mcpServers: {}})).toBe(true)
    expect(looksLikeClientConfig({mcpServers: []})).toBe(true)
    expect(looksLikeClientConfig({context_servers: {}})).toBe(true)
    expect(looksLikeClientConfig({mcp_servers: {}})).toBe(true)
    expect(looksLikeClientConfig({servers: {a: {command: 'x'}}})).toBe(true)
    expect(looksLikeClientConfig({mcp: {servers: {}}})).toBe(true)
    expect(looksLikeClientConfig({projects: {'/p': {mcpServers: {}}}})).toBe(true)
    expect(looksLikeClientConfig({servers: {web: {host: 'a', port: 80}}})).toBe(false)
    expect(looksLikeClientConfig({extensions: {recommendations: ['a']}})).toBe(false)
    expect(looksLikeClientConfig({extensions: {dev: {type: 'builtin'}}})).toBe(true)
  })

  it('names the client from where the file sits', () => {
    expect(clientFromPath('/Users/a/Library/Application Support/Claude/claude_desktop_config.json')).toBe('claude-desktop')
    expect(clientFromPath('C:\\Users\\a\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json')).toBe('cline')
    expect(clientFromPath('.mcp.json')).toBe('claude-code')
    expect(clientFromPath('.cursor/mcp.json')).toBe('cursor')
    expect(clientFromPath('.roo/mcp.json')).toBe('generic')
    expect(clientFromPath('/home/a/.config/goose/config.yaml')).toBe('goose')
    expect(clientFromPath('/home/a/.codex/config.toml')).toBe('codex')
    expect(clientFromPath('servers.json')).toBeUndefined()
  })
})

describe('errors', () => {
  it('malformed JSONC names the file, line and reason', () => {
    const e = inputError(() => doc('.mcp.json', '{\n  "mcpServers": {\n    "a": {"command": "npx" "args": []}\n  }\n}\n'))
    expect(e.place).toMatchObject({file: '.mcp.json', line: 3})
    expect(e.message).toBe('malformed JSON: comma expected')
  })

  it('malformed YAML and TOML name the line', () => {
    expect(inputError(() => doc('config.yaml', 'mcpServers:\n  - name: a\n    command: [npx\n')).place.file).toBe('config.yaml')
    const t = inputError(() => doc('config.toml', '[mcp_servers.a]\ncommand = "npx"\nargs = [\n'))
    expect(t.message).toMatch(/^malformed TOML/)
    expect(t.place.line).toBeGreaterThanOrEqual(3)
  })

  const wrong: Array<[string, string, string, number]> = [
    ['a server that is a string', '{"mcpServers": {"a": "npx pkg"}}', 'server "a" must be an object', 1],
    ['args as a string', '{"mcpServers": {\n "a": {"command": "npx",\n "args": "-y pkg"}}}', '"args" must be a list of strings, not a string', 3],
    ['an argument that is an object', '{"mcpServers": {"a": {"command": "npx", "args": [\n{"x": 1}]}}}', 'each of "args" must be a string, not an object', 2],
    ['env as a list', '{"mcpServers": {"a": {"command": "npx",\n"env": ["A=1"]}}}', '"env" must be an object of strings', 2],
    ['an env value that is an object', '{"mcpServers": {"a": {"command": "npx", "env": {\n"A": {"b": 1}}}}}', '"env" value "A" must be a string, not an object', 2],
    ['a command that is a number', '{"mcpServers": {"a": {\n"command": 7}}}', '"command" must be a string, not a number', 2],
    ['a url that is a list', '{"mcpServers": {"a": {\n"url": ["https://x"]}}}', '"url" must be a string, not a list', 2],
    ['an entry with neither command nor url', '{"mcpServers": {\n"a": {"env": {}}}}', 'server "a" has neither a command nor a url', 2],
    ['servers as a list of strings', '{"mcpServers": ["a"]}', 'server entry 0 of "mcpServers" must be an object', 1],
    ['a mcpServers that is a string', '{"mcpServers": "none"}', '"mcpServers" must be an object mapping server names to entries', 1],
    ['an unterminated quote in a one-string command', '{"mcpServers": {"a": {\n"command": "npx \\"pkg"}}}', 'server "a": unterminated " quote in command line', 2],
  ]
  it.each(wrong)('%s is an InputError at its line', (_what, text, message, lineNo) => {
    const e = inputError(() => parseClientConfig(doc('.mcp.json', text)))
    expect(e.message).toBe(message)
    expect(e.place).toMatchObject({file: '.mcp.json', line: lineNo})
    expect(e.exitCode).toBe(2)
  })

  it('a Continue list entry needs a name', () => {
    const e = inputError(() => parseClientConfig(doc('config.yaml', 'mcpServers:\n  - command: npx\n    args: [x]\n')))
    expect(e.message).toBe('server entry 0 of "mcpServers" has no "name"')
    expect(e.place.line).toBe(2)
  })

  it('a lock passed as a config is refused', () => {
    const e = inputError(() => parseClientConfig(doc('x.json', '{"lockfileVersion": 1, "servers": {}}')))
    expect(e.message).toBe('this is an mcp.lock, not a client config')
  })
})

describe('normalization', () => {
  it('reads goose cmd/envs, Windsurf serverUrl, Codex http_headers and list-shaped commands', () => {
    const y = servers('config.yaml', 'extensions:\n  x:\n    type: stdio\n    cmd: uvx\n    args: [pkg==1.0]\n    envs:\n      A: "1"\n')
    expect(y.get('x')).toMatchObject({command: 'uvx', env: {A: '1'}, pointers: {command: '/extensions/x/cmd', env: '/extensions/x/envs'}})
    const t = servers('config.toml', '[mcp_servers.r]\nurl = "https://r.example.com/mcp"\nhttp_headers = { "X-Team" = "a" }\n')
    expect(t.get('r')).toMatchObject({transport: 'http', headers: {'X-Team': 'a'}})
    const l = servers('.mcp.json', '{"mcpServers": {"a": {"command": ["npx", "-y", "pkg@1.0.0"]}}}').get('a')!
    expect(l).toMatchObject({command: 'npx', args: ['-y', 'pkg@1.0.0']})
    expect(argPointer(l, 1)).toBe('/mcpServers/a/command/2')
  })

  it('keeps numbers and booleans in env as the strings a client passes', () => {
    expect(servers('.mcp.json', '{"mcpServers": {"a": {"command": "x", "env": {"PORT": 8080, "DEBUG": true}}}}').get('a')!.env).toEqual({PORT: '8080', DEBUG: 'true'})
  })

  it('infers the transport from the url when type is missing or disagrees', () => {
    const m = servers('.mcp.json', JSON.stringify({mcpServers: {a: {url: 'https://x/sse'}, b: {url: 'https://x/mcp'}, c: {type: 'http', command: 'node'}, d: {transport: 'streamable-http', url: 'https://x/sse'}}}))
    expect([...m.values()].map((s) => s.transport)).toEqual(['sse', 'http', 'stdio', 'http'])
  })

  it('splits one-string commands like a shell, keeping Windows paths and paths with spaces', () => {
    expect(splitCommandLine(`npx -y "my pkg" 'a b' c\\ d`)).toEqual(['npx', '-y', 'my pkg', 'a b', 'c d'])
    expect(splitCommandLine('C:\\tools\\server.exe --dir C:\\data')).toEqual(['C:\\tools\\server.exe', '--dir', 'C:\\data'])
    expect(splitCommandString('C:\\Program Files\\nodejs\\node.exe server.js --port 3')).toEqual(['C:\\Program Files\\nodejs\\node.exe', 'server.js', '--port', '3'])
    expect(splitCommandString('/Applications/My Server.app/Contents/MacOS/server')).toEqual(['/Applications/My Server.app/Contents/MacOS/server'])
    expect(splitCommandString('/usr/bin/python3 /opt/mcp/server.py --stdio')).toEqual(['/usr/bin/python3', '/opt/mcp/server.py', '--stdio'])
  })
})

describe('entries that are not launch entries', () => {
  it('skips goose built-ins and Zed extension servers, also when only enabled', () => {
    const z = servers('.zed/settings.json', '{"context_servers": {"ext": {"enabled": true}, "ext2": {"source": "extension", "settings": {}}, "own": {"command": "node", "args": ["s.js"]}}}')
    expect([...z.keys()]).toEqual(['own'])
    const g = servers('config.yaml', 'extensions:\n  dev:\n    type: builtin\n    name: developer\n  mem:\n    type: platform\n')
    expect(g.size).toBe(0)
  })
})
