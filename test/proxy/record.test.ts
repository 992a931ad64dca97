// The recording's contract with the trace reader: what `wrap --record` writes, `replay` reads back
// as the same bytes, in the same order, with the same times.
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {readTraceItems, type TraceItem} from '../../src/trace/read.js'
import {TraceRecorder} from '../../src/trace/record.js'

describe('TraceRecorder', () => {
  it('writes DESIGN.md trace lines that the reader turns back into the original bytes', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'warden-record-')), 'trace.jsonl')
    const reports: string[] = []
    const rec = new TraceRecorder(file, {server: 'fs "main"', report: (m) => reports.push(m)})
    const messages: Array<[number, 'c2s' | 's2c', string, boolean]> = [
      [Date.UTC(2026, 10, 21, 10, 0, 0, 5), 'c2s', '{ "jsonrpc":"2.0", "id":1, "method":"tools/list" }', true],
      [Date.UTC(2026, 10, 21, 10, 0, 0, 9), 's2c', '{"jsonrpc":"2.0","id":1,"result":{"tools":[],"x":"caf\\u00e9 é"}}', true],
      [Date.UTC(2026, 10, 21, 10, 0, 1), 's2c', 'DEBUG: not a message "quoted" \\ back', false],
      [Date.UTC(2026, 10, 21, 10, 0, 2), 'c2s', '{"jsonrpc":"2.0","method":"notifications/initialized"}', false],
    ]
    for (const [ts, dir, text, json] of messages) rec.add(ts, dir, Buffer.from(text), json)
    await rec.close()
    expect(reports).toEqual([])
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('{"ts":"2026-11-21T10:00:00.005Z","server":"fs \\"main\\"","dir":"c2s","msg":{ "jsonrpc":"2.0", "id":1, "method":"tools/list" }}')
    expect(JSON.parse(lines[2]).msg).toBe('DEBUG: not a message "quoted" \\ back')
    const items: TraceItem[] = []
    for await (const item of readTraceItems(file)) items.push(item)
    expect(items.map((i) => (i.type === 'event' ? [i.line, i.dir, i.ts, i.server, i.raw.toString()] : i))).toEqual(
      messages.map(([ts, dir, text], n) => [n + 1, dir, ts, 'fs "main"', text]),
    )
  })
})
