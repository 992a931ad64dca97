// Finding id and method at the ends of a message that is not parsed whole.
import {describe, expect, it} from 'vitest'
import {peekEnvelope} from '../../src/proxy/envelope.js'

const peek = (text: string, keep = 4096) => {
  const b = Buffer.from(text)
  return peekEnvelope(b.subarray(0, keep), b.subarray(Math.max(0, b.length - 1024)))
}

describe('peekEnvelope', () => {
  it('finds an id and method written first', () => {
    expect(peek('{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"x":1}}')).toEqual({id: 12, method: 'tools/call'})
    expect(peek('{"jsonrpc": "2.0", "method": "ping", "id": "a-1"}')).toEqual({id: 'a-1', method: 'ping'})
  })

  it('finds an id written last, as the SDK does, even when the head is cut short', () => {
    const msg = '{"method":"tools/call","params":{"data":"' + 'x'.repeat(10_000) + '"},"jsonrpc":"2.0","id":42}'
    expect(peek(msg, 100)).toEqual({id: 42, method: 'tools/call'})
  })

  it('does not take an id nested inside params for the message\'s own', () => {
    expect(peek('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3,"id":5}}')).toEqual({method: 'notifications/cancelled'})
    expect(peek('{"result":{"item":{"id":5}}}')).toEqual({})
  })

  it('reads a string id with escapes and non-ASCII text', () => {
    expect(peek('{"jsonrpc":"2.0","id":"é\\"1","result":{}}')).toEqual({id: 'é"1'})
  })

  it('finds nothing in a line that is not JSON-RPC', () => {
    expect(peek('DEBUG starting')).toEqual({})
  })
})

describe('peekEnvelope: params first', () => {
  it('marks a message whose head starts with params as asking (a response has no params)', () => {
    const msg = '{"params":{"data":"' + 'x'.repeat(10_000) + '"},"method":"tools/call","jsonrpc":"2.0","id":9}'
    expect(peek(msg, 100)).toEqual({id: 9, params: true})
    expect(peek('{"jsonrpc":"2.0","params":{},"id":1}', 100)).toEqual({id: 1, params: true})
    expect(peek('{"result":{"params":{}},"id":2}', 100)).toEqual({id: 2})
  })
})
