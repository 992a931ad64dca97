// buildLock with a stub probe: what a run records, keeps, drops and signs.
import {describe, expect, it} from 'vitest'
import {adhocName, commandAfterDashes} from '../../src/lock/adhoc.js'
import {buildLock, type LockInput} from '../../src/lock/create.js'
import {launchOf} from '../../src/lock/entry.js'
import {readLock, verifyLock} from '../../src/lock/read.js'
import {configuredServers, sourceOf} from '../../src/lock/servers.js'
import {makeKey} from '../../src/lock/sign.js'
import type {ServerConfig} from '../../src/model/config.js'
import type {ProbeOutcome} from '../../src/probe/types.js'
import {config, entry, lockOf, manifest, readFile, tempDir, writeLock} from './helpers.js'

function probeOf(ok: string[]) {
  return async (configs: ServerConfig[]): Promise<ProbeOutcome[]> =>
    configs.map((c) =>
      ok.includes(c.name)
        ? {config: c, result: {server: c.name, manifest: manifest({tools: [readFile]}), protocolVersion: '2025-06-18', handshake: 'initialize', sandbox: 'basic', stderrTail: ''}}
        : {config: c, error: {message: `server "${c.name}": exited`, stderrTail: 'boom'}},
    )
}

const base = (over: Partial<LockInput>): LockInput => ({targets: [], merge: false, partial: false, probe: probeOf([]), sourceOf: (c) => ({file: c.file, pointer: c.pointer}), ...over})

describe('buildLock', () => {
  it('records every target, remote ones unprobed, and signs deterministically', async () => {
    const key = makeKey('k')
    const targets = [config('a'), config('r', {transport: 'http', url: 'https://x.example/mcp', command: undefined, args: []}), config('constructor')]
    const one = await buildLock(base({targets, probe: probeOf(['a', 'constructor']), key}))
    const two = await buildLock(base({targets: [...targets].reverse(), probe: probeOf(['a', 'constructor']), key}))
    expect(one.text).toBe(two.text)
    expect(one.write).toBe(true)
    expect(Object.keys(JSON.parse(one.text).servers)).toEqual(['a', 'constructor', 'r'])
    expect(one.lock.servers.r).toMatchObject({probed: false, launch: {transport: 'http', url: 'https://x.example/mcp'}})
    const dir = tempDir()
    expect(verifyLock(writeLock(dir, one.text), key)).toEqual({signed: true, keyId: key.id})
  })

  it('does not write when a server fails, unless partial; then keeps its previous entry', async () => {
    const dir = tempDir()
    const previous = writeLock(dir, lockOf({a: entry({instructions: 'old'}), gone: entry()}))
    const failing = await buildLock(base({targets: [config('a'), config('b')], probe: probeOf(['b']), previous}))
    expect(failing.write).toBe(false)
    expect(failing.failed.map((o) => o.config.name)).toEqual(['a'])
    const partial = await buildLock(base({targets: [config('a'), config('b')], probe: probeOf(['b']), previous, partial: true}))
    expect(partial.write).toBe(true)
    expect(partial.kept).toEqual(['a'])
    expect(partial.lock.servers.a.instructions).toBe('old')
    // A full run drops entries of servers that are in no config any more.
    expect(partial.dropped).toEqual(['gone'])
    expect(Object.keys(partial.lock.servers)).toEqual(['a', 'b'])
  })

  it('with merge, keeps the entries it did not probe and reports what changed', async () => {
    const previous = writeLock(tempDir(), lockOf({a: entry({instructions: 'old'}), b: entry()}))
    const run = await buildLock(base({targets: [config('a')], probe: probeOf(['a']), previous, merge: true}))
    expect(Object.keys(run.lock.servers)).toEqual(['a', 'b'])
    expect(run.lock.servers.b).toEqual(previous.lock.servers.b)
    expect(run.dropped).toEqual([])
    expect(run.diff?.servers.map((s) => s.name)).toEqual(['a'])
  })
})

describe('servers and sources', () => {
  it('records config paths relative to the lock, home as ~, with forward slashes', () => {
    expect(sourceOf({file: '/repo/.vscode/mcp.json', pointer: '/servers/x'}, '/repo', '/home/u')).toEqual({file: '.vscode/mcp.json', pointer: '/servers/x'})
    expect(sourceOf({file: '/home/u/.cursor/mcp.json', pointer: '/mcpServers/x'}, '/repo', '/home/u')).toEqual({file: '~/.cursor/mcp.json', pointer: '/mcpServers/x'})
  })

  it('merges a name declared twice with the same launch, refuses two launches under one name', () => {
    const same = configuredServers([config('a'), config('a', {file: '.vscode/mcp.json'}), config('b', {disabled: true})])
    expect(same.servers.map((s) => s.name)).toEqual(['a'])
    expect(same.disabled.map((s) => s.name)).toEqual(['b'])
    expect(() => configuredServers([config('__proto__')])).toThrow(/a server named "__proto__" cannot be locked/)
    expect(() => configuredServers([config('a'), config('a', {file: '.vscode/mcp.json', args: ['other.js']})])).toThrow(/server "a" is declared twice with different launches: \.mcp\.json and \.vscode\/mcp\.json/)
  })
})

describe('ad-hoc servers', () => {
  it('takes the command from the raw argv after the first --, as typed', () => {
    expect(commandAfterDashes(['--name', 'x', '--', 'node', 'a.js', '--', '--flag', '--flag'])).toEqual(['node', 'a.js', '--', '--flag', '--flag'])
    expect(commandAfterDashes(['--name', 'x'])).toBeUndefined()
    expect(() => commandAfterDashes(['--'])).toThrow(/no command after `--`/)
  })

  it('derives a name from the package or script it runs', () => {
    expect(adhocName('npx', ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '.'])).toBe('server-filesystem')
    expect(adhocName('node', ['fixtures/servers/probe-rug.mjs'])).toBe('probe-rug')
    expect(adhocName('uvx', ['mcp-server-fetch'])).toBe('mcp-server-fetch')
    expect(adhocName('/usr/local/bin/my-server', [])).toBe('my-server')
  })
})

describe('readLock', () => {
  it('reads what buildLock wrote', async () => {
    const run = await buildLock(base({targets: [config('a')], probe: probeOf(['a'])}))
    const dir = tempDir()
    expect(readLock(writeLock(dir, run.text).file).lock).toEqual(JSON.parse(run.text))
  })
})

describe('launch identity', () => {
  // Built at run time so that this file holds no live-looking token.
  const token = ['gh', 'p_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('')
  it('masks a secret written inline in an argument or a URL, the same way on both sides of check', () => {
    const stdio = launchOf(config('gh', {args: ['server.js', '--token', token, `--url=https://x:${token}@example.com`]}))
    expect(JSON.stringify(stdio)).not.toContain(token.slice(4))
    expect(stdio.args?.[2]).toBe('ghp_****')
    const remote = launchOf(config('r', {transport: 'http', url: `https://api.example.com/mcp?key=${token}`}))
    expect(JSON.stringify(remote)).not.toContain(token.slice(4))
    expect(launchOf(config('gh', {args: ['--token', token]}))).toEqual(launchOf(config('gh', {args: ['--token', token]})))
    // A value with no token format is a secret by the name it is given.
    const password = 'Kq7-vX2p-Lm9w-Rt4z'
    const named = launchOf(config('db', {args: ['--password', password, `--dsn=postgres://app:${password}@db/app`], transport: 'stdio'}))
    expect(JSON.stringify(named)).not.toContain(password)
    expect(JSON.stringify(launchOf(config('r', {transport: 'http', url: `https://api.example.com/mcp?api_key=${password}`})))).not.toContain(password)
    // References are not secrets: kept as written.
    expect(launchOf(config('gh', {args: ['--token', '${GITHUB_TOKEN}']})).args).toEqual(['--token', '${GITHUB_TOKEN}'])
  })
})
