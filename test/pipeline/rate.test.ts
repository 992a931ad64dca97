// Stage 3 in isolation and in the pipeline: sliding windows over the message time.
import {describe, expect, it} from 'vitest'
import {RateLimiter, Window} from '../../src/pipeline/rate.js'
import {session} from './helpers.js'

const MIN = 60_000

describe('sliding windows', () => {
  it('allows the limit within a minute and refuses the next call', () => {
    const w = new Window({perMinute: 3, perHour: 100})
    for (const t of [0, 1000, 2000]) {
      expect(w.over(t)).toBeUndefined()
      w.record(t)
    }
    expect(w.over(3000)).toBe('minute')
    // The window slides: a minute after the first call, one slot is free again.
    expect(w.over(MIN - 1)).toBe('minute')
    expect(w.over(MIN)).toBeUndefined()
  })
  it('counts the hour separately', () => {
    const w = new Window({perMinute: 100, perHour: 5})
    for (let i = 0; i < 5; i++) w.record(i * MIN)
    expect(w.over(10 * MIN)).toBe('hour')
    expect(w.over(60 * MIN)).toBeUndefined()
  })
  it('grows its ring up to the limit and no further', () => {
    const w = new Window({perMinute: 1000, perHour: 100_000})
    for (let i = 0; i < 1000; i++) w.record(i)
    expect(w.over(1000)).toBe('minute')
    expect(w.over(MIN + 1)).toBeUndefined()
  })
  it('keeps per-tool windows only for tools with their own limit, and survives a clock going back', () => {
    const r = new RateLimiter('srv', {perMinute: 100, perHour: 1000}, new Map([['slow', {rate: {perMinute: 1, perHour: 10}}]]))
    r.record('slow', 10_000)
    expect(r.check('slow', 5_000)?.message).toBe('tool slow of server srv reached its limit of 1 call a minute')
    expect(r.check('other', 5_000)).toBeUndefined()
  })
})

describe('rate limits in the pipeline', () => {
  it('refuses the 61st call in a minute by default, and only tools/call counts', () => {
    const s = session()
    for (let i = 0; i < 60; i++) {
      s.send('c2s', {jsonrpc: '2.0', id: `p${i}`, method: 'ping'})
      expect(s.call('echo', {}, {content: []}).request.action).toBe('allow')
      s.now += 500
    }
    const over = s.call('echo').request
    expect(over).toMatchObject({action: 'reject', ruleIds: ['rate-limit'], respond: {error: {code: -32003}}})
    expect(over.reason).toBe('server srv reached its limit of 60 tool calls a minute')
  })
  it('does not count refused calls, so a client that keeps trying gets through once the window frees', () => {
    const s = session({rateLimit: {perMinute: 2}})
    s.call('echo')
    s.call('echo')
    for (let i = 0; i < 10; i++) expect(s.call('echo').request.action).toBe('reject')
    s.now += MIN
    expect(s.call('echo').request.action).toBe('allow')
  })
  it('applies per-server and per-tool limits from the policy', () => {
    const s = session({servers: {srv: {rateLimit: {perMinute: 5}, tools: {search: {rateLimit: {perMinute: 1}}}}}})
    expect(s.call('search').request.action).toBe('allow')
    expect(s.call('search').request.reason).toBe('tool search of server srv reached its limit of 1 call a minute')
    for (let i = 0; i < 4; i++) expect(s.call('echo').request.action).toBe('allow')
    expect(s.call('echo').request.reason).toBe('server srv reached its limit of 5 tool calls a minute')
  })
  it('uses the message time, so the same messages give the same decisions', () => {
    const run = () => {
      const s = session({rateLimit: {perMinute: 3}})
      return [0, 10, 20, 30, 61_000, 61_010].map((t) => {
        s.now = 1_000_000 + t
        return s.call('echo').request.action
      })
    }
    expect(run()).toEqual(['allow', 'allow', 'allow', 'reject', 'allow', 'allow'])
    expect(run()).toEqual(run())
  })
})
