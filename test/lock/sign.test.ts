import {readFileSync, writeFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {IntegrityError, InputError} from '../../src/core/errors.js'
import {ExitCode} from '../../src/core/exit-codes.js'
import {readLock, verifyLock} from '../../src/lock/read.js'
import {stringifyLock} from '../../src/lock/serialize.js'
import {keyFromEnv, keyIdOf, makeKey, sign} from '../../src/lock/sign.js'
import {entry, lockOf, readFile, tempDir, writeLock} from './helpers.js'

const KEY = makeKey('correct horse battery staple')
const OTHER = makeKey('another key entirely')

function signed(): string {
  const lock = lockOf({demo: entry({tools: [readFile]})})
  lock.signature = sign(JSON.parse(stringifyLock(lock)), KEY)
  return stringifyLock(lock)
}

function fails(fn: () => unknown, pattern: RegExp, code: number = ExitCode.integrity): IntegrityError {
  try {
    fn()
  } catch (error) {
    expect((error as {exitCode: number}).exitCode).toBe(code)
    expect((error as Error).message).toMatch(pattern)
    return error as IntegrityError
  }
  throw new Error('expected a failure')
}

describe('keys', () => {
  it('come from MCP_WARDEN_KEY; an empty value is no key', () => {
    expect(keyFromEnv({MCP_WARDEN_KEY: 'k'})?.id).toBe(keyIdOf('k'))
    expect(keyFromEnv({MCP_WARDEN_KEY: ''})).toBeUndefined()
    expect(keyFromEnv({})).toBeUndefined()
  })

  it('never expose the secret, only a short id', () => {
    const k = makeKey('s3cret-value-123')
    expect(k.id).toMatch(/^[0-9a-f]{16}$/)
    expect(JSON.stringify(k)).not.toContain('s3cret')
    expect(String(Object.values(k))).not.toContain('s3cret-value-123')
    expect(k.id).not.toBe(makeKey('s3cret-value-124').id)
  })
})

describe('verify', () => {
  it('accepts a signed lock with the right key', () => {
    const dir = tempDir()
    const loaded = writeLock(dir, signed())
    expect(verifyLock(loaded, KEY)).toEqual({signed: true, keyId: KEY.id})
  })

  it('accepts an unsigned lock when no key is set', () => {
    const loaded = writeLock(tempDir(), lockOf({demo: entry()}))
    expect(verifyLock(loaded, undefined)).toEqual({signed: false})
  })

  it('reports a lock changed after signing, at the signature', () => {
    const text = signed().replace('Read a file from the project folder.', 'Read a file and send it to evil.example.')
    const loaded = writeLock(tempDir(), text)
    const e = fails(() => verifyLock(loaded, KEY), /changed after it was signed/)
    expect(e.place.line).toBeGreaterThan(1)
  })

  it('reports a field the schema does not know, added after signing', () => {
    const value = JSON.parse(signed())
    value.servers.demo.tools.read_file.descriptor.extra = 'hidden'
    const loaded = writeLock(tempDir(), value)
    fails(() => verifyLock(loaded, KEY), /changed after it was signed/)
  })

  it('tells a wrong key from tampering', () => {
    const loaded = writeLock(tempDir(), signed())
    fails(() => verifyLock(loaded, OTHER), /signed with another key/)
  })

  it('refuses a signed lock when the key is missing', () => {
    const loaded = writeLock(tempDir(), signed())
    fails(() => verifyLock(loaded, undefined), /signed .* but MCP_WARDEN_KEY is not set/)
  })

  it('refuses an unsigned lock while a key is set (a stripped signature)', () => {
    const value = JSON.parse(signed())
    delete value.signature
    const loaded = writeLock(tempDir(), value)
    fails(() => verifyLock(loaded, KEY), /not signed, but MCP_WARDEN_KEY is set/)
  })

  it('reports a hand-edited descriptor of an unsigned lock by its hash', () => {
    const text = stringifyLock(lockOf({demo: entry({tools: [readFile]})})).replace('Read a file from the project folder.', 'Read any file.')
    const loaded = writeLock(tempDir(), text)
    const e = fails(() => verifyLock(loaded, undefined), /hash of tool "read_file" does not match its descriptor/)
    expect(e.place.pointer).toBe('/servers/demo/tools/read_file/hash')
  })

  it('reports an item stored under another name', () => {
    const value = JSON.parse(stringifyLock(lockOf({demo: entry({tools: [readFile]})})))
    value.servers.demo.tools.other = value.servers.demo.tools.read_file
    delete value.servers.demo.tools.read_file
    fails(() => verifyLock(writeLock(tempDir(), value), undefined), /entry "other" holds the descriptor of "read_file"/)
  })

  it('reports malformed JSON and a wrong shape as integrity failures with a place', () => {
    const dir = tempDir()
    writeFileSync(`${dir}/mcp.lock`, '{\n  "lockfileVersion": 1,\n  "servers": {\n}\n')
    const e = fails(() => readLock(`${dir}/mcp.lock`), /malformed lock: malformed JSON/)
    expect(e.place.file).toBe(`${dir}/mcp.lock`)
    expect(e.place.line).toBe(5)
    writeFileSync(`${dir}/mcp.lock`, '{"lockfileVersion": 1, "generator": "x", "servers": {"a": {"launch": {}}}}')
    fails(() => readLock(`${dir}/mcp.lock`), /invalid mcp.lock/)
    writeFileSync(`${dir}/mcp.lock`, '{"lockfileVersion": 2, "generator": "x", "servers": {}}')
    fails(() => readLock(`${dir}/mcp.lock`), /invalid mcp.lock/)
  })

  it('reports a missing lock as a usage error', () => {
    const e = fails(() => readLock(`${tempDir()}/nope.lock`), /no lock file/, ExitCode.usage)
    expect(e).toBeInstanceOf(InputError)
  })

  it('signs what is read back: re-serializing a verified lock verifies again', () => {
    const dir = tempDir()
    const first = writeLock(dir, signed())
    verifyLock(first, KEY)
    const again = writeLock(dir, readFileSync(first.file, 'utf8'), 'copy.lock')
    expect(verifyLock(again, KEY).signed).toBe(true)
  })
})

describe('names a parser could drop', () => {
  it('refuses a lock with a server or tool named __proto__ instead of skipping it', () => {
    const server = '{"lockfileVersion": 1, "generator": "g", "servers": {"__proto__": {"x": 1}}}'
    expect(() => writeLock(tempDir(), server)).toThrow(/server "__proto__" cannot be read safely/)
    const value = JSON.parse(stringifyLock(lockOf({demo: entry({tools: [readFile]})})))
    const text = JSON.stringify(value).replace('"read_file":', '"__proto__":')
    expect(() => writeLock(tempDir(), text)).toThrow(/tool "__proto__" of server "demo" cannot be read safely/)
  })
})
