// The trace reader: events with their original message bytes and line numbers, malformed lines
// reported and passed over, any chunking, CRLF, over-long lines, Claude Desktop logs, and flat memory
// on a large generated trace (checked loosely: a heap too small for a trace held in memory).
import {mkdtempSync, rmSync, writeFileSync, createWriteStream} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {LineSplitter, parseEvent, readTraceItems, skipValue, type TraceItem} from '../../src/trace/read.js'
import {FIXTURES, runCli} from '../helpers/cli.js'

const ev = (o: Record<string, unknown>) => JSON.stringify({ts: '2026-11-21T10:00:00.000Z', server: 'fs', dir: 'c2s', ...o})
const MSG = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
const parse = (line: string) => parseEvent(Buffer.from(line), 7)
const shape = (items: TraceItem[]) => items.map((i) => (i.type === 'event' ? `${i.line} ${i.server ?? '-'} ${i.dir} ${i.ts} ${i.raw.toString()}` : `${i.line} problem: ${i.reason}`))

describe('trace events', () => {
  it('keeps the message bytes exactly as recorded, in any key order, with unknown keys', () => {
    const spaced = '{ "jsonrpc" : "2.0" , "id" : 1 , "method" : "tools/list" }'
    const e = parse(`{"dir":"s2c","msg":${spaced},"seq":5,"ts":"2026-11-21T10:00:00.250Z","server":"w\\u00e9b"}`)
    expect(e).toMatchObject({type: 'event', line: 7, dir: 's2c', server: 'wéb', ts: Date.parse('2026-11-21T10:00:00.250Z')})
    expect(e.type === 'event' && e.raw.toString()).toBe(spaced)
  })

  it('reads a message recorded as a JSON string (a line that was not JSON) as its text', () => {
    const e = parse(ev({msg: 'not json {'}))
    expect(e.type === 'event' && e.raw.toString()).toBe('not json {')
  })

  it('takes numeric times in ms and times with offsets', () => {
    expect(parse(`{"ts":1795000000000,"dir":"c2s","msg":${MSG}}`)).toMatchObject({ts: 1795000000000})
    expect(parse(ev({ts: '2026-11-21T11:00:00+01:00', msg: {}}))).toMatchObject({ts: Date.parse('2026-11-21T10:00:00.000Z')})
  })

  it('reports what is wrong with a line that is not an event', () => {
    const cases: Record<string, string> = {
      'hello': 'not a JSON object',
      '{}': 'event has no "ts", "dir" or "msg"',
      [ev({ts: 'yesterday', msg: {}})]: '"ts" is not an ISO-8601 time: "yesterday"',
      [ev({ts: '2026-13-45T10:00:00Z', msg: {}})]: '"ts" is not an ISO-8601 time: "2026-13-45T10:00:00Z"',
      [ev({dir: 'up', msg: {}})]: '"dir" must be "c2s" or "s2c", not "up"',
      [JSON.stringify({ts: '2026-11-21T10:00:00Z', msg: {}})]: 'event has no "dir"',
      [JSON.stringify({dir: 'c2s', msg: {}})]: 'event has no "ts"',
      [ev({})]: 'event has no "msg"',
      [`{"ts":"2026-11-21T10:00:00Z","dir":"c2s","msg":{"jsonrpc":"2.0"`]: 'not JSON: the value of "msg" is cut off',
      [`${ev({msg: {}})} trailing`]: 'not JSON: text after the event object',
      ['{"ts" "x"}']: 'not JSON: expected ":"',
      ['{"ts":"2026-11-21T10:00:00Z" "dir":"c2s"}']: 'not JSON: expected "," or "}"',
    }
    for (const [line, reason] of Object.entries(cases)) expect(parse(line), line).toEqual({type: 'problem', line: 7, reason})
  })

  it('skips over values with nested strings, escapes and brackets inside strings', () => {
    const b = Buffer.from('{"a":"x\\"}]","b":[1,{"c":"\\\\"}]} tail')
    expect(b.toString('utf8', 0, skipValue(b, 0))).toBe('{"a":"x\\"}]","b":[1,{"c":"\\\\"}]}')
    expect(skipValue(Buffer.from('"abc'), 0)).toBe(-1)
    expect(skipValue(Buffer.from('123,'), 0)).toBe(3)
  })
})

describe('line splitting', () => {
  const trace = [ev({msg: JSON.parse(MSG)}), '', 'garbage', ev({dir: 's2c', msg: {jsonrpc: '2.0', id: 1, result: {tools: [{name: 'ä'}]}}}), ev({msg: JSON.parse(MSG)})].join('\r\n')

  it('gives the same items whatever the chunk size, CRLF or not, with or without a final newline', () => {
    const whole = shape(new LineSplitter().push(Buffer.from(trace + '\n')))
    expect(whole).toHaveLength(4)
    expect(whole[1]).toBe('3 problem: not a JSON object')
    const bytes = Buffer.from(trace)
    for (let size = 1; size <= 40; size++) {
      const s = new LineSplitter()
      const items: TraceItem[] = []
      for (let i = 0; i < bytes.length; i += size) items.push(...s.push(bytes.subarray(i, i + size)))
      items.push(...s.end())
      expect(shape(items), `chunks of ${size}`).toEqual(whole)
    }
  })

  it('reports an over-long line once, without holding it, and goes on', () => {
    const s = new LineSplitter({maxLineBytes: 100})
    const long = ev({msg: {jsonrpc: '2.0', method: 'x', params: {t: 'a'.repeat(500)}}})
    const items = [...s.push(Buffer.from(long.slice(0, 150))), ...s.push(Buffer.from(long.slice(150) + '\n' + ev({msg: {}}) + '\n')), ...s.end()]
    expect(shape(items)).toEqual(['1 problem: line is longer than 100 bytes and was skipped', `2 fs c2s ${Date.parse('2026-11-21T10:00:00.000Z')} {}`])
  })

  it('reads from a stream (standard input) as well as a file', async () => {
    const items: TraceItem[] = []
    for await (const i of readTraceItems(Readable.from([Buffer.from(trace.slice(0, 30)), Buffer.from(trace.slice(30))]))) items.push(i)
    expect(shape(items)).toEqual(shape(new LineSplitter().push(Buffer.from(trace + '\n'))))
  })

  it('fails with a usage error naming the file when it cannot be read', async () => {
    await expect(readTraceItems('/nonexistent/trace.jsonl').next()).rejects.toMatchObject({name: 'InputError', message: 'cannot read trace: no such file'})
    await expect(readTraceItems(FIXTURES).next()).rejects.toMatchObject({message: 'cannot read trace: is a folder, not a file'})
  })
})

describe('Claude Desktop logs', () => {
  it('detects the format and reads the messages, passing over the other log lines', async () => {
    const items: TraceItem[] = []
    for await (const i of readTraceItems(path.join(FIXTURES, 'traces/claude/mcp-server-filesystem.log'))) items.push(i)
    expect(items.every((i) => i.type === 'event')).toBe(true)
    expect(items.map((i) => `${i.line} ${i.type === 'event' ? i.dir : ''}`)).toEqual(['4 c2s', '7 s2c', '8 c2s', '9 c2s', '10 s2c', '11 c2s', '12 s2c', '13 c2s', '14 s2c', '15 c2s', '16 s2c'])
    const first = items[0]
    expect(first).toMatchObject({server: 'filesystem', ts: Date.parse('2026-11-21T09:30:00.500Z')})
    // The ` { metadata: undefined }` Claude appends is not part of the message.
    expect(first.type === 'event' && JSON.parse(first.raw.toString())).toMatchObject({method: 'initialize', id: 0})
  })
})

describe('format detection', () => {
  const log = ['Secure MCP Filesystem Server running on stdio', `2026-11-21T09:30:00.500Z [fs] [info] Message from client: ${MSG} { metadata: undefined }`, 'Error: read ECONNRESET'].join('\n') + '\n'

  it('a .log file is a Claude log even when it starts with a line of stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-warden-log-'))
    try {
      writeFileSync(path.join(dir, 'mcp-server-fs.log'), log)
      const items: TraceItem[] = []
      for await (const i of readTraceItems(path.join(dir, 'mcp-server-fs.log'))) items.push(i)
      expect(shape(items)).toEqual([`2 fs c2s ${Date.parse('2026-11-21T09:30:00.500Z')} ${MSG}`])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('on a stream, the first decisive line sets the format; what came before is reported', async () => {
    const items: TraceItem[] = []
    for await (const i of readTraceItems(Readable.from([Buffer.from(log)]))) items.push(i)
    expect(shape(items)).toEqual(['1 problem: not a JSON object', `2 fs c2s ${Date.parse('2026-11-21T09:30:00.500Z')} ${MSG}`])
  })
})

describe('a large trace', () => {
  it('streams with flat memory: replays 128 MB with a 32 MB heap', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-warden-read-'))
    const file = path.join(dir, 'large.jsonl')
    try {
      const out = createWriteStream(file)
      const text = 'lorem ipsum dolor sit amet '.repeat(20)
      let bytes = 0
      let lines: string[] = []
      for (let i = 0; bytes < 128 * 1024 * 1024; i++) {
        const line = ev({ts: new Date(1_800_000_000_000 + i).toISOString(), dir: i % 2 ? 's2c' : 'c2s', msg: i % 2 ? {jsonrpc: '2.0', id: i - 1, result: {content: [{type: 'text', text}]}} : {jsonrpc: '2.0', id: i, method: 'ping'}}) + '\n'
        bytes += line.length
        lines.push(line)
        if (lines.length === 10_000) {
          if (!out.write(lines.join(''))) await new Promise<void>((r) => out.once('drain', () => r()))
          lines = []
        }
      }
      await new Promise<void>((r) => out.end(lines.join(''), () => r()))
      // Content scanning off: this is about the reader and the pipeline's state, not the rules. With
      // memory that grew with the trace (a decision kept per message, a line buffer never released),
      // 330,000 messages would not fit a 32 MB heap, and the process would die. (NODE_ENV=test makes
      // oclif load more at start-up than a user's run does.)
      writeFileSync(path.join(dir, 'policy.yaml'), 'actions:\n  injection: allow\n  secrets: allow\n  pii: allow\n  hidden: allow\n')
      const r = runCli(['replay', file, '--policy', path.join(dir, 'policy.yaml'), '--format', 'json', '--fail-on', 'none'], {env: {NODE_OPTIONS: '--max-old-space-size=32', NODE_ENV: undefined}})
      expect(r.code, r.stderr.slice(0, 500)).toBe(0)
      expect(JSON.parse(r.stdout).summary.messages).toBeGreaterThan(330_000)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
