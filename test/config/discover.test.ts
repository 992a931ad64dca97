// Discovery for lock and check: project files in the folder and at the git root, user files only
// when asked, named files that must exist; symlinks out of the project and folders are refused.
import {cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {InputError} from '../../src/core/errors.js'
import {discoverConfigFiles, loadServerConfigs, projectRoot} from '../../src/config/discover.js'
import {CONFIGS, inputError} from './helpers.js'

const made: string[] = []
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, {recursive: true, force: true})
})

function tree(files: Record<string, string>, git = true): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'warden-discover-'))
  made.push(root)
  if (git) mkdirSync(path.join(root, '.git'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
    writeFileSync(path.join(root, rel), text)
  }
  return root
}

const SERVER = (name: string) => JSON.stringify({mcpServers: {[name]: {command: 'node', args: ['s.js']}}})


describe('discoverConfigFiles', () => {
  it('finds project files in the folder and at the git root, only where they hold servers', () => {
    const root = tree({
      '.mcp.json': SERVER('a'),
      '.vscode/mcp.json': JSON.stringify({servers: {b: {command: 'node'}}}),
      '.vscode/settings.json': '{"editor.tabSize": 2, "chat.mcp.enabled": true}',
      '.zed/settings.json': '// no servers\n{"tab_size": 2}',
      '.gemini/settings.json': JSON.stringify({mcpServers: {g: {httpUrl: 'https://g.example.com/mcp'}}}),
      'mcp.json': JSON.stringify({serverInfo: {name: 'x'}, tools: []}),
      '.continue/mcpServers/pg.yaml': 'name: pg\nmcpServers:\n  - name: pg\n    command: npx\n',
      '.continue/mcpServers/README.md': '# not a config',
      'app/.cursor/mcp.json': SERVER('c'),
      'app/.codex/config.toml': '[mcp_servers.x]\ncommand = "node"\n',
      'app/.codex/other.toml': '',
    })
    const cwd = path.join(root, 'app')
    expect(discoverConfigFiles({cwd, user: false, configs: [], home: os.tmpdir(), env: {}})).toEqual([
      '../.continue/mcpServers/pg.yaml',
      '../.gemini/settings.json',
      '../.mcp.json',
      '../.vscode/mcp.json',
      '.codex/config.toml',
      '.cursor/mcp.json',
    ])
  })

  it('includes VS Code settings.json only with an "mcp" key, and a broken candidate so loading reports it', () => {
    const root = tree({'.vscode/settings.json': '{"mcp": {"servers": {}}}', '.zed/settings.json': '{"context_servers": {,}'})
    expect(discoverConfigFiles({cwd: root, user: false, configs: [], home: os.tmpdir(), env: {}})).toEqual(['.vscode/settings.json', '.zed/settings.json'])
  })

  it('finds every client\'s user-level file under home only with user: true', () => {
    const cwd = tree({})
    const expected: Record<string, string> = {
      'claude-desktop': 'Library/Application Support/Claude/claude_desktop_config.json',
      cline: '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      windsurf: '.codeium/windsurf/mcp_config.json',
      cursor: '.cursor/mcp.json',
      gemini: '.gemini/settings.json',
      codex: '.codex/config.toml',
      goose: '.config/goose/config.yaml',
    }
    for (const [client, rel] of Object.entries(expected)) {
      const home = path.join(CONFIGS, client)
      expect(discoverConfigFiles({cwd, user: true, configs: [], home, env: {}}), client).toEqual([path.join(home, rel)])
      expect(discoverConfigFiles({cwd, user: false, configs: [], home, env: {}}), client).toEqual([])
    }
    const claude = path.join(CONFIGS, 'claude-code')
    expect(discoverConfigFiles({cwd, user: true, configs: [], home: claude, env: {}})).toEqual([path.join(claude, '.claude.json')])
    const cont = path.join(CONFIGS, 'continue')
    expect(discoverConfigFiles({cwd, user: true, configs: [], home: cont, env: {}})).toEqual([path.join(cont, '.continue/config.yaml'), path.join(cont, '.continue/mcpServers/postgres.yaml')])
  })

  it('reads APPDATA, XDG_CONFIG_HOME and CODEX_HOME', () => {
    const cwd = tree({})
    const home = tree({'roaming/Claude/claude_desktop_config.json': SERVER('w'), 'xdg/zed/settings.json': '{"context_servers": {}}', 'cx/config.toml': '[mcp_servers.a]\ncommand = "x"\n'}, false)
    const env = {APPDATA: path.join(home, 'roaming'), XDG_CONFIG_HOME: path.join(home, 'xdg'), CODEX_HOME: path.join(home, 'cx')}
    expect(discoverConfigFiles({cwd, user: true, configs: [], home, env}).map((f) => path.relative(home, f))).toEqual(['cx/config.toml', 'roaming/Claude/claude_desktop_config.json', 'xdg/zed/settings.json'])
  })

  it('takes named files (deduplicated with discovered ones) and requires them to exist', () => {
    const root = tree({'.mcp.json': SERVER('a'), 'configs/extra.json': SERVER('b')})
    const outside = tree({'x.json': SERVER('c')}, false)
    const files = discoverConfigFiles({cwd: root, user: false, configs: ['configs/extra.json', './.mcp.json', path.join(outside, 'x.json')], home: os.tmpdir(), env: {}})
    expect(files).toEqual(['.mcp.json', 'configs/extra.json', path.join(outside, 'x.json')].sort())
    const e = inputError(() => discoverConfigFiles({cwd: root, user: false, configs: ['missing.json'], home: os.tmpdir(), env: {}}))
    expect(e.message).toBe('config file not found')
    expect(e.place.file).toBe('missing.json')
    expect(inputError(() => discoverConfigFiles({cwd: root, user: false, configs: ['configs'], home: os.tmpdir(), env: {}})).message).toBe('config path is a folder, not a file')
  })

  it('refuses project files that are folders or symlinks leading out of the project', () => {
    const outside = tree({'secret.json': SERVER('x'), 'dir/mcp.json': SERVER('y')}, false)
    const a = tree({})
    symlinkSync(path.join(outside, 'secret.json'), path.join(a, '.mcp.json'))
    const e = inputError(() => discoverConfigFiles({cwd: a, user: false, configs: [], home: os.tmpdir(), env: {}}))
    expect(e.message).toMatch(/^config file is a symlink that leads outside the project, to /)
    expect(e.place.file).toBe('.mcp.json')
    const b = tree({})
    symlinkSync(path.join(outside, 'dir'), path.join(b, '.cursor'))
    expect(inputError(() => discoverConfigFiles({cwd: b, user: false, configs: [], home: os.tmpdir(), env: {}})).place.file).toBe('.cursor/mcp.json')
    const c = tree({})
    symlinkSync(path.join(outside, 'secret.json'), path.join(c, 'named.json'))
    expect(inputError(() => discoverConfigFiles({cwd: c, user: false, configs: ['named.json'], home: os.tmpdir(), env: {}})).message).toMatch(/symlink/)
    const d = tree({})
    mkdirSync(path.join(d, '.mcp.json'))
    expect(inputError(() => discoverConfigFiles({cwd: d, user: false, configs: [], home: os.tmpdir(), env: {}})).message).toBe('config path is a folder, not a file')
  })

  it('follows symlinks inside the project and lists the file once', () => {
    const root = tree({'.mcp.json': SERVER('a')})
    mkdirSync(path.join(root, '.cursor'))
    symlinkSync('../.mcp.json', path.join(root, '.cursor/mcp.json'))
    expect(discoverConfigFiles({cwd: root, user: false, configs: [], home: os.tmpdir(), env: {}})).toEqual(['.mcp.json'])
  })

  it('never treats a home folder kept in git as the project', () => {
    const home = tree({'.cursor/mcp.json': SERVER('user-level'), 'work/.mcp.json': SERVER('p')})
    const cwd = path.join(home, 'work')
    expect(projectRoot(cwd, home)).toBe(cwd)
    expect(discoverConfigFiles({cwd, user: false, configs: [], home, env: {}})).toEqual(['.mcp.json'])
  })

  it('copes with a folder outside any git repository', () => {
    const root = tree({'.mcp.json': SERVER('a')}, false)
    expect(projectRoot(root, os.tmpdir())).toBe(root)
    expect(discoverConfigFiles({cwd: root, user: false, configs: [], home: os.tmpdir(), env: {}})).toEqual(['.mcp.json'])
  })
})

describe('loadServerConfigs', () => {
  it('parses every file and reports duplicate names with their lines', () => {
    const root = tree({'.mcp.json': SERVER('github'), '.vscode/mcp.json': '{\n  "servers": {\n    "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"},\n    "time": {"command": "uvx"}\n  }\n}\n'})
    const r = loadServerConfigs(['.mcp.json', '.vscode/mcp.json'], {cwd: root})
    expect(r.servers.map((s) => `${s.file}#${s.name}`)).toEqual(['.mcp.json#github', '.vscode/mcp.json#github', '.vscode/mcp.json#time'])
    expect(r.files.map((f) => f.client)).toEqual(['claude-code', 'vscode'])
    expect(r.duplicates).toEqual([
      {
        name: 'github',
        entries: [
          {file: '.mcp.json', pointer: '/mcpServers/github', line: 1},
          {file: '.vscode/mcp.json', pointer: '/servers/github', line: 3},
        ],
      },
    ])
  })

  it('keeps only this project\'s servers from ~/.claude.json when told the project', () => {
    const home = path.join(CONFIGS, 'claude-code')
    const all = loadServerConfigs([path.join(home, '.claude.json')])
    expect(all.servers.map((s) => s.name)).toEqual(['memory', 'postgres'])
    const shop = loadServerConfigs([path.join(home, '.claude.json')], {project: '/home/ada/src/shop/'})
    expect(shop.servers.map((s) => s.name)).toEqual(['memory', 'postgres'])
    const blog = loadServerConfigs([path.join(home, '.claude.json')], {project: '/home/ada/src/blog'})
    expect(blog.servers.map((s) => s.name)).toEqual(['memory'])
  })

  it('refuses a lock, a manifest and a file without servers; an empty object has none', () => {
    const root = tree({
      'mcp.lock': JSON.stringify({lockfileVersion: 1, generator: 'mcp-warden 0.1.0', servers: {}}),
      'tools.json': JSON.stringify({tools: []}),
      'package.json': JSON.stringify({name: 'x'}),
      'empty.json': '{}',
      'broken.json': '{"mcpServers": {"a": {"command": "npx",}\n',
    })
    expect(inputError(() => loadServerConfigs(['mcp.lock'], {cwd: root})).message).toBe('this is an mcp.lock, not a client config')
    expect(inputError(() => loadServerConfigs(['tools.json'], {cwd: root})).message).toBe('this is a server manifest, not a client config')
    expect(inputError(() => loadServerConfigs(['package.json'], {cwd: root})).message).toBe('no MCP servers in this file')
    expect(loadServerConfigs(['empty.json'], {cwd: root}).servers).toEqual([])
    const e = inputError(() => loadServerConfigs(['broken.json'], {cwd: root}))
    expect(e.place).toMatchObject({file: 'broken.json', line: 2})
    expect(inputError(() => loadServerConfigs(['nope.json'], {cwd: root})).message).toBe('config file not found')
  })

  it('loads every client fixture', () => {
    const project = tree({})
    for (const client of ['claude-code', 'cursor', 'vscode', 'zed', 'gemini', 'codex', 'continue']) cpSync(path.join(CONFIGS, client), project, {recursive: true})
    const files = discoverConfigFiles({cwd: project, user: false, configs: [], home: os.tmpdir(), env: {}})
    expect(files).toEqual([
      '.codex/config.toml',
      '.continue/mcpServers/postgres.yaml',
      '.cursor/mcp.json',
      '.gemini/settings.json',
      '.mcp.json',
      '.vscode/mcp.json',
      '.vscode/settings.json',
      '.zed/settings.json',
    ])
    const r = loadServerConfigs(files, {cwd: project})
    expect(r.servers.length).toBe(18)
    expect(r.duplicates.map((d) => d.name)).toEqual(['filesystem', 'github', 'sentry'])
  })
})
