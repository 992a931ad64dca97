// Bugs the fuzz campaign found (issue 7), each as its smallest session, run through the same
// invariant checks as the campaign (runProxyCase) and with the answer the client must see spelled out.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {createPipeline} from '../../src/pipeline/create.js'
import {LineSplitter} from '../../src/proxy/framing.js'
import {startProxy} from '../../src/proxy/proxy.js'
import {framingProperty, proxyProperty, runProxyCase} from './properties.mjs'

const sut = {startProxy, createPipeline}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

/** A session: the client's lines as given, the server answering its requests in `styles` in turn. */
async function session(lines: Array<string | Buffer>, styles: string[], max = 4096) {
  const client = lines.map((l) => ({t: 'bytes', bytes: Buffer.isBuffer(l) ? l : Buffer.from(l), term: '\n'}))
  const c = {
    max,
    client,
    clientLast: null,
    plan: {kind: 'whole'},
    pauses: [false],
    server: {styles: styles.map((style) => ({style, text: 'ok'})), script: [], last: null, end: 'exit', dieAfter: 0, split: 'whole'},
  }
  const r = (await runProxyCase(c, sut)) as Json
  const toClient: Json[] = r.toClient.toString('utf8').split('\n').filter(Boolean).map((l: string) => JSON.parse(l))
  const toServer: string[] = r.toServer.toString('utf8').split('\n').filter(Boolean)
  return {toClient, toServer}
}

describe('fuzz regressions: every request answered once', () => {
  it.each(['nan', 'badutf8', 'truncated'])('answers the client when the server answers with an unreadable line (%s)', async (style) => {
    // Was: the proxy saw the answer's id, struck the request off the in-flight table and sent
    // nothing; the client waited forever, not even answered when the server exited.
    const {toClient} = await session(['{"jsonrpc":"2.0","id":7,"method":"ping"}'], [style])
    expect(toClient).toEqual([{jsonrpc: '2.0', id: 7, error: {code: -32600, message: expect.stringContaining("mcp-warden refused the server's answer")}}])
  })

  it('answers a request whose method is not a string to the client, not to the server', async () => {
    // Was: read as a response (it has an id and a non-string method), its error went to the server.
    const {toClient, toServer} = await session(['{"jsonrpc":"2.0","id":3,"method":3}', '{"jsonrpc":"1.0","id":4,"method":[]}'], [])
    expect(toClient.map((m) => [m.id, m.error.code])).toEqual([
      [3, -32600],
      [4, -32600],
    ])
    expect(toServer).toEqual([])
  })

  it('reads an id with an exponent whole in an oversized answer', async () => {
    // Was: `"id":1e+21` read as 1, so request 1 got a second answer (the error) and request 1e21
    // none until the server exited.
    const {toClient} = await session(['{"jsonrpc":"2.0","id":1,"method":"ping"}', '{"jsonrpc":"2.0","id":1e21,"method":"ping"}'], ['defer', 'oversize'])
    expect(toClient.filter((m) => m.id === 1)).toEqual([{jsonrpc: '2.0', id: 1, result: {echo: 'ok'}}])
    expect(toClient.filter((m) => m.id === 1e21).map((m) => m.error.code)).toEqual([-32600])
  })

  it('answers each of two requests with the same id when the server dies owing both', async () => {
    // Was: one in-flight entry per id, so the second request went unanswered.
    const {toClient} = await session(['{"jsonrpc":"2.0","id":5,"method":"ping"}', '{"jsonrpc":"2.0","id":5,"method":"ping"}'], ['ok', 'never'])
    expect(toClient.map((m) => m.result ?? m.error.code)).toEqual([{echo: 'ok'}, -32005])
  })

  it('gives back a non-ASCII id intact when the rest of the request is not UTF-8', async () => {
    // Was: the id was read from latin1 and sent back garbled ("Ã©"), so the client never matched it.
    const line = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":"é\u2028","method":"ping","params":{"t":"'), Buffer.from([0xff]), Buffer.from('"}}')])
    const {toClient} = await session([line], [])
    expect(toClient.map((m) => [m.id, m.error.code])).toEqual([['é\u2028', -32700]])
  })
})

describe('fuzz regressions: framing', () => {
  it('reports the same ends of an oversized line however it was chunked', () => {
    const line = Buffer.from('{"id":1,"x":"' + 'y'.repeat(1100) + '"}\r\n')
    const ends = (pieces: Buffer[]) => {
      const got: string[] = []
      const s = new LineSplitter(100, {line: () => {}, oversize: (h, t, n) => got.push(`${h.toString('latin1')}|${t.toString('latin1')}|${n}`)})
      for (const p of pieces) s.push(p)
      return got
    }
    const whole = ends([line])
    // Was: the head kept the CRLF in one chunk, and the tail lost a byte to the CR when streamed.
    expect(whole).toEqual([`${line.subarray(0, line.length - 2).toString('latin1')}|${line.subarray(line.length - 2 - 1024, line.length - 2).toString('latin1')}|${line.length - 2}`])
    expect(ends([...line].map((b) => Buffer.from([b])))).toEqual(whole)
  })
})

describe('fuzz properties can fail', () => {
  // A property that passes whatever the code does proves nothing: each must catch a classic bug.
  it('the framing property catches a framer that also splits on CR', () => {
    class CrSplitter extends LineSplitter {
      override push(chunk: Buffer): void {
        super.push(Buffer.from(chunk.map((b) => (b === 0x0d ? 0x0a : b))))
      }
    }
    expect(fc.check(framingProperty(fc, {LineSplitter: CrSplitter}), {seed: 1, numRuns: 200, endOnFailure: true}).failed).toBe(true)
  })

  it('the proxy property catches refusals that are not answered', async () => {
    const mute = (opts: Json) => {
      const p = createPipeline(opts)
      return {process: (e: Json) => ({...p.process(e), respond: undefined})}
    }
    const r = await fc.check(proxyProperty(fc, {startProxy, createPipeline: mute}), {seed: 1, numRuns: 100, endOnFailure: true})
    expect(r.failed).toBe(true)
  })

  it('the proxy property catches messages reordered on the way to the client', async () => {
    const {PassThrough} = await import('node:stream')
    // Swap each pair of lines written to the client.
    const swapping = (opts: Json) => {
      const real = opts.output
      let held: Buffer | undefined
      const out = new PassThrough()
      out.on('data', (b: Buffer) => {
        for (const line of b.toString('latin1').split(/(?<=\n)/)) {
          const l = Buffer.from(line, 'latin1')
          if (held) {
            real.write(l)
            real.write(held)
            held = undefined
          } else held = l
        }
      })
      return startProxy({...opts, output: out})
    }
    const r = await fc.check(proxyProperty(fc, {startProxy: swapping, createPipeline}), {seed: 1, numRuns: 100, endOnFailure: true})
    expect(r.failed).toBe(true)
  })
})
