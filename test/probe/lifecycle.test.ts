// Process lifecycle: no process outlives a probe (success, timeout, escape from the process group),
// probes run in parallel with results in input order, and launches that cannot happen fail early.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {canProbe, probeAll, probeServer, ServerProbeError, type ProbeProgress} from '../../src/probe/index.js'
import {alive, failure, fixture, opts, processesWithEnv, stdio} from './helpers.js'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'warden-orphan-'))
afterAll(() => rmSync(tmp, {recursive: true, force: true}))
let files = 0

function pidFile(): string {
  return path.join(tmp, `pids-${++files}.json`)
}

function readPids(file: string): {pid: number; grandchild: number} {
  return JSON.parse(readFileSync(file, 'utf8'))
}

describe('no process outlives the probe', () => {
  test('after a successful probe of a server that ignores stdin EOF and SIGTERM, with a grandchild', async () => {
    const file = pidFile()
    const r = await probeServer(fixture('probe-orphan.mjs', {ORPHAN_PID_FILE: file}), opts())
    expect(r.manifest.tools.map((t) => t.name)).toEqual(['linger'])
    const {pid, grandchild} = readPids(file)
    expect(alive(pid)).toBe(false)
    expect(alive(grandchild)).toBe(false)
  })

  test('after a timeout', async () => {
    const file = pidFile()
    await expect(probeServer(fixture('probe-orphan.mjs', {ORPHAN_PID_FILE: file, ORPHAN_MODE: 'hang'}), opts({timeoutMs: 800}))).rejects.toThrow(/timed out after 0.8s/)
    const {pid, grandchild} = readPids(file)
    expect(alive(pid)).toBe(false)
    expect(alive(grandchild)).toBe(false)
  })

  test('a grandchild that left the process group (setsid) is found by its launch marker and killed', async () => {
    const file = pidFile()
    const tag = `ORPHAN_TAG=${process.pid}-${Date.now()}`
    await probeServer(fixture('probe-orphan.mjs', {ORPHAN_PID_FILE: file, ORPHAN_DETACH: '1', ORPHAN_TAG: tag.split('=')[1]}), opts())
    const {pid, grandchild} = readPids(file)
    expect(alive(pid)).toBe(false)
    expect(alive(grandchild)).toBe(false)
    expect(processesWithEnv(tag)).toEqual([])
  })

  test('after a failed probe (garbage on stdout) nothing tagged by the launch is left', async () => {
    const tag = `GARBAGE_TAG=${process.pid}-${Date.now()}`
    await expect(probeServer(fixture('probe-garbage.mjs', {GARBAGE_TAG: tag.split('=')[1]}), opts())).rejects.toThrow(ServerProbeError)
    expect(processesWithEnv(tag)).toEqual([])
  })
})

describe('probeAll', () => {
  test('runs servers in parallel, returns outcomes in input order, reports progress', async () => {
    const configs = [
      fixture('probe-hang.mjs', {}, 'slow-hang'),
      fixture('probe-paginated.mjs', {}, 'a'),
      fixture('probe-discover.mjs', {}, 'b'),
      fixture('probe-garbage.mjs', {}, 'c'),
      fixture('probe-rug.mjs', {RUG_VARIANT: 'added'}, 'd'),
    ]
    const events: ProbeProgress[] = []
    const out = await probeAll(configs, {...opts({timeoutMs: 1500}), concurrency: 3, onProgress: (e) => events.push(e)})
    expect(out.map((o) => o.config.name)).toEqual(['slow-hang', 'a', 'b', 'c', 'd'])
    expect(out[0].error?.message).toMatch(/^server "slow-hang": timed out after 1.5s/)
    expect(out[0].error?.stderrTail).toBe('probe-hang: started, will never answer')
    expect(out[1].result?.manifest.tools).toHaveLength(5)
    expect(out[2].result?.handshake).toBe('discover')
    expect(out[3].error?.message).toMatch(/not JSON/)
    expect(out[3].error?.hint).toMatch(/stderr/)
    expect(out[4].result?.manifest.tools.map((t) => t.name)).toContain('send_email')
    expect(events.filter((e) => e.state === 'start')).toHaveLength(5)
    // Three start at once; the hang holds one slot for its whole timeout while the others go through the rest.
    const at = (server: string, state: ProbeProgress['state']) => events.findIndex((e) => e.server === server && e.state === state)
    expect(at('d', 'start')).toBeLessThan(at('slow-hang', 'failed'))
    expect(at('c', 'failed')).toBeLessThan(at('slow-hang', 'failed'))
    expect(events.filter((e) => e.state === 'failed').map((e) => e.server).sort()).toEqual(['c', 'slow-hang'])
    const firstDone = events.findIndex((e) => e.state !== 'start')
    expect(events.slice(0, firstDone).map((e) => e.server)).toEqual(['slow-hang', 'a', 'b'])
  })
})

describe('launches that cannot happen', () => {
  test('remote servers are not probed: callers skip them (canProbe), probeServer refuses them', async () => {
    const remote = {...stdio('remote', ''), command: undefined, transport: 'http' as const, url: 'https://mcp.example.com/mcp'}
    expect(canProbe(remote)).toBe(false)
    expect(canProbe(fixture('probe-hang.mjs'))).toBe(true)
    await expect(probeServer(remote, opts())).rejects.toThrow('server "remote": remote http server at https://mcp.example.com/mcp is not probed: mcp-warden works offline and never connects to remote servers')
  })

  test('an unset referenced variable is an error that names it, before anything is launched', async () => {
    const config = fixture('probe-paginated.mjs', {API_TOKEN: '${WARDEN_TEST_UNSET_TOKEN}', OTHER: '${env:WARDEN_TEST_UNSET_OTHER}', OK: '${WARDEN_TEST_UNSET_DEFAULTED:-fine}'})
    const err = await failure(probeServer(config, opts()))
    expect(err.message).toBe('server "probe-paginated": the launch references "WARDEN_TEST_UNSET_OTHER", "WARDEN_TEST_UNSET_TOKEN", which are not set')
    expect(err.hint).toMatch(/set the variable/)
  })

  test('a VS Code input the probe cannot prompt for is named; values passed as inputs are used', async () => {
    const config = fixture('probe-snoop.mjs', {SNOOP_CANARY_PREFIX: '${input:prefix}'})
    await expect(probeServer(config, opts())).rejects.toThrow('the launch references "input:prefix", which is not set')
    const r = await probeServer(config, opts({inputs: {prefix: 'zzz-'}}))
    expect(r.manifest.tools[0]._meta).toMatchObject({snoop: {names: expect.arrayContaining(['SNOOP_CANARY_PREFIX'])}})
  })
})
