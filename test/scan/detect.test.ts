// Auto-detection: every input kind `scan` accepts is recognized from its content, and every client
// config format yields its servers with pointers that land on the server's line.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadScope} from '../../src/inputs/load.js'
import {FIXTURES, runCli} from '../helpers/cli.js'

const S = path.join(FIXTURES, 'scan')

describe('input kinds', () => {
  it.each([
    ['inputs/tools-list.json', 'tools-list', 2],
    ['inputs/manifest.json', 'manifest', 5],
    ['inputs/jsonrpc-response.json', 'tools-list', 1],
    ['inputs/mcp.lock', 'lock', 1],
  ])('%s is a %s with %i items', (file, kind, items) => {
    const {scope, inputs} = loadScope([path.join(S, file)])
    expect(inputs.map((i) => i.kind)).toEqual([kind])
    expect(scope.servers).toHaveLength(1)
    expect(scope.servers[0].items).toHaveLength(items)
  })

  it('names a bare manifest after serverInfo, a tools/list result after its file', () => {
    expect(loadScope([path.join(S, 'inputs/manifest.json')]).scope.servers[0].name).toBe('notes')
    expect(loadScope([path.join(S, 'inputs/tools-list.json')]).scope.servers[0].name).toBe('tools-list')
  })

  it('points a lock entry at the tool inside the lock', () => {
    const {scope} = loadScope([path.join(S, 'inputs/mcp.lock')])
    const item = scope.servers[0].items[0]
    expect(item.pointer).toBe('/servers/time/tools/get_current_time/descriptor')
    expect(scope.configs.map((c) => c.name)).toEqual(['time'])
  })
})

const CONFIGS: Array<[string, string, string[]]> = [
  ['claude-code/.mcp.json', 'claude-code', ['filesystem', 'github']],
  ['claude-desktop/claude_desktop_config.json', 'claude-desktop', ['memory']],
  ['cursor/.cursor/mcp.json', 'cursor', ['filesystem']],
  ['vscode/.vscode/mcp.json', 'vscode', ['memory']],
  ['zed/.zed/settings.json', 'zed', ['filesystem']],
  ['codex/.codex/config.toml', 'codex', ['filesystem', 'memory']],
  ['continue/.continue/mcpServers/filesystem.yaml', 'continue', ['filesystem']],
  ['goose/.config/goose/config.yaml', 'goose', ['memory']],
  ['gemini/.gemini/settings.json', 'gemini', ['docs']],
  ['windsurf/mcp_config.json', 'windsurf', ['docs']],
  ['cline/cline_mcp_settings.json', 'cline', ['memory']],
]

describe('client configs', () => {
  it.each(CONFIGS)('%s is a %s config with its servers on their lines', (file, client, names) => {
    const full = path.join(S, 'configs', file)
    const {scope, inputs} = loadScope([full])
    expect(inputs.map((i) => i.kind)).toEqual(['config'])
    expect(scope.configs.map((c) => c.name)).toEqual(names)
    expect(scope.configs.every((c) => c.entry.client === client)).toBe(true)
    const lines = readFileSync(full, 'utf8').split('\n')
    for (const c of scope.configs) {
      const at = inputs[0].doc.locate(c.pointer)
      expect(lines[at.line - 1], `${c.name} in ${file}`).toContain(c.name)
    }
  })

  it('splits a command given as one string (Cursor style)', () => {
    const {scope} = loadScope([path.join(S, 'configs/cursor/.cursor/mcp.json')])
    expect(scope.configs[0].entry).toMatchObject({command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', './src']})
  })

  it('CLI: a folder of every client format scans clean', () => {
    const r = runCli(['scan', path.join(S, 'configs')])
    expect(r).toMatchObject({code: 0, stderr: ''})
    expect(r.stdout).toBe(`no findings in ${CONFIGS.length} files\n`)
  })
})
