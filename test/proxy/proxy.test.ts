// The proxy in process, between stream pairs and real fixture servers, driven by a test pipeline:
// byte identity, decisions, garbage, limits, a server that dies, shutdown and backpressure.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {DENY_CODES} from '../../src/pipeline/types.js'
import {alive, proxyInProcess, readPids, server, testPipeline, waitUntil, type InProcess, type Json} from './helpers.js'

const node = process.execPath
let running: InProcess[] = []
const start = (...a: Parameters<typeof proxyInProcess>) => {
  const p = proxyInProcess(...a)
  running.push(p)
  return p
}
afterEach(async () => {
  for (const p of running) {
    p.proxy.signal('SIGKILL')
    await p.proxy.done
  }
  running = []
})
const tmp = () => mkdtempSync(path.join(tmpdir(), 'warden-proxy-'))

// Varied but valid JSON-RPC, written the way different clients write it: spacing, key order,
// escapes, raw UTF-8, CRLF. A re-serializing proxy changes several of these.
const VARIED = [
  '{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
  '{ "method" : "x/echo", "params" : { "text" : "caf\\u00e9 \\"quoted\\" \\\\ \\/" }, "id" : "s-2", "jsonrpc" : "2.0" }\n',
  '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1.50,"total":1e2}}\r\n',
  '{"jsonrpc":"2.0","id":3,"method":"x/echo","params":{"text":"漢字 and emoji 🎉","n":-0.0,"big":12345678901234567890}}\n',
  '\t{"jsonrpc":"2.0","id":4,"method":"x/echo","params":{"dup":1,"dup":2}}  \n',
]

describe('proxy: byte identity', () => {
  it('delivers to the server exactly the bytes the client sent', async () => {
    const dir = tmp()
    const got = path.join(dir, 'received.bin')
    const p = start({command: node, args: [server('runtime-tee.mjs'), got]})
    const sent: string[] = []
    for (let i = 0; i < 40; i++) sent.push(VARIED[i % VARIED.length].replace(/"id":(\d+)/, `"id":${i + 100}`))
    const all = Buffer.from(sent.join(''))
    // Half in one write (many messages a chunk), the rest in odd-sized pieces (messages across chunks).
    const half = all.indexOf(10, all.length >> 1) + 1
    p.input.write(all.subarray(0, half))
    for (let at = half; at < all.length; at += 37) p.input.write(all.subarray(at, at + 37))
    p.input.end()
    const result = await p.proxy.done
    expect(result.code).toBe(0)
    expect(readFileSync(got).equals(all)).toBe(true)
  })

  it('delivers to the client exactly the bytes the server sent', async () => {
    const dir = tmp()
    const script = path.join(dir, 'script.jsonl')
    const text = VARIED.filter((l) => !l.includes('"id"')).join('') + '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"\\u2028 ok"}}\r\n'
    writeFileSync(script, text)
    const p = start({command: node, args: [server('runtime-tee.mjs'), path.join(dir, 'got.bin'), script]})
    await p.peer.waitFor((m) => m.method === 'notifications/message')
    p.input.end()
    await p.proxy.done
    expect(p.peer.bytes.toString('utf8')).toBe(text)
  })

  it('hands the pipeline each message without its terminator, numbered in arrival order', async () => {
    const pipeline = testPipeline()
    const p = start({command: node, args: [server('runtime-payload.mjs')], pipeline})
    p.peer.send('{"jsonrpc":"2.0","id":1,"method":"ping"}\r\n')
    await p.peer.waitFor((m) => m.id === 1)
    expect(pipeline.events.map((e) => [e.dir, e.line, e.raw.toString()])).toEqual([
      ['c2s', 1, '{"jsonrpc":"2.0","id":1,"method":"ping"}'],
      ['s2c', 2, '{"jsonrpc":"2.0","id":1,"result":{}}'],
    ])
  })
})

describe('proxy: decisions', () => {
  it('answers a rejected request with the pipeline\'s error and never shows it to the server', async () => {
    const dir = tmp()
    const got = path.join(dir, 'received.bin')
    const pipeline = testPipeline((m) =>
      m.method === 'tools/call' ? {action: 'reject', reason: 'denied', respond: {jsonrpc: '2.0', id: m.id, error: {code: DENY_CODES.policy, message: 'tool denied by policy'}}} : undefined,
    )
    const p = start({command: node, args: [server('runtime-tee.mjs'), got], pipeline})
    const denied = p.peer.request('tools/call', {name: 'delete_everything'})
    const ok = p.peer.request('ping')
    expect((await denied).error).toEqual({code: DENY_CODES.policy, message: 'tool denied by policy'})
    expect((await ok).result).toEqual({})
    p.input.end()
    await p.proxy.done
    expect(readFileSync(got, 'utf8')).not.toContain('delete_everything')
    expect(p.logs.join('\n')).toContain('rejected c2s tools/call "delete_everything" (id 1): denied')
  })

  it('replaces a rejected server result by the error, and forwards a redaction\'s bytes instead of the original', async () => {
    const pipeline = testPipeline((m, e) => {
      if (e.dir !== 's2c' || m.result?.content === undefined) return undefined
      const text: string = m.result.content[0].text
      if (text.startsWith('Customer')) return {action: 'reject', respond: {jsonrpc: '2.0', id: m.id, error: {code: DENY_CODES.content, message: 'pii'}}}
      return {action: 'redact', forward: JSON.stringify({...m, result: {content: [{type: 'text', text: text.replace(/AKIA\w+/, '[REDACTED]')}]}})}
    })
    const p = start({command: node, args: [server('runtime-leak.mjs')], pipeline})
    await p.peer.initialize()
    const config = await p.peer.request('tools/call', {name: 'get_config', arguments: {}})
    expect(config.result.content[0].text).toContain('aws_access_key_id=[REDACTED]')
    const customer = await p.peer.request('tools/call', {name: 'get_customer', arguments: {customer: 'c1'}})
    expect(customer.error).toEqual({code: DENY_CODES.content, message: 'pii'})
    expect(p.peer.bytes.toString()).not.toContain('4111')
  })

  it('keeps every client-bound line whole when answers and forwarded messages mix', async () => {
    const pipeline = testPipeline((m, e) => (e.dir === 'c2s' && m.id % 2 === 0 ? {action: 'reject', respond: {jsonrpc: '2.0', id: m.id, error: {code: DENY_CODES.rateLimit, message: 'slow down'}}} : undefined))
    const p = start({command: node, args: [server('runtime-payload.mjs')], pipeline})
    await p.peer.initialize()
    const answers = await Promise.all(Array.from({length: 200}, (_, i) => p.peer.request('tools/call', {name: 'blob', arguments: {bytes: 3000 + i}})))
    expect(p.peer.garbage).toEqual([])
    const rejected = answers.filter((a) => a.error)
    expect(rejected.length).toBe(100)
    expect(answers.filter((a) => a.result).every((a) => a.result.content[0].text.length >= 3000)).toBe(true)
  })

  it('blocks a message when the pipeline throws, answering the request (fail closed)', async () => {
    const pipeline = testPipeline((m) => {
      if (m.method === 'tools/list') throw new Error('boom')
      return undefined
    })
    const p = start({command: node, args: [server('runtime-payload.mjs')], pipeline})
    const r = await p.peer.request('tools/list')
    expect(r.error.code).toBe(-32603)
    expect(r.error.message).toContain('internal error in the pipeline (boom)')
  })
})

describe('proxy: garbage and limits', () => {
  it('drops the server\'s non-protocol lines and keeps the session going', async () => {
    const p = start({command: node, args: [server('runtime-garbage.mjs')]})
    await p.peer.initialize()
    const r = await p.peer.request('tools/call', {name: 'echo', arguments: {message: 'hi'}})
    expect(r.result.content[0].text).toBe('Echo: hi')
    expect(p.peer.garbage).toEqual([])
    // A JSON object that is not JSON-RPC is the pipeline's call; this one allows it.
    expect(p.peer.messages.some((m) => m.half)).toBe(true)
  })

  it('answers the client\'s garbage with a parse error and does not pass it on', async () => {
    const dir = tmp()
    const got = path.join(dir, 'received.bin')
    const p = start({command: node, args: [server('runtime-tee.mjs'), got]})
    p.peer.send('this is not json\n')
    const err = await p.peer.waitFor((m) => m.error?.code === -32700)
    expect(err.id).toBeNull()
    expect((await p.peer.request('ping')).result).toEqual({})
    p.input.end()
    await p.proxy.done
    expect(readFileSync(got, 'utf8')).toBe('{"jsonrpc":"2.0","id":1,"method":"ping"}\n')
  })

  it('rejects a client request over the size limit without buffering it, answering its id', async () => {
    const dir = tmp()
    const got = path.join(dir, 'received.bin')
    const p = start({command: node, args: [server('runtime-tee.mjs'), got], maxMessageBytes: 64 * 1024})
    const id = 77
    p.peer.send(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"size","arguments":{"data":"`)
    for (let i = 0; i < 64; i++) p.peer.send('x'.repeat(16 * 1024))
    p.peer.send(`"}},"id":${id}}\n{"jsonrpc":"2.0","id":78,"method":"ping"}\n`)
    const err = await p.peer.waitFor((m) => m.id === id)
    expect(err.error.code).toBe(DENY_CODES.invalid)
    expect(err.error.message).toMatch(/^a message from the client is 1048\d{3} bytes, over the limit of 65536/)
    await p.peer.waitFor((m) => m.id === 78)
    p.input.end()
    await p.proxy.done
    expect(readFileSync(got, 'utf8')).toBe('{"jsonrpc":"2.0","id":78,"method":"ping"}\n')
  })

  it('turns a server answer over the limit into an error for the request that asked for it', async () => {
    const p = start({command: node, args: [server('runtime-payload.mjs')], maxMessageBytes: 100_000})
    const big = await p.peer.request('tools/call', {name: 'blob', arguments: {bytes: 500_000}})
    expect(big.error.code).toBe(DENY_CODES.invalid)
    expect(big.error.message).toContain('from the server')
    const small = await p.peer.request('tools/call', {name: 'blob', arguments: {bytes: 10}})
    expect(small.result.content[0].text).toHaveLength(10)
  })
})

describe('proxy: the server goes away', () => {
  it('answers every request in flight when the server crashes mid-call, then reports its exit code', async () => {
    const p = start({command: node, args: [server('runtime-crash.mjs')]})
    await p.peer.initialize()
    const slow = [p.peer.request('tools/call', {name: 'slow', arguments: {ms: 10_000}}), p.peer.request('tools/call', {name: 'slow', arguments: {ms: 10_000}})]
    const crash = p.peer.request('tools/call', {name: 'crash', arguments: {delayMs: 100, code: 3}})
    const answers = await Promise.all([...slow, crash])
    for (const a of answers) {
      expect(a.error.code).toBe(DENY_CODES.serverGone)
      expect(a.error.message).toContain('exited with code 3 before answering')
    }
    const result = await p.proxy.done
    expect(result).toMatchObject({code: 3, signal: null, reason: 'server-exit'})
  })

  it('reports a server killed by a signal', async () => {
    const p = start({command: node, args: [server('runtime-crash.mjs')]})
    const a = await p.peer.request('tools/call', {name: 'crash', arguments: {signal: 'SIGUSR2'}})
    expect(a.error.message).toContain('was ended by SIGUSR2')
    expect(await p.proxy.done).toMatchObject({code: null, signal: 'SIGUSR2', reason: 'server-exit'})
  })

  it('does not answer a request the client cancelled', async () => {
    const p = start({command: node, args: [server('runtime-crash.mjs')]})
    const cancelled = p.peer.request('tools/call', {name: 'slow', arguments: {ms: 10_000}})
    p.peer.send({jsonrpc: '2.0', method: 'notifications/cancelled', params: {requestId: 1}})
    const crash = await p.peer.request('tools/call', {name: 'crash', arguments: {delayMs: 100}})
    expect(crash.error.code).toBe(DENY_CODES.serverGone)
    await p.proxy.done
    expect(p.peer.messages.filter((m) => m.id === 1)).toEqual([])
    void cancelled.catch(() => {})
  })

  it('reports a command that cannot be started', async () => {
    const p = start({command: 'mcp-warden-no-such-server', args: []})
    expect(await p.proxy.done).toMatchObject({reason: 'launch-failed'})
    expect(p.logs.join('\n')).toContain('cannot start the server: ENOENT')
  })
})

describe('proxy: shutdown', () => {
  it('closes the server\'s stdin when the client leaves, and the server exits by itself', async () => {
    const p = start({command: node, args: [server('runtime-payload.mjs')]})
    await p.peer.initialize()
    const t0 = Date.now()
    p.input.end()
    expect(await p.proxy.done).toMatchObject({code: 0, reason: 'client-closed', killed: false})
    expect(Date.now() - t0).toBeLessThan(400)
  })

  it('kills a server that ignores stdin EOF and SIGTERM, with the process it started', async () => {
    const pidfile = path.join(tmp(), 'pids')
    const p = start({command: node, args: [server('runtime-stubborn.mjs'), '--pidfile', pidfile], graceMs: 300})
    await p.peer.request('tools/call', {name: 'echo', arguments: {message: 'x'}})
    const pids = readPids(pidfile)
    p.input.end()
    expect(await p.proxy.done).toMatchObject({signal: 'SIGKILL', reason: 'client-closed', killed: true})
    for (const pid of pids) await waitUntil(() => !alive(pid), 2000, `pid ${pid} to end`)
  })

  it('passes a signal on to the server', async () => {
    const p = start({command: node, args: [server('runtime-payload.mjs')]})
    await p.peer.initialize()
    p.proxy.signal('SIGTERM')
    expect(await p.proxy.done).toMatchObject({signal: 'SIGTERM', reason: 'signal', forwarded: 'SIGTERM'})
  })

  it('stops reading the server while the client does not read, instead of buffering without bound', async () => {
    const p = start({command: node, args: [server('runtime-payload.mjs')]})
    const {output} = p
    output.pause()
    output.removeAllListeners('data')
    const n = 20
    for (let i = 1; i <= n; i++) p.input.write(JSON.stringify({jsonrpc: '2.0', id: i, method: 'tools/call', params: {name: 'blob', arguments: {bytes: 1_000_000}}}) + '\n')
    await new Promise((r) => setTimeout(r, 1500))
    // One message (and a chunk) may sit in the client's buffer; not all twenty.
    expect(output.readableLength + output.writableLength).toBeLessThan(3_000_000)
    let got = ''
    output.on('data', (d: Buffer) => (got += d.toString()))
    output.resume()
    await waitUntil(() => got.split('\n').length > n, 10_000, 'all answers')
    const ids = got.trim().split('\n').map((l) => (JSON.parse(l) as Json).id)
    expect(ids).toEqual(Array.from({length: n}, (_, i) => i + 1))
  })
})
