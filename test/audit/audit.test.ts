// The audit log: what it writes, what it masks, how it fails, and how verification finds tampering.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {GENESIS_HASH} from '../../src/audit/chain.js'
import {AuditLog, type AuditEntry} from '../../src/audit/log.js'
import {verifyAuditFile} from '../../src/audit/verify.js'
import {InputError} from '../../src/core/errors.js'

const tmp = () => mkdtempSync(path.join(tmpdir(), 'warden-audit-'))

const entry = (i: number, extra: Partial<AuditEntry['decision']> = {}): AuditEntry => ({
  ts: Date.UTC(2026, 10, 21, 10, 0, i),
  decision: {action: i % 3 === 0 ? 'reject' : 'allow', ruleIds: i % 3 === 0 ? ['tool-denied'] : [], dir: i % 2 ? 'c2s' : 's2c', method: 'tools/call', tool: 'read_file', id: i, bytes: 100 + i, ...extra},
})

async function writeLog(file: string, n: number, from = 1): Promise<AuditLog> {
  const reports: string[] = []
  const log = new AuditLog(file, {server: 'fs', report: (m) => reports.push(m)})
  for (let i = from; i < from + n; i++) log.add(entry(i))
  await log.close()
  expect(reports).toEqual([])
  return log
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n')
const rewrite = (file: string, ls: string[]) => writeFileSync(file, ls.join('\n') + '\n')

describe('audit log', () => {
  it('writes one chained line per decision, with the fields of the brief', async () => {
    const file = path.join(tmp(), 'audit.jsonl')
    const log = await writeLog(file, 5)
    const events = lines(file).map((l) => JSON.parse(l))
    expect(events).toHaveLength(5)
    expect(events[0]).toMatchObject({v: 1, seq: 1, ts: '2026-11-21T10:00:01.000Z', server: 'fs', dir: 'c2s', method: 'tools/call', tool: 'read_file', id: 1, action: 'allow', ruleIds: [], bytes: 101, prevHash: GENESIS_HASH})
    for (let i = 1; i < 5; i++) expect(events[i].prevHash).toBe(events[i - 1].hash)
    expect(log.head).toBe(events[4].hash)
    expect(await verifyAuditFile(file)).toEqual({ok: true, lines: 5, head: events[4].hash})
  })

  it('masks secrets in everything taken from a message', async () => {
    const file = path.join(tmp(), 'audit.jsonl')
    const log = new AuditLog(file, {server: 'fs', report: () => {}})
    log.add(entry(1, {reason: 'result holds ghp_Zq9CanaryToken0000000000000000000042 and AKIAZ7VQCANARY4TEST2', tool: 'AKIAZ7VQCANARY4TEST2', id: 'ghp_Zq9CanaryToken0000000000000000000042'}))
    await log.close()
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('CanaryToken')
    expect(text).not.toContain('CANARY4TEST2')
    expect(text).toContain('ghp_****')
    expect((await verifyAuditFile(file)).ok).toBe(true)
  })

  it('continues the chain of an existing log across sessions', async () => {
    const file = path.join(tmp(), 'audit.jsonl')
    await writeLog(file, 3)
    await writeLog(file, 2, 4)
    const events = lines(file).map((l) => JSON.parse(l))
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect((await verifyAuditFile(file)).ok).toBe(true)
  })

  it('reports a file it cannot write once, and keeps accepting events', async () => {
    const reports: string[] = []
    const log = new AuditLog('/dev/full', {server: 'fs', report: (m) => reports.push(m)})
    for (let i = 1; i <= 50; i++) log.add(entry(i))
    await log.drain()
    for (let i = 51; i <= 60; i++) log.add(entry(i))
    await log.close()
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^cannot write the audit log \/dev\/full: ENOSPC; forwarding goes on without it\n {2}hint: /)
  })

  it('reports a folder it cannot create a file in', async () => {
    const reports: string[] = []
    const log = new AuditLog(path.join(tmp(), 'no/such/folder/audit.jsonl'), {server: 'fs', report: (m) => reports.push(m)})
    log.add(entry(1))
    await log.close()
    expect(reports).toHaveLength(1)
    expect(reports[0]).toContain('ENOENT')
  })

  it('writes what is queued synchronously on flushSync (the path of an unplanned exit)', async () => {
    const file = path.join(tmp(), 'audit.jsonl')
    const log = new AuditLog(file, {server: 'fs', report: () => {}})
    for (let i = 1; i <= 3; i++) log.add(entry(i))
    log.flushSync()
    expect(lines(file)).toHaveLength(3)
    await log.close()
  })
})

describe('verifyAuditFile', () => {
  async function tampered(edit: (ls: string[]) => string[]) {
    const file = path.join(tmp(), 'audit.jsonl')
    await writeLog(file, 6)
    rewrite(file, edit(lines(file)))
    return verifyAuditFile(file)
  }

  it('names the line after a removed one', async () => {
    const r = await tampered((ls) => ls.filter((_, i) => i !== 2))
    expect(r).toMatchObject({ok: false, firstBad: 3})
    expect(r.reason).toContain('removed, inserted or reordered')
  })

  it('catches a removed first line', async () => {
    expect(await tampered((ls) => ls.slice(1))).toMatchObject({ok: false, firstBad: 1})
  })

  it('names a changed line, even when the change keeps it valid JSON', async () => {
    const r = await tampered((ls) => ls.map((l, i) => (i === 3 ? l.replace('"action":"allow"', '"action":"reject"') : l)))
    expect(r).toMatchObject({ok: false, firstBad: 4})
    expect(r.reason).toContain('line 4 was changed')
  })

  it('catches a changed line whose hash was recomputed, at the next line', async () => {
    const {eventHash} = await import('../../src/audit/chain.js')
    const r = await tampered((ls) =>
      ls.map((l, i) => {
        if (i !== 1) return l
        const e = JSON.parse(l)
        e.action = 'allow'
        e.ruleIds = []
        e.tool = 'harmless'
        e.hash = eventHash(e)
        return JSON.stringify(e)
      }),
    )
    expect(r).toMatchObject({ok: false, firstBad: 3})
  })

  it('names an inserted line', async () => {
    const r = await tampered((ls) => [...ls.slice(0, 2), ls[1], ...ls.slice(2)])
    expect(r).toMatchObject({ok: false, firstBad: 3})
  })

  it('names the first of two swapped lines', async () => {
    const r = await tampered((ls) => [ls[0], ls[2], ls[1], ...ls.slice(3)])
    expect(r).toMatchObject({ok: false, firstBad: 2})
  })

  it('names a line that is not JSON', async () => {
    const r = await tampered((ls) => [...ls.slice(0, 4), '{"seq":5', ...ls.slice(5)])
    expect(r).toMatchObject({ok: false, firstBad: 5, reason: 'line 5 is not valid JSON'})
  })

  it('catches a log cut short against the head kept elsewhere', async () => {
    const file = path.join(tmp(), 'audit.jsonl')
    const log = await writeLog(file, 4)
    expect((await verifyAuditFile(file, {expectHead: log.head})).ok).toBe(true)
    rewrite(file, lines(file).slice(0, 3))
    expect((await verifyAuditFile(file)).ok).toBe(true)
    expect(await verifyAuditFile(file, {expectHead: log.head})).toMatchObject({ok: false, firstBad: 4})
  })

  it('accepts an empty log and refuses a missing one as a usage error', async () => {
    const dir = tmp()
    writeFileSync(path.join(dir, 'empty.jsonl'), '')
    expect(await verifyAuditFile(path.join(dir, 'empty.jsonl'))).toEqual({ok: true, lines: 0, head: GENESIS_HASH})
    await expect(verifyAuditFile(path.join(dir, 'missing.jsonl'))).rejects.toThrow(InputError)
  })
})
