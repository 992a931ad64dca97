// Fault injection through `wrap` as users run it (the built CLI, a real client on its stdio, the
// real pipeline): a server that crashes mid-call or during the handshake, floods stdout without a
// newline, ignores stdin EOF or handles SIGTERM slowly; a client that disappears; SIGINT and SIGTERM
// to wrap; an audit log on a full disk. After each: no process of the fixture is left, and the audit
// log (checked by `mcp-warden verify --audit`, the user's own tool) holds a line for every message.
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {DENY_CODES} from '../../src/pipeline/types.js'
import {BIN, ROOT, runCli} from '../helpers/cli.js'
import {alive as running} from '../probe/helpers.js'
import {alive, readPids, server, waitUntil, wrapProcess, type WrapProcess} from '../proxy/helpers.js'

const node = process.execPath
const FAULTS = server('runtime-faults.mjs')
const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'warden-faults-'))
  dirs.push(d)
  return d
}
let procs: WrapProcess[] = []
let pidsToReap: number[] = []
afterEach(() => {
  // A failed test must not leave its processes to the next one.
  for (const w of procs) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
  for (const pid of pidsToReap) if (alive(pid)) process.kill(pid, 'SIGKILL')
  procs = []
  pidsToReap = []
})
afterAll(() => {
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

interface Session {
  w: WrapProcess
  dir: string
  audit: string
  pidfile: string
  /** The fixture's pids (server, and its helper with --helper), once it has started. */
  pids(): Promise<number[]>
}

/** `wrap --audit` around the faults fixture with `flags` (after --), and a raw JSON-RPC peer. */
function session(fixtureFlags: string[], wrapFlags: string[] = []): Session {
  const dir = tmp()
  const audit = path.join(dir, 'audit.jsonl')
  const pidfile = path.join(dir, 'pids')
  const w = wrapProcess(['--name', 'faults', '--grace', '300', '--audit', audit, ...wrapFlags, '--', node, FAULTS, '--pidfile', pidfile, ...fixtureFlags], {cwd: dir})
  procs.push(w)
  return {
    w,
    dir,
    audit,
    pidfile,
    async pids() {
      await waitUntil(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').endsWith('\n'), 20_000, 'the fixture to write its pids')
      const pids = readPids(pidfile)
      pidsToReap.push(...pids)
      return pids
    },
  }
}

/**
 * Every pid must be gone once wrap has exited: the server and whatever it started. A zombie counts as
 * gone (it has ended; its new parent, init, reaps it), which `process.kill(pid, 0)` cannot tell.
 */
async function noneLeft(pids: number[]): Promise<void> {
  expect(pids.filter(running)).toEqual([])
}

/** `mcp-warden verify --audit F` (the CLI) passes, with exactly `events` lines, and no event is torn. */
function auditHolds(file: string, events: number): Array<Record<string, unknown>> {
  const r = runCli(['verify', '--audit', file])
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout).toContain(`ok, ${events} events, hash chain intact`)
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
}

const noStack = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toMatch(/node:internal|Uncaught|TypeError|RangeError/)
}

describe('the server fails', () => {
  it('crashes mid-call: requests in flight are answered, wrap exits with its code, its helper is swept, the audit is complete', async () => {
    const s = session(['--helper'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    const slow = s.w.peer.request('tools/call', {name: 'slow', arguments: {ms: 30_000}})
    const crash = s.w.peer.request('tools/call', {name: 'crash', arguments: {delayMs: 100, code: 7}})
    for (const a of await Promise.all([slow, crash])) expect(a.error).toMatchObject({code: DENY_CODES.serverGone, message: expect.stringContaining('exited with code 7')})
    expect(await s.w.exit).toEqual({code: 7, signal: null})
    await noneLeft(pids)
    // initialize ×2, initialized, two calls, and the two errors wrap answered for the server.
    const events = auditHolds(s.audit, 7)
    expect(events.slice(-2).map((e) => [e.dir, e.action, e.tool ?? e.method])).toEqual([
      ['s2c', 'reject', 'tools/call'],
      ['s2c', 'reject', 'tools/call'],
    ])
    noStack(s.w.stderr())
  })

  it('exits during the handshake: the SDK client\'s connect fails with the server-gone error instead of hanging', async () => {
    const dir = tmp()
    const pidfile = path.join(dir, 'pids')
    const audit = path.join(dir, 'audit.jsonl')
    const transport = new StdioClientTransport({
      command: node,
      args: [BIN, 'wrap', '--name', 'faults', '--audit', audit, '--', node, FAULTS, '--pidfile', pidfile, '--exit-on-initialize', '5'],
      stderr: 'pipe',
      cwd: ROOT,
    })
    let stderr = ''
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const closed = new Promise<void>((resolve) => (transport.onclose = () => resolve()))
    const client = new Client({name: 'faults-test', version: '1.0.0'})
    const err = await client.connect(transport).then(
      () => undefined,
      (e: unknown) => e as {code?: number; message: string},
    )
    expect(err?.code).toBe(DENY_CODES.serverGone)
    expect(err?.message).toContain('exited with code 5 before answering')
    await closed
    await noneLeft(readPids(pidfile))
    expect(stderr).toContain('runtime-faults: dying during the handshake')
    expect(stderr).toContain('the server exited with code 5')
    noStack(stderr)
    auditHolds(audit, 2)
  })

  it('floods stdout without a newline: the flood is dropped in flat memory and the session goes on', async () => {
    const s = session([], ['--policy', 'policy.yaml'])
    writeFileSync(path.join(s.dir, 'policy.yaml'), 'limits:\n  maxMessageBytes: 1048576\n')
    await s.w.peer.initialize()
    const r = await s.w.peer.request('tools/call', {name: 'flood', arguments: {mib: 96}}, 60_000)
    expect(r.result.content[0].text).toBe('flooded 96 MiB')
    const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${s.w.child.pid}/status`, 'utf8'))?.[1])
    // 96 MiB went through without a newline. Idle wrap is about 85 MiB, plus garbage not yet
    // collected; a proxy that held the line (and joined it) would be near 280 MiB.
    expect(peakKiB).toBeLessThan(200 * 1024)
    expect(s.w.peer.garbage).toEqual([])
    expect(s.w.stderr()).toMatch(/rejected s2c: a message from the server is 100663296 bytes, over the limit of 1048576/)
    expect((await s.w.peer.request('ping')).result).toEqual({})
    s.w.child.stdin.end()
    expect(await s.w.exit).toEqual({code: 0, signal: null})
    // initialize ×2, initialized, flood call, the dropped flood, its answer, ping ×2.
    auditHolds(s.audit, 8)
  })

  it('floods forever and ignores stdin EOF: wrap still ends it when the client leaves, and the request gets its error', async () => {
    const s = session(['--ignore-eof', '--helper'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    const flooding = s.w.peer.request('tools/call', {name: 'flood', arguments: {forever: true}}, 30_000)
    // The flood itself never reaches the client (it is not protocol); the server's stderr says it began.
    await waitUntil(() => s.w.stderr().includes('runtime-faults: flooding'), 20_000, 'the flood to start')
    s.w.child.stdin.end()
    expect((await flooding).error.code).toBe(DENY_CODES.serverGone)
    // Ended by SIGTERM after --grace, wrap dying the way its server died. (On a loaded machine the
    // SIGKILL step, due one grace later, can fire in the same turn: either ends it.)
    expect(await s.w.exit).toEqual({code: null, signal: expect.stringMatching(/^SIG(TERM|KILL)$/)})
    await noneLeft(pids)
    expect(s.w.stderr()).toContain('client left (it closed stdin); stopping the server')
    auditHolds(s.audit, 5)
  })

  it('ignores stdin EOF and handles SIGTERM slowly: wrap waits for it to finish, and exits as it did', async () => {
    const s = session(['--ignore-eof', '--term-ms', '150'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    await s.w.peer.request('tools/call', {name: 'echo', arguments: {message: 'before leaving'}})
    s.w.child.stdin.end()
    expect(await s.w.exit).toEqual({code: 0, signal: null})
    await noneLeft(pids)
    expect(s.w.stderr()).toContain('runtime-faults: got SIGTERM, exiting in 150 ms')
    auditHolds(s.audit, 5)
  })
})

describe('the client fails', () => {
  it('disappears (both pipes closed) with a request in flight: no EPIPE crash, nothing left, the audit is complete', async () => {
    const s = session(['--ignore-eof', '--helper'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    void s.w.peer.request('tools/call', {name: 'slow', arguments: {ms: 100}}).catch(() => {})
    await waitUntil(() => readFileSync(s.audit, 'utf8').includes('"slow"'), 20_000, 'the call to reach the server')
    // What the kernel does when a client process dies: both ends of its pipes close.
    s.w.child.stdin.destroy()
    s.w.child.stdout.destroy()
    // SIGTERM after --grace (or SIGKILL, when a loaded machine runs both timers in one turn).
    expect(await s.w.exit).toEqual({code: null, signal: expect.stringMatching(/^SIG(TERM|KILL)$/)})
    await noneLeft(pids)
    noStack(s.w.stderr())
    // initialize ×2, initialized, the call, and its answer (sent into the broken pipe, still decided).
    auditHolds(s.audit, 5)
  })
})

describe('signals to wrap', () => {
  it('SIGTERM: the slow server finishes, its SIGTERM-proof helper is swept, the audit is complete and its head printed', async () => {
    const s = session(['--term-ms', '150', '--helper'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    for (let i = 0; i < 10; i++) await s.w.peer.request('tools/call', {name: 'echo', arguments: {message: `m${i}`}})
    s.w.child.kill('SIGTERM')
    expect(await s.w.exit).toEqual({code: 0, signal: null})
    await noneLeft(pids)
    const events = auditHolds(s.audit, 3 + 20)
    expect(s.w.stderr()).toContain(`audit: 23 events in ${s.audit}, chain head ${String(events.at(-1)!.hash)}`)
    expect(s.w.stderr()).toContain('got SIGTERM; passing it on to the server')
  })

  it('SIGINT to a server that will not stop in time: SIGKILL after --grace, nothing left, the audit is complete', async () => {
    const s = session(['--ignore-eof', '--term-ms', '60000', '--helper'])
    const pids = await s.pids()
    await s.w.peer.initialize()
    await s.w.peer.request('ping')
    s.w.child.kill('SIGINT')
    expect(await s.w.exit).toEqual({code: null, signal: 'SIGKILL'})
    await noneLeft(pids)
    expect(s.w.stderr()).toContain('runtime-faults: got SIGINT')
    auditHolds(s.audit, 5)
  })

  it('SIGTERM while wrap is still starting (server up, pipeline loading) leaves nothing behind', async () => {
    const s = session(['--helper'])
    const pids = await s.pids()
    s.w.child.kill('SIGTERM')
    const exit = await s.w.exit
    // Either wrap passed it on (the server died of it, so does wrap) or it came before wrap's
    // handlers; both end the same way for the caller.
    expect(exit.signal).toBe('SIGTERM')
    await noneLeft(pids)
  })
})

describe('the audit log cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('on a full disk: says so once on stderr, keeps forwarding, exits normally and vouches for no chain head', async () => {
    const dir = tmp()
    const w = wrapProcess(['--name', 'faults', '--audit', '/dev/full', '--record', '/dev/full', '--', node, FAULTS], {cwd: dir})
    procs.push(w)
    await w.peer.initialize()
    for (let i = 0; i < 5; i++) expect((await w.peer.request('tools/call', {name: 'echo', arguments: {message: `m${i}`}})).result.content[0].text).toBe(`Echo: m${i}`)
    w.child.stdin.end()
    expect(await w.exit).toEqual({code: 0, signal: null})
    const err = w.stderr()
    expect(err.match(/cannot write the audit log \/dev\/full: ENOSPC; forwarding goes on without it/g)).toHaveLength(1)
    expect(err.match(/cannot write the recording \/dev\/full: ENOSPC/g)).toHaveLength(1)
    expect(err).toContain('audit: the log /dev/full is incomplete: writing it failed')
    expect(err).not.toContain('chain head')
    noStack(err)
  })
})
