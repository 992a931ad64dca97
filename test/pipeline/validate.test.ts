// Stage 1 in isolation: what is refused before anything reads the message, and why.
import {describe, expect, it} from 'vitest'
import {exceedsDepth, validate} from '../../src/pipeline/validate.js'

const v = (text: string | Buffer, max = 1 << 20, depth = 64) => validate(Buffer.isBuffer(text) ? text : Buffer.from(text), max, depth)

describe('framing and input validation', () => {
  it('classifies requests, notifications and responses', () => {
    expect(v('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toMatchObject({ok: true, msg: {kind: 'request', id: 1, method: 'tools/list'}})
    expect(v('{"jsonrpc":"2.0","method":"notifications/initialized"}')).toMatchObject({ok: true, msg: {kind: 'notification'}})
    expect(v('{"jsonrpc":"2.0","id":"a","result":{}}')).toMatchObject({ok: true, msg: {kind: 'response', id: 'a'}})
    expect(v('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}')).toMatchObject({ok: true, msg: {kind: 'response', id: null}})
    // CRLF framing leaves a carriage return, which is JSON whitespace.
    expect(v('{"jsonrpc":"2.0","id":1,"result":{}}\r')).toMatchObject({ok: true})
  })

  it('refuses a message over the size limit without parsing it, and still finds a leading id', () => {
    const big = `{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"x":"${'a'.repeat(2000)}"}}`
    expect(v(big, 1000)).toEqual({ok: false, reason: `message of ${big.length} bytes is larger than the limit of 1000 bytes`, id: 42, request: true, problem: 'limit'})
    expect(v(`{"jsonrpc":"2.0","result":{"id":7,"x":"${'a'.repeat(2000)}"},"id":3}`, 1000)).not.toHaveProperty('id')
  })

  it('refuses invalid UTF-8 and names the offset', () => {
    const bad = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","method":"x","params":{"t":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')])
    expect(v(bad)).toMatchObject({ok: false, reason: 'message is not valid UTF-8 (first bad byte at offset 45)'})
  })

  it('refuses raw control characters and names the byte', () => {
    expect(v('{"jsonrpc":"2.0","method":"x","params":{"t":"a\u001bb"}}')).toMatchObject({ok: false, reason: 'message holds a raw control character 0x1b at offset 46'})
  })

  it('refuses what is not JSON without echoing the input', () => {
    const r = v('hello AKIAIOSFODNN7EXAMPLE')
    expect(r).toMatchObject({ok: false})
    expect(r.ok ? '' : r.reason).toBe('message is not JSON')
    expect(v('{"jsonrpc":"2.0","id":5,"method":"tools/li')).toMatchObject({ok: false, reason: 'message is not JSON (it ends early)', id: 5, request: true})
    expect(v('{"jsonrpc":"2.0","method":"a" x}')).toMatchObject({ok: false, reason: 'message is not JSON (at character 30)'})
    expect(v('{"id":5,"method":"tools/call", oops}')).toMatchObject({ok: false, id: 5, request: true})
  })

  it('refuses nesting deeper than the limit, however deep, without recursion', () => {
    const deep = (n: number) => `{"jsonrpc":"2.0","id":1,"result":${'['.repeat(n)}${']'.repeat(n)}}`
    expect(v(deep(63))).toMatchObject({ok: true})
    expect(v(deep(64))).toMatchObject({ok: false, reason: 'message is nested deeper than 64 levels', id: 1})
    expect(v(deep(500_000), 4 << 20)).toMatchObject({ok: false, reason: 'message is nested deeper than 64 levels'})
    expect(exceedsDepth({a: [{b: {c: 1}}]}, 4)).toBe(false)
    expect(exceedsDepth({a: [{b: {c: {}}}]}, 4)).toBe(true)
  })

  it('refuses what is JSON but not a JSON-RPC 2.0 message', () => {
    const reasons: Record<string, string> = {
      '[{"jsonrpc":"2.0","id":1,"method":"a"}]': 'message is a JSON array: JSON-RPC batches are not part of MCP since 2025-06-18',
      'null': 'message is a JSON null, not a JSON-RPC object',
      '"text"': 'message is a JSON string, not a JSON-RPC object',
      '{"id":1,"method":"a"}': 'message is not JSON-RPC 2.0: "jsonrpc" must be "2.0"',
      '{"jsonrpc":"2.0","id":1,"method":7}': '"method" must be a string',
      '{"jsonrpc":"2.0","id":{"a":1},"method":"a"}': 'a request "id" must be a string or a number',
      '{"jsonrpc":"2.0","id":1,"method":"a","params":3}': '"params" must be an object',
      '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}': 'a response cannot carry both "result" and "error"',
      '{"jsonrpc":"2.0","id":1}': 'a response needs "result" or "error"',
      '{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}': '"error" must be an object with an integer "code" and a string "message"',
      '{"jsonrpc":"2.0"}': 'message has neither "method" nor "id": not a request, notification or response',
    }
    for (const [text, reason] of Object.entries(reasons)) expect(v(text), text).toMatchObject({ok: false, reason})
  })
})
