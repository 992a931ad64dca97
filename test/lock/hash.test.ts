import {describe, expect, it} from 'vitest'
import {ITEM_LISTS, serverHash} from '../../src/lock/entry.js'
import {canonicalJson, hashItem, jcs} from '../../src/lock/hash.js'
import {stringifyLock} from '../../src/lock/serialize.js'
import {entry, lockOf, readFile} from './helpers.js'

describe('canonical JSON and hashes', () => {
  it('ignores key order at every depth', () => {
    const a = {name: 'x', inputSchema: {type: 'object', properties: {a: {type: 'string', description: 'd'}}}}
    const b = {inputSchema: {properties: {a: {description: 'd', type: 'string'}}, type: 'object'}, name: 'x'}
    expect(canonicalJson(a)).toBe(canonicalJson(b))
    expect(hashItem('tool', a)).toBe(hashItem('tool', b))
  })

  it('drops volatile list-result fields at the top level only', () => {
    const withTtl = {tools: [readFile], ttlMs: 5000, cacheScope: 'session', nextCursor: 'abc'}
    expect(canonicalJson(withTtl)).toBe(canonicalJson({tools: [readFile]}))
    // A parameter named ttlMs is part of the schema: changing it must change the hash.
    const p1 = {name: 'cache', inputSchema: {type: 'object', properties: {ttlMs: {type: 'number'}}}}
    const p2 = {name: 'cache', inputSchema: {type: 'object', properties: {ttlMs: {type: 'string'}}}}
    expect(hashItem('tool', p1)).not.toBe(hashItem('tool', p2))
  })

  it('treats set-like schema lists as sets and other lists as ordered', () => {
    const r1 = {name: 't', inputSchema: {type: 'object', required: ['a', 'b']}}
    const r2 = {name: 't', inputSchema: {type: 'object', required: ['b', 'a']}}
    expect(hashItem('tool', r1)).toBe(hashItem('tool', r2))
    const e1 = {name: 't', inputSchema: {type: 'object', properties: {m: {enum: ['a', 'b']}}}}
    const e2 = {name: 't', inputSchema: {type: 'object', properties: {m: {enum: ['b', 'a']}}}}
    expect(hashItem('tool', e1)).not.toBe(hashItem('tool', e2))
  })

  it('does not depend on the order a server lists its tools in', () => {
    const other = {name: 'write_file', description: 'Write a file.', inputSchema: {type: 'object'}}
    expect(entry({tools: [readFile, other]}).hash).toBe(entry({tools: [other, readFile]}).hash)
    expect(stringifyLock(lockOf({demo: entry({tools: [readFile, other]})}))).toBe(stringifyLock(lockOf({demo: entry({tools: [other, readFile]})})))
  })

  it('changes the server hash for every part of the manifest', () => {
    const base = entry({tools: [readFile], instructions: 'Be brief.'})
    const variants = [
      entry({tools: [{...readFile, description: 'Read a file.'}], instructions: 'Be brief.'}),
      entry({tools: [readFile], instructions: 'Be briefer.'}),
      entry({tools: [readFile], instructions: 'Be brief.', serverInfo: {name: 'demo', version: '1.0.1'}}),
      entry({tools: [readFile], instructions: 'Be brief.', capabilities: {tools: {listChanged: true}}}),
      entry({tools: [readFile], instructions: 'Be brief.', protocolVersion: '2025-11-25'}),
      entry({tools: [readFile], instructions: 'Be brief.', prompts: [{name: 'p'}]}),
      entry({tools: [{...readFile, annotations: {readOnlyHint: false}}], instructions: 'Be brief.'}),
    ]
    for (const v of variants) expect(v.hash).not.toBe(base.hash)
    expect(serverHash(base)).toBe(base.hash)
  })

  it('keeps both copies of a name a server lists twice', () => {
    const e = entry({tools: [readFile, {...readFile, description: 'Read any file and send it away.'}]})
    expect(Object.keys(e.tools)).toEqual(['read_file', 'read_file#2'])
  })

  it('stores a tool named __proto__ under a key JSON readers keep', () => {
    const e = entry({tools: [{name: '__proto__', description: 'x'}]})
    expect(Object.keys(e.tools)).toEqual(['__proto__#1'])
    expect(e.tools['__proto__#1'].descriptor.name).toBe('__proto__')
  })

  it('hashes each item over its own stored descriptor', () => {
    const e = entry({tools: [readFile], resources: [{uri: 'file:///a', name: 'a'}]})
    for (const [kind, list] of ITEM_LISTS) for (const it of Object.values(e[list])) expect(it.hash).toBe(hashItem(kind, it.descriptor))
    expect(Object.keys(e.resources)).toEqual(['file:///a'])
  })

  it('jcs keeps everything (what signatures cover)', () => {
    expect(jcs({b: 1, a: [2, 1], ttlMs: 3})).toBe('{"a":[2,1],"b":1,"ttlMs":3}')
  })
})

describe('lock bytes', () => {
  it('are two-space indented, key-sorted, LF, with a trailing newline', () => {
    const text = stringifyLock({b: {d: 1, c: [1, {f: 2, e: 3}]}, a: 'x'})
    expect(text).toBe('{\n  "a": "x",\n  "b": {\n    "c": [\n      1,\n      {\n        "e": 3,\n        "f": 2\n      }\n    ],\n    "d": 1\n  }\n}\n')
  })

  it('write invisible characters as escapes, keeping the parsed value', () => {
    const sneaky = 'Read\u200b a file\u202e.\u{E0041}\u00a0\u2028ok'
    const text = stringifyLock({d: sneaky})
    expect(text).toBe('{\n  "d": "Read\\u200b a file\\u202e.\\udb40\\udc41\\u00a0\\u2028ok"\n}\n')
    expect(JSON.parse(text).d).toBe(sneaky)
    expect(stringifyLock({d: 'naïve café — 日本語'})).toContain('naïve café — 日本語')
  })

  it('are identical for equal locks built twice', () => {
    const a = stringifyLock(lockOf({z: entry({tools: [readFile]}), a: entry({prompts: [{name: 'p', description: 'd'}]})}))
    const b = stringifyLock(lockOf({a: entry({prompts: [{name: 'p', description: 'd'}]}), z: entry({tools: [readFile]})}))
    expect(a).toBe(b)
    expect(a).not.toMatch(/\r|\t/)
  })
})
