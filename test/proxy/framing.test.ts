// Newline framing on raw bytes: chunking must not change what comes out, and an oversized line
// must not be held.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {LineSplitter} from '../../src/proxy/framing.js'

interface Seen {
  lines: string[]
  frames: string[]
  oversize: Array<{head: string; tail: string; bytes: number}>
}

function collect(max = 1024): {s: LineSplitter; seen: Seen} {
  const seen: Seen = {lines: [], frames: [], oversize: []}
  const s = new LineSplitter(max, {
    line: (raw, frame) => {
      seen.lines.push(raw.toString('latin1'))
      seen.frames.push(frame.toString('latin1'))
    },
    oversize: (head, tail, bytes) => seen.oversize.push({head: head.toString('latin1'), tail: tail.toString('latin1'), bytes}),
  })
  return {s, seen}
}

function feed(s: LineSplitter, text: string, sizes: number[]): void {
  const buf = Buffer.from(text, 'latin1')
  let at = 0
  let i = 0
  while (at < buf.length) {
    const n = Math.max(1, sizes.length > 0 ? sizes[i++ % sizes.length] : buf.length)
    s.push(buf.subarray(at, at + n))
    at += n
  }
}

describe('LineSplitter', () => {
  it('splits a chunk holding several messages and keeps each terminator in the frame', () => {
    const {s, seen} = collect()
    s.push(Buffer.from('{"a":1}\n{"b":2}\r\n{"c":3}\n'))
    expect(seen.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}'])
    expect(seen.frames).toEqual(['{"a":1}\n', '{"b":2}\r\n', '{"c":3}\n'])
  })

  it('joins a message split into 1-byte chunks, including a CRLF split between chunks', () => {
    const {s, seen} = collect()
    feed(s, '{"jsonrpc":"2.0","id":7,"method":"ping"}\r\n{"x":"é"}\n', [1])
    expect(seen.lines).toEqual(['{"jsonrpc":"2.0","id":7,"method":"ping"}', '{"x":"é"}'])
    expect(seen.frames[0].endsWith('\r\n')).toBe(true)
  })

  it('skips blank and whitespace-only lines but not lines with content', () => {
    const {s, seen} = collect()
    s.push(Buffer.from('\n\r\n  \t\n{}\n x\n'))
    expect(seen.lines).toEqual(['{}', ' x'])
  })

  it('hands out views into the chunk when a line fits in it (no copy)', () => {
    const chunk = Buffer.from('{"a":1}\n')
    let raw: Buffer | undefined
    const s = new LineSplitter(100, {line: (r) => (raw = r), oversize: () => {}})
    s.push(chunk)
    expect(raw?.buffer).toBe(chunk.buffer)
  })

  it('keeps an unterminated tail until its newline, and reports it at the end', () => {
    const {s, seen} = collect()
    s.push(Buffer.from('{"a":1}\n{"b"'))
    expect(seen.lines).toEqual(['{"a":1}'])
    expect(s.buffered).toBe(4)
    expect(s.end()).toBe(4)
    expect(s.buffered).toBe(0)
  })

  it('discards a line over the limit as it streams, keeping only its ends, and goes on after it', () => {
    const {s, seen} = collect(64)
    const big = '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"x":"' + 'y'.repeat(100_000) + '"}}'
    s.push(Buffer.from('{"ok":1}\n'))
    for (let i = 0; i < big.length; i += 1000) {
      s.push(Buffer.from(big.slice(i, i + 1000)))
      expect(s.buffered).toBeLessThanOrEqual(big.length)
    }
    s.push(Buffer.from('\r\n{"ok":2}\n'))
    expect(seen.lines).toEqual(['{"ok":1}', '{"ok":2}'])
    expect(seen.oversize).toHaveLength(1)
    expect(seen.oversize[0].bytes).toBe(big.length)
    expect(seen.oversize[0].head.startsWith('{"jsonrpc":"2.0","id":9')).toBe(true)
    expect(seen.oversize[0].tail.endsWith('"}}')).toBe(true)
  })

  it('holds at most the limit while discarding (memory stays bounded)', () => {
    let held = 0
    const s = new LineSplitter(1000, {line: () => {}, oversize: () => {}})
    for (let i = 0; i < 1000; i++) {
      s.push(Buffer.alloc(4096, 0x61))
      // Internal state: parts are dropped once over the limit; only the counter grows.
      held = Math.max(held, (s as unknown as {pending: number}).pending)
    }
    expect(held).toBeLessThanOrEqual(1001)
    expect(s.buffered).toBe(4096 * 1000)
  })

  it('rejects a complete line over the limit that arrived in one chunk', () => {
    const {s, seen} = collect(10)
    s.push(Buffer.from('{"id":1,"x":"0123456789"}\n{}\n'))
    expect(seen.oversize.map((o) => o.bytes)).toEqual([25])
    expect(seen.lines).toEqual(['{}'])
  })

  it('gives the same lines and frames however the bytes are chunked', () => {
    const line = fc.string({unit: fc.constantFrom('a', '{', '"', ' ', 'é', '\r'), maxLength: 40}).filter((l) => l.trim().replaceAll('\r', '') !== '' && !l.endsWith('\r'))
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean()), {maxLength: 20}), fc.array(fc.integer({min: 1, max: 17}), {minLength: 1, maxLength: 8}), (items, sizes) => {
        const text = items.map(([l, crlf]) => l + (crlf ? '\r\n' : '\n')).join('')
        const whole = collect(10_000)
        whole.s.push(Buffer.from(text, 'latin1'))
        const chunked = collect(10_000)
        feed(chunked.s, text, sizes)
        expect(chunked.seen).toEqual(whole.seen)
        expect(whole.seen.frames.join('')).toBe(text)
      }),
    )
  })
})
