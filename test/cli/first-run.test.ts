// The errors a new user meets first, through the built CLI: each must say what went wrong, where,
// and exactly what to do, with the exit code of DESIGN.md and no stack trace.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'

const RUG = path.join(FIXTURES, 'servers/probe-rug.mjs')
const NO_KEY = {MCP_WARDEN_KEY: undefined}
const NODE = process.execPath

function project(servers?: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-warden-first-run-'))
  // A git root of its own, so discovery does not climb into the folder the tests run from.
  mkdirSync(path.join(dir, '.git'))
  if (servers) writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({mcpServers: servers}, null, 2) + '\n')
  return dir
}

/** A folder for PATH that holds nothing: no npx, no bwrap. */
function emptyPath(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'mcp-warden-empty-path-'))
}

const lineOf = (dir: string, file: string, needle: string) => readFileSync(path.join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1

function noStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

describe('first run: no client config', () => {
  it('lock names the files and folders it looked in, and what to do', () => {
    const dir = project()
    const r = runCli(['lock'], {cwd: dir, env: NO_KEY})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`no MCP client config found in ${dir}`)
    expect(r.stderr).toMatch(/looked for: \.mcp\.json, mcp\.json, \.cursor\/mcp\.json, \.vscode\/mcp\.json, .*\.continue\/mcpServers\/\*\.yaml/)
    expect(r.stderr).toMatch(/hint: name a config with --config FILE/)
    expect(r.stderr).toContain('mcp-warden init')
    expect(r.stderr).toContain('--user')
    noStack(r.stderr)
  })

  it('check says the same before complaining about the missing lock', () => {
    const dir = project()
    const r = runCli(['check'], {cwd: dir, env: NO_KEY})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no MCP client config found')
    expect(r.stderr).not.toContain('no lock file')
    noStack(r.stderr)
  })

  it('check refuses to pass a lock whose configs are gone, naming where the lock says they were', () => {
    const dir = project({rug: {command: NODE, args: [RUG]}})
    expect(runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY}).code).toBe(0)
    rmSync(path.join(dir, '.mcp.json'))
    const r = runCli(['check', '--no-probe'], {cwd: dir, env: NO_KEY})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/mcp\.lock says its servers are declared in \.mcp\.json/)
    noStack(r.stderr)
  })
})

describe('first run: servers that cannot start', () => {
  it('names the unset variable, the server and the config line, and how to set it in CI', () => {
    const dir = project({gh: {command: NODE, args: [RUG], env: {GITHUB_TOKEN: '${MCP_WARDEN_TEST_UNSET_TOKEN}'}}})
    const r = runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: {...NO_KEY, MCP_WARDEN_TEST_UNSET_TOKEN: undefined}})
    expect(r.code).toBe(4)
    const line = lineOf(dir, '.mcp.json', 'MCP_WARDEN_TEST_UNSET_TOKEN')
    expect(line).toBeGreaterThan(1)
    expect(r.stderr).toContain(`.mcp.json:${line}: server "gh": the launch references "MCP_WARDEN_TEST_UNSET_TOKEN", which is not set`)
    expect(r.stderr).toContain('export MCP_WARDEN_TEST_UNSET_TOKEN=')
    expect(r.stderr).toContain('secrets.MCP_WARDEN_TEST_UNSET_TOKEN')
    noStack(r.stderr)
  })

  it('names the missing launcher (npx), the server, and how to install it', () => {
    const dir = project({fs: {command: 'npx', args: ['-y', '@acme/mcp-warden-test-server@1.0.0']}})
    const r = runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: {...NO_KEY, PATH: emptyPath()}})
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(`.mcp.json:${lineOf(dir, '.mcp.json', '"fs"')}: server "fs": command "npx" not found on PATH`)
    expect(r.stderr).toMatch(/install Node\.js .*actions\/setup-node/)
    noStack(r.stderr)
  })

  it('--sandbox strict without bubblewrap says how to install it, or to use basic, once for all servers', () => {
    const dir = project({a: {command: NODE, args: [RUG]}, b: {command: NODE, args: [RUG]}})
    const r = runCli(['lock', '--sandbox', 'strict'], {cwd: dir, env: {...NO_KEY, PATH: emptyPath()}})
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('servers "a", "b": --sandbox strict is not available: bubblewrap (bwrap) is not installed')
    expect(r.stderr.match(/not available/g)).toHaveLength(1)
    expect(r.stderr).toContain('sudo apt-get install -y bubblewrap')
    expect(r.stderr).toContain('--sandbox basic')
    noStack(r.stderr)
  })
})

describe('first run: a new lock', () => {
  it('says what it recorded, that it is unsigned and how to sign it, and what to commit', () => {
    const dir = project({rug: {command: NODE, args: [RUG]}})
    const r = runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/wrote mcp\.lock: 1 server, not signed/)
    expect(r.stdout).toMatch(/everything it offers: 4 tools, 2 prompts, 3 resources/)
    expect(r.stdout).toContain('export MCP_WARDEN_KEY="$(openssl rand -hex 32)"')
    expect(r.stdout).toContain('git add mcp.lock')
    // Later runs print only what changed.
    const again = runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY})
    expect(again.stdout).toMatch(/mcp\.lock is up to date/)
    expect(again.stdout).not.toContain('openssl')
  })

  it('with a key: signed, and CI needs the same key', () => {
    const dir = project({rug: {command: NODE, args: [RUG]}})
    const r = runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: {MCP_WARDEN_KEY: 'first-run-key-0123456789'}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/wrote mcp\.lock: 1 server, signed with key [0-9a-f]{16}/)
    expect(r.stdout).toContain('store it as a CI secret named MCP_WARDEN_KEY')
    expect(r.stdout).not.toContain('first-run-key')
  })
})
