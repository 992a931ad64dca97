// Whole sessions through `wrap` with the real pipeline and the misbehaving fixture servers: what the
// client gets, what the audit log says, and that the recording, run through the pipeline again,
// reaches the same decisions as the live session did.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {verifyAuditFile} from '../../src/audit/verify.js'
import {createPipeline} from '../../src/pipeline/create.js'
import {loadPolicy} from '../../src/policy/load.js'
import {DENY_CODES} from '../../src/pipeline/types.js'
import {runCli} from '../helpers/cli.js'
import {server, wrapProcess, type Json, type WrapProcess} from './helpers.js'

const node = process.execPath
let procs: WrapProcess[] = []
afterEach(() => {
  for (const w of procs) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
  procs = []
})

async function session(fixture: string, drive: (w: WrapProcess) => Promise<void>, policyText?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-session-'))
  const audit = path.join(dir, 'audit.jsonl')
  const trace = path.join(dir, 'trace.jsonl')
  const policy = path.join(dir, 'mcp-warden.yaml')
  writeFileSync(policy, policyText ?? '{}\n')
  const w = wrapProcess(['--name', 'fx', '--policy', policy, '--audit', audit, '--record', trace, '--', node, server(fixture)])
  procs.push(w)
  await w.peer.initialize()
  await drive(w)
  w.child.stdin.end()
  expect(await w.exit).toEqual({code: 0, signal: null})
  return {w, audit, trace, policy, events: readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json)}
}

/** The recording through a fresh pipeline, each message as its original bytes (cut out of the trace line). */
function replayDecisions(trace: string, policyFile: string) {
  const pipeline = createPipeline({server: 'fx', policy: loadPolicy(policyFile).policy})
  return readFileSync(trace, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      const e = JSON.parse(line) as Json
      const raw = typeof e.msg === 'string' ? Buffer.from(e.msg) : Buffer.from(line.slice(line.indexOf('"msg":') + 6, -1))
      const d = pipeline.process({dir: e.dir, raw, ts: Date.parse(e.ts), line: i + 1})
      return {dir: d.dir, action: d.action, ruleIds: d.ruleIds}
    })
}

const live = (events: Json[]) => events.map((e) => ({dir: e.dir, action: e.action, ruleIds: e.ruleIds}))

describe('sessions through wrap', () => {
  it('redacts a leaked key, flags PII, drops garbage, and replays to the same decisions', async () => {
    const {w, audit, trace, policy, events} = await session('runtime-leak.mjs', async (w) => {
      const config = await w.peer.request('tools/call', {name: 'get_config', arguments: {}})
      const text: string = config.result.content[0].text
      expect(text).toContain('region=eu-west-1')
      expect(text).not.toContain('AKIAZ7VQCANARY4TEST2')
      expect(text).not.toContain('ghp_Zq9CanaryToken0000000000000000000042')
      const customer = await w.peer.request('tools/call', {name: 'get_customer', arguments: {customer: 'c-1'}})
      expect(customer.result.content[0].text).toContain('4111 1111 1111 1111')
      w.peer.send('{"jsonrpc":"2.0","id":99,"method":\n')
      expect((await w.peer.waitFor((m) => m.id === 99)).error.code).toBe(DENY_CODES.parse)
    })
    expect(w.stderr()).not.toContain('CanaryToken')
    expect(readFileSync(audit, 'utf8')).not.toContain('CanaryToken')
    expect(events.find((e) => e.tool === 'get_config' && e.dir === 's2c')).toMatchObject({action: 'redact', ruleIds: ['secret-in-message']})
    expect(events.find((e) => e.tool === 'get_customer' && e.dir === 's2c')).toMatchObject({action: 'flag', ruleIds: ['pii-in-message']})
    expect(await verifyAuditFile(audit)).toMatchObject({ok: true, lines: events.length})
    // The recording keeps what the server sent, before redaction, except the secrets themselves: each
    // is replaced by a stand-in of the same kind, so replay still meets (and redacts) a key there.
    const recorded = readFileSync(trace, 'utf8')
    expect(recorded).not.toContain('AKIAZ7VQCANARY4TEST2')
    expect(recorded).not.toContain('CanaryToken')
    expect(recorded).toMatch(/AKIA[0-9A-Z]{16}/)
    expect(replayDecisions(trace, policy)).toEqual(live(events))
    // And through the CLI: `replay` of the recording names the same messages (its line is the audit's seq).
    const replay = runCli(['replay', trace, '--policy', policy, '--format', 'json', '--fail-on', 'none'])
    expect(replay.code, replay.stderr).toBe(0)
    const replayed = (JSON.parse(replay.stdout) as Json).decisions.filter((d: Json) => d.action !== 'allow').map((d: Json) => [d.line, d.dir, d.action, d.ruleIds])
    expect(replayed).toEqual(events.filter((e) => e.action !== 'allow').map((e) => [e.seq, e.dir, e.action, e.ruleIds]))
  })

  it('rejects a result carrying a prompt injection', async () => {
    // An open-world tool (it fetches pages) needs more trust than the default.
    const {events, trace, policy} = await session(
      'runtime-injection.mjs',
      async (w) => {
        const r = await w.peer.request('tools/call', {name: 'fetch_page', arguments: {url: 'https://example.com'}})
        expect(r.error.code).toBe(DENY_CODES.content)
        expect(w.peer.bytes.toString()).not.toContain('id_rsa')
      },
      'servers:\n  fx:\n    trust: verified\n',
    )
    expect(events.find((e) => e.tool === 'fetch_page' && e.dir === 's2c')).toMatchObject({action: 'reject'})
    expect(replayDecisions(trace, policy)).toEqual(live(events))
  })

  it('hides a tool the server changed in the middle of the session', async () => {
    const {events, trace, policy} = await session('runtime-rugpull.mjs', async (w) => {
      const first = await w.peer.request('tools/list')
      expect(first.result.tools.map((t: Json) => t.name)).toEqual(['add'])
      expect((await w.peer.request('tools/call', {name: 'add', arguments: {a: 1, b: 2}})).result.content[0].text).toBe('3')
      await w.peer.waitFor((m) => m.method === 'notifications/tools/list_changed')
      const second = await w.peer.request('tools/list')
      expect(second.result.tools.map((t: Json) => t.name)).not.toContain('add')
      const call = await w.peer.request('tools/call', {name: 'add', arguments: {a: 1, b: 2}})
      expect(call.error.code).toBe(DENY_CODES.integrity)
    })
    expect(events.filter((e) => e.ruleIds.includes('listing-changed')).length).toBeGreaterThanOrEqual(2)
    expect(replayDecisions(trace, policy)).toEqual(live(events))
  })
})
