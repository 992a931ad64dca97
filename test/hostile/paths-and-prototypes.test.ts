// Two ways a file from a pull request could reach further than the user asked:
// - symlinks and `../` in the paths the tool finds on its own (discovery refuses a project file that
//   leads outside the project; a folder walk follows no symlink), while a path the user names is read
//   where it points, without echoing a file that is not MCP; a symlink loop is a clean exit 2;
// - `__proto__`, `constructor` and `prototype` keys in locks, configs, policies and traces: no
//   prototype pollution, and no server or tool silently dropped.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {parseClientConfig} from '../../src/config/parse.js'
import {WardenError} from '../../src/core/errors.js'
import {readLock} from '../../src/lock/read.js'
import {loadPolicy} from '../../src/policy/load.js'
import {replay} from '../../src/replay/replay.js'
import {parseJson} from '../../src/source/document.js'
import {FIXTURES, runCli} from '../helpers/cli.js'

let root: string
const at = (...p: string[]) => path.join(root, ...p)
// A canary built at run time, so this file holds no token a scanner would flag.
const TOKEN = ['ghp', '_', 'Xy7Kq2', 'Wm9Pz4', 'Lr8Tn3', 'Vb6Hc5', 'Jd1Fg0', 'Qs'].join('')

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'warden-paths-'))
  // Outside the project: a config holding a secret, and a file that is no config at all.
  mkdirSync(at('outside'))
  writeFileSync(at('outside/mcp.json'), JSON.stringify({mcpServers: {leak: {command: 'node', args: ['x.js'], env: {GITHUB_TOKEN: TOKEN}}}}))
  writeFileSync(at('outside/passwd'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n')
  mkdirSync(at('project/.git'), {recursive: true})
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

/** A fresh project folder (a git root) for one test. */
function project(name: string): string {
  const p = at(name)
  mkdirSync(path.join(p, '.git'), {recursive: true})
  return p
}

const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m)

describe('symlinks and traversal in discovered config paths', () => {
  for (const [name, target] of [
    ['a symlink to a file outside the project', () => at('outside/mcp.json')],
    ['a relative ../ symlink out of the project', () => '../outside/mcp.json'],
    ['a symlink to a system file', () => at('outside/passwd')],
  ] as const) {
    it(`.mcp.json as ${name} is refused, and nothing of the target is read out`, () => {
      const p = project(`p-${name.replace(/\W+/g, '-')}`)
      symlinkSync(target(), path.join(p, '.mcp.json'))
      for (const command of [['lock'], ['check', '--no-probe']]) {
        const r = runCli(command, {cwd: p})
        expect(r.code, r.stderr).toBe(2)
        expect(r.stderr).toMatch(/^mcp-warden: \.mcp\.json: config file is a symlink that leads outside the project, to /)
        expect(r.stderr + r.stdout).not.toContain('root:x:0')
        expect(r.stderr + r.stdout).not.toContain(TOKEN.slice(4))
        noStack(r.stderr)
      }
    })
  }

  it('a config folder (.vscode) that is a symlink out of the project is refused', () => {
    const p = project('p-vscode')
    mkdirSync(at('outside/vscode'), {recursive: true})
    writeFileSync(at('outside/vscode/mcp.json'), JSON.stringify({servers: {leak: {command: 'node', env: {GITHUB_TOKEN: TOKEN}}}}))
    symlinkSync(at('outside/vscode'), path.join(p, '.vscode'))
    const r = runCli(['lock'], {cwd: p})
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('config file is a symlink that leads outside the project')
  })

  it('a symlink that stays inside the project is followed', () => {
    const p = project('p-inside')
    mkdirSync(path.join(p, 'configs'))
    writeFileSync(path.join(p, 'configs/real.json'), JSON.stringify({mcpServers: {notes: {command: 'node', args: ['notes-server.js']}}}))
    symlinkSync('configs/real.json', path.join(p, '.mcp.json'))
    writeFileSync(path.join(p, 'mcp.lock'), readFileSync(path.join(FIXTURES, 'traces/mcp.lock')))
    const r = runCli(['check', '--no-probe', '--fail-on', 'none'], {cwd: p})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('symlink')
  })

  it('a folder walk (scan DIR) does not follow a symlink inside the folder', () => {
    const p = project('p-walk')
    symlinkSync(at('outside'), path.join(p, 'linked'))
    const walked = runCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], {cwd: p})
    expect(walked.code, walked.stderr).toBe(0)
    expect(JSON.parse(walked.stdout).findings).toEqual([])
    // The same config, named through the symlink, is read (the user asked for it) and its secret found, masked.
    const named = runCli(['scan', 'linked/mcp.json', '--format', 'json', '--fail-on', 'none'], {cwd: p})
    expect(JSON.parse(named.stdout).findings.map((f: {ruleId: string}) => f.ruleId)).toContain('inline-secret')
    expect(named.stdout).not.toContain(TOKEN)
  })
})

describe('paths the user names', () => {
  it('a named file that is not MCP (a symlink to a passwd file) is an error at 1:1 that quotes none of it', () => {
    const p = project('p-named')
    symlinkSync(at('outside/passwd'), path.join(p, 'servers.json'))
    for (const args of [['scan', 'servers.json'], ['verify', '--lock', 'servers.json'], ['diff', 'servers.json', 'servers.json'], ['verify', '--audit', 'servers.json']]) {
      const r = runCli(args, {cwd: p})
      expect([2, 3], r.stderr).toContain(r.code)
      expect(r.stderr).toMatch(/^mcp-warden: servers\.json:1(:1)?: /)
      expect(r.stderr + r.stdout).not.toContain('root:x')
      expect(r.stderr + r.stdout).not.toContain('/bin/bash')
    }
  })

  it('a symlink loop is a clean exit 2 naming the file, for every command that reads a file', () => {
    const p = project('p-loop')
    symlinkSync('b.json', path.join(p, 'a.json'))
    symlinkSync('a.json', path.join(p, 'b.json'))
    for (const args of [
      ['scan', 'a.json'],
      ['scan', path.join(FIXTURES, 'scan/inputs/tools-list.json'), '--policy', 'a.json'],
      ['lock', '--config', 'a.json'],
      ['verify', '--lock', 'a.json'],
      ['verify', '--audit', 'a.json'],
      ['replay', 'a.json'],
      ['wrap', '--policy', 'a.json', '--', 'node', '-e', '0'],
    ]) {
      const r = runCli(args, {cwd: p})
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(/^mcp-warden: (\S*\/)?a\.json: /)
      expect(r.stderr, args.join(' ')).toMatch(/ELOOP|symlink loop|cannot read/)
      noStack(r.stderr)
    }
  })
})

describe('__proto__, constructor and prototype keys', () => {
  afterEach(() => {
    // Each test asserts this itself; here it also keeps one pollution from failing every later test.
    delete (Object.prototype as Record<string, unknown>).polluted
  })
  const clean = () => expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  const HOSTILE = '"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}'

  it('parsing JSON keeps them as plain own keys', () => {
    const doc = parseJson('x.json', `{${HOSTILE}, "a": {${HOSTILE}}}`)
    clean()
    expect(Object.keys(doc.value as object)).toEqual(['__proto__', 'constructor', 'prototype', 'a'])
    expect(Object.getPrototypeOf(doc.value)).toBe(Object.prototype)
  })

  it('a lock with them at every level: no pollution, and a server or tool named __proto__ is refused (exit 3), not skipped', () => {
    const lock = JSON.parse(readFileSync(path.join(FIXTURES, 'traces/mcp.lock'), 'utf8')) as {servers: Record<string, Record<string, unknown>>}
    const text = JSON.stringify(lock, null, 2)
    const file = at('proto.lock')
    // At the top level and in a descriptor: shapes the schema does not know are refused or ignored, never merged.
    writeFileSync(file, text.replace('{', `{${HOSTILE},`).replace('"capabilities": {', `"capabilities": {${HOSTILE},`))
    expect(() => readLock(file)).not.toThrow(TypeError)
    clean()
    writeFileSync(file, text.replace('"notes":', '"__proto__":'))
    expect(() => readLock(file)).toThrow(/server "__proto__" cannot be read safely/)
    clean()
    const r = runCli(['verify', '--lock', file])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/proto\.lock:\d+:\d+: server "__proto__" cannot be read safely/)
  })

  it('a client config with servers by those names: no pollution, each read as a server (and scanned)', () => {
    const doc = parseJson('.mcp.json', JSON.stringify({mcpServers: {}}).replace('{}', `{"__proto__": {"command": "node", "env": {"GITHUB_TOKEN": "${TOKEN}"}}, "constructor": {"command": "node"}, "prototype": {"command": "node"}}`))
    const config = parseClientConfig(doc)
    clean()
    expect(config.servers.map((s) => s.name).sort()).toEqual(['__proto__', 'constructor', 'prototype'])
    writeFileSync(at('proto.json'), doc.text)
    const r = runCli(['scan', at('proto.json'), '--format', 'json', '--fail-on', 'none'])
    expect(JSON.parse(r.stdout).findings).toContainEqual(expect.objectContaining({ruleId: 'inline-secret', location: expect.objectContaining({server: '__proto__'})}))
  })

  it('a policy with them: no pollution, exit 2 on the unknown key', () => {
    const file = at('proto.yaml')
    writeFileSync(file, '__proto__:\n  polluted: yes\nservers:\n  __proto__:\n    trust: privileged\n  constructor:\n    prototype:\n      polluted: yes\n')
    let err: unknown
    try {
      loadPolicy(file)
    } catch (error) {
      err = error
    }
    clean()
    expect(err).toBeInstanceOf(WardenError)
    expect((err as WardenError).exitCode).toBe(2)
    // A server named __proto__ in the policy alone: its trust applies to that server only, never to every server.
    writeFileSync(file, 'servers:\n  __proto__:\n    trust: privileged\n')
    const {policy} = loadPolicy(file)
    clean()
    expect((policy.servers as Record<string, unknown>)['fs']).toBeUndefined()
  })

  it('a trace with them in the envelope and in the message: no pollution, replayed like any other', async () => {
    const file = at('proto.jsonl')
    const msg = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"__proto__","arguments":{${HOSTILE}}}}`
    writeFileSync(file, [`{"ts":"2026-01-01T00:00:00.000Z","server":"__proto__","dir":"c2s",${HOSTILE},"msg":${msg}}`, `{"ts":"2026-01-01T00:00:01.000Z","server":"constructor","dir":"c2s","msg":${msg}}`].join('\n') + '\n')
    const r = await replay({file, policy: {policy: {}, locate: () => ({line: 1, column: 1})}})
    clean()
    expect(r.counts.messages).toBe(2)
    expect(r.servers).toEqual(['__proto__', 'constructor'])
  })
})
