// Fault injection for the commands that probe (`lock`, `check`), through the built CLI: a server that
// dies during the handshake, floods stdout without a newline, or hangs and ignores SIGTERM with a
// grandchild of its own. Each is exit 4 naming the server, writes no lock, and leaves no process.
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'
import {alive} from '../probe/helpers.js'

const SERVERS = path.join(FIXTURES, 'servers')
const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'warden-probe-faults-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

// Basic sandbox: the fixture must be able to write its pid file outside its own temporary folders.
const probe = (args: string[], cwd: string) => runCli([...args, '--sandbox', 'basic'], {cwd, env: {MCP_WARDEN_KEY: undefined}})

function expectCleanFailure(r: {code: number; stderr: string}, server: string): void {
  expect(r.code, r.stderr).toBe(4)
  expect(r.stderr).toContain(`server "${server}"`)
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

describe('lock and check with failing servers', () => {
  it('a server that exits during the handshake: exit 4, its stderr shown with the secret masked, no lock', () => {
    const dir = tmp()
    const r = probe(['lock', '--lock', 'mcp.lock', '--', 'node', path.join(SERVERS, 'probe-crash.mjs')], dir)
    expectCleanFailure(r, 'probe-crash')
    expect(r.stderr).toContain('the server exited with code 3 while the probe was waiting for the answer to initialize')
    expect(r.stderr).toContain('fatal: upstream rejected key sk-a')
    expect(r.stderr).not.toContain('A'.repeat(20))
    expect(existsSync(path.join(dir, 'mcp.lock'))).toBe(false)
  })

  it('a server that floods stdout without a newline: exit 4 at the cap, no lock', () => {
    const dir = tmp()
    const r = probe(['lock', '--lock', 'mcp.lock', '--', 'node', path.join(SERVERS, 'probe-flood.mjs')], dir)
    expectCleanFailure(r, 'probe-flood')
    expect(r.stderr).toMatch(/printed more than \d+ MiB on stdout without a newline/)
    expect(existsSync(path.join(dir, 'mcp.lock'))).toBe(false)
  })

  for (const command of ['lock', 'check'] as const) {
    it(`${command}: a server that hangs and ignores SIGTERM, with a grandchild, is gone with its grandchild when the command exits`, () => {
      const dir = tmp()
      const pidFile = path.join(dir, 'pids.json')
      const config = {mcpServers: {lingers: {command: 'node', args: [path.join(SERVERS, 'probe-orphan.mjs')], env: {ORPHAN_PID_FILE: pidFile, ORPHAN_MODE: 'hang'}}}}
      writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(config))
      // check probes a server that is in a config but not in the lock too (and reports it unlocked).
      if (command === 'check') writeFileSync(path.join(dir, 'mcp.lock'), '{"generator": "test", "lockfileVersion": 1, "servers": {}}\n')
      const r = probe([command, '--timeout', '1'], dir)
      expectCleanFailure(r, 'lingers')
      expect(r.stderr).toContain('timed out after 1s')
      const {pid, grandchild} = JSON.parse(readFileSync(pidFile, 'utf8')) as {pid: number; grandchild: number}
      // Checked as soon as the command has exited: nothing it launched may outlive it.
      expect([pid, grandchild].filter(alive)).toEqual([])
    })
  }
})
