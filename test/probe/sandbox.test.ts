// The sandbox: what a probed server can see and reach at each level. The snooping fixture reports
// what it managed (environment canary, a TCP listener on 127.0.0.1, a write outside its folders, a
// read in the caller's home); these tests read its report from the probe result.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {probeServer, type ProbeResult} from '../../src/probe/index.js'
import {bwrapArgs, bwrapStatus} from '../../src/sandbox/bwrap.js'
import {buildEnv, MARKER_VAR} from '../../src/sandbox/env.js'
import {chooseLevel} from '../../src/sandbox/launch.js'
import {planExposure} from '../../src/sandbox/paths.js'
import {ROOT} from '../helpers/cli.js'
import {fixture, opts, processesWithEnv} from './helpers.js'

const CANARY = `warden-canary-${process.pid}`

let listener: net.Server
let port = 0
let connections = 0
// Outside every folder the sandbox makes writable, and outside /tmp (a fresh tmpfs under strict, so a
// write there would "succeed" without reaching the host).
let outside: string
let fakeHome: string

beforeAll(async () => {
  listener = net.createServer((s) => {
    connections++
    s.end()
  })
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r))
  port = (listener.address() as net.AddressInfo).port
  outside = mkdtempSync(path.join('/var/tmp', 'warden-outside-'))
  fakeHome = mkdtempSync(path.join('/var/tmp', 'warden-home-'))
  writeFileSync(path.join(fakeHome, '.npmrc'), `//registry.npmjs.org/:_authToken=${CANARY}\n`)
})

afterAll(() => {
  listener.close()
  rmSync(outside, {recursive: true, force: true})
  rmSync(fakeHome, {recursive: true, force: true})
})

/** The caller's environment: a secret the config does not name, and a home holding a token file. */
function callerEnv(): NodeJS.ProcessEnv {
  return {PATH: process.env.PATH, HOME: fakeHome, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', AWS_SECRET_ACCESS_KEY: CANARY, GITHUB_TOKEN: CANARY, TZ: 'UTC'}
}

function snoopConfig(writeName: string, configured: Record<string, string> = {}) {
  return fixture('probe-snoop.mjs', {
    SNOOP_PORT: String(port),
    SNOOP_WRITE_PATH: path.join(outside, writeName),
    SNOOP_READ_PATH: path.join(fakeHome, '.npmrc'),
    ...configured,
  })
}

function report(r: ProbeResult): Record<string, unknown> {
  return Object.fromEntries(r.manifest.tools.map((t) => [t.name.replace('_report', ''), (t._meta as {snoop: unknown}).snoop]))
}

describe('basic', () => {
  test('the caller\'s secrets are not in the environment; HOME, TMPDIR and cwd are fresh folders', async () => {
    const r = await probeServer(snoopConfig('basic.txt'), opts({sandbox: 'basic', env: callerEnv()}))
    expect(r.sandbox).toBe('basic')
    const rep = report(r) as {env: {names: string[]; canaries: string[]}; home: {home: string; HOME: string; cwd: string; TMPDIR: string}}
    expect(rep.env.canaries).toEqual([])
    expect(rep.env.names).toEqual(['HOME', 'LANG', 'LC_ALL', MARKER_VAR, 'PATH', 'SNOOP_PORT', 'SNOOP_READ_PATH', 'SNOOP_WRITE_PATH', 'TERM', 'TMPDIR', 'TZ'])
    expect(rep.home.HOME).not.toBe(fakeHome)
    expect(rep.home.HOME).toMatch(/mcp-warden-probe-[^/]+\/home$/)
    expect(rep.home.TMPDIR).toMatch(/mcp-warden-probe-[^/]+\/tmp$/)
    expect(rep.home.cwd).toMatch(/mcp-warden-probe-[^/]+\/work$/)
    expect(rep.home.home).toBe('ok')
    // Removed after the probe.
    expect(existsSync(path.dirname(rep.home.HOME))).toBe(false)
  })

  test('a secret the config names on purpose does reach the server (that is what the config asks for)', async () => {
    const r = await probeServer(snoopConfig('basic2.txt', {API_KEY: '${GITHUB_TOKEN}'}), opts({sandbox: 'basic', env: callerEnv()}))
    expect((report(r).env as {canaries: string[]}).canaries).toEqual(['API_KEY'])
  })
})

describe('off', () => {
  test('only the environment is filtered: the caller\'s HOME, the project as working folder', async () => {
    const r = await probeServer(snoopConfig('off.txt'), opts({sandbox: 'off', env: callerEnv()}))
    expect(r.sandbox).toBe('off')
    const rep = report(r) as {env: {canaries: string[]}; home: {HOME: string; cwd: string; TMPDIR: string | null}; read: string}
    expect(rep.env.canaries).toEqual([])
    expect(rep.home.HOME).toBe(fakeHome)
    expect(rep.home.cwd).toBe(ROOT)
    expect(rep.home.TMPDIR).toBeNull()
    expect(rep.read).toBe('ok')
    rmSync(path.join(fakeHome, '.snoop'), {force: true})
  })
})

describe('strict (bubblewrap)', () => {
  test('bubblewrap works on this machine (CI installs it; strict tests need it)', async () => {
    const status = await bwrapStatus()
    expect(status, status.reason).toMatchObject({ok: true})
    expect(await chooseLevel('auto')).toEqual({level: 'strict'})
  })

  test('nothing leaks: no secret, no connection to 127.0.0.1, no write outside, the caller\'s home hidden', async () => {
    const before = connections
    const r = await probeServer(snoopConfig('strict.txt'), opts({sandbox: 'strict', env: callerEnv()}))
    expect(r.sandbox).toBe('strict')
    const rep = report(r) as {env: {canaries: string[]}; net: string; write: string; read: string; home: {home: string}}
    expect(rep.env.canaries).toEqual([])
    expect(rep.net).toBe('ECONNREFUSED')
    expect(connections).toBe(before)
    expect(rep.write).toBe('EROFS')
    expect(existsSync(path.join(outside, 'strict.txt'))).toBe(false)
    expect(rep.read).toBe('ENOENT')
    expect(rep.home.home).toBe('ok')
  })

  test('auto picks strict here and says so in the result', async () => {
    const r = await probeServer(snoopConfig('auto.txt'), opts({sandbox: 'auto', env: callerEnv()}))
    expect(r.sandbox).toBe('strict')
    expect(report(r).net).toBe('ECONNREFUSED')
  })

  test('basic, for contrast, does not isolate the network or the file system', async () => {
    const before = connections
    const r = await probeServer(snoopConfig('contrast.txt'), opts({sandbox: 'basic', env: callerEnv()}))
    const rep = report(r) as {net: string; write: string; read: string}
    expect(rep.net).toBe('connected')
    expect(connections).toBe(before + 1)
    expect(rep.write).toBe('ok')
    expect(readFileSync(path.join(outside, 'contrast.txt'), 'utf8')).toBe('written by probe-snoop\n')
    expect(rep.read).toBe('ok')
  })

  test('the project stays readable and the configured working folder is used, read-only', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'warden-project-'))
    mkdirSync(path.join(project, 'sub'))
    const config = {...snoopConfig('cwd.txt', {SNOOP_WRITE_PATH: path.join(project, 'sub', 'x')}), args: [path.join(ROOT, 'fixtures/servers/probe-snoop.mjs')], cwd: 'sub'}
    const r = await probeServer(config, opts({sandbox: 'strict', env: callerEnv(), projectRoot: project}))
    const rep = report(r) as {write: string; home: {cwd: string}}
    expect(rep.home.cwd).toBe(path.join(project, 'sub'))
    expect(rep.write).toBe('EROFS')
    rmSync(project, {recursive: true, force: true})
  })

  test('a timed-out server and its grandchild are gone (bwrap --die-with-parent, --unshare-pid)', async () => {
    const tag = `STRICT_ORPHAN=${process.pid}-${Date.now()}`
    const config = fixture('probe-orphan.mjs', {ORPHAN_MODE: 'hang', ORPHAN_DETACH: '1', STRICT_ORPHAN: tag.split('=')[1]})
    await expect(probeServer(config, opts({sandbox: 'strict', timeoutMs: 800}))).rejects.toThrow(/timed out/)
    expect(processesWithEnv(tag)).toEqual([])
  })
})

describe('building blocks', () => {
  test('the environment is the allowlist, fresh folders, the configured variables and the marker', () => {
    const env = buildEnv({
      caller: {PATH: '/bin', LANG: 'en_US.UTF-8', LC_CTYPE: 'C', TZ: 'UTC', HOME: '/home/me', SECRET: 'x', NODE_OPTIONS: '--require /evil.js', TERM: 'xterm'},
      configured: {API_URL: 'https://x'},
      home: '/t/home',
      tmpdir: '/t/tmp',
      marker: 'm1',
    })
    expect(env).toEqual({PATH: '/bin', LANG: 'en_US.UTF-8', LC_CTYPE: 'C', TZ: 'UTC', TERM: 'dumb', HOME: '/t/home', TMPDIR: '/t/tmp', API_URL: 'https://x', [MARKER_VAR]: 'm1'})
  })

  test('sandbox off keeps the caller\'s HOME but still only the allowlist', () => {
    const env = buildEnv({caller: {PATH: '/bin', HOME: '/home/me', SECRET: 'x'}, configured: {}, marker: 'm'})
    expect(env).toEqual({PATH: '/bin', HOME: '/home/me', TERM: 'dumb', [MARKER_VAR]: 'm'})
  })

  test('hidden folders: what the launch needs is bound back at top level, secrets next to it stay hidden', () => {
    const home = mkdtempSync(path.join('/var/tmp', 'warden-exposure-'))
    mkdirSync(path.join(home, '.nvm/versions/node/bin'), {recursive: true})
    mkdirSync(path.join(home, 'code/project'), {recursive: true})
    mkdirSync(path.join(home, '.ssh'))
    const plan = planExposure(['/tmp', home], [path.join(home, '.nvm/versions/node/bin'), path.join(home, 'code/project'), path.join(home, 'code/project/node_modules'), '/usr/bin'])
    expect(plan).toEqual({hide: ['/tmp', home], readOnly: [path.join(home, '.nvm'), path.join(home, 'code')]})
    // A launch that lives in the home folder itself: the home cannot be hidden.
    expect(planExposure(['/tmp', home], [home]).hide).toEqual(['/tmp'])
    rmSync(home, {recursive: true, force: true})
  })

  test('bubblewrap arguments: no network, read-only root, only the launch folders writable', () => {
    const args = bwrapArgs({hide: ['/root'], readOnly: ['/root/.nvm'], writable: ['/tmp/w/home', '/tmp/w/work'], cwd: '/tmp/w/work'})
    expect(args.slice(0, 6)).toEqual(['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind'])
    const text = args.join(' ')
    expect(text).toContain('--ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --tmpfs /root --ro-bind /root/.nvm /root/.nvm --bind /tmp/w/home /tmp/w/home --bind /tmp/w/work /tmp/w/work --chdir /tmp/w/work')
    expect(text).not.toMatch(/--share-net|--bind \/ /)
  })
})
