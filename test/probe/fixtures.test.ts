// Each probe-* fixture server through probeServer: the handshakes, pagination, unknown fields,
// server-to-client requests, and every way a server can fail, each with its exact outcome.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {ExitCode} from '../../src/core/exit-codes.js'
import {probeServer} from '../../src/probe/index.js'
import {failure, fixture, opts} from './helpers.js'

describe('well-behaved servers', () => {
  test('initialize handshake, every page of every list, unknown fields kept as sent', async () => {
    const r = await probeServer(fixture('probe-paginated.mjs'), opts())
    expect(r.handshake).toBe('initialize')
    expect(r.protocolVersion).toBe('2025-11-25')
    expect(r.sandbox).toBe('basic')
    const m = r.manifest
    expect(m.tools.map((t) => t.name)).toEqual(['read_file', 'write_file', 'list_dir', 'search', 'stat'])
    expect(m.prompts.map((p) => p.name)).toEqual(['summarize', 'review', 'explain'])
    expect(m.resources.map((x) => x.uri)).toEqual(['file:///workspace/README.md', 'file:///workspace/package.json', 'memo://notes'])
    expect(m.resourceTemplates.map((x) => x.uriTemplate)).toEqual(['file:///workspace/{path}', 'memo://notes/{id}', 'git://log/{ref}'])
    expect(m.tools[0]['x-vendor-risk']).toEqual({level: 'low', reviewedBy: 'fixture'})
    expect(m.tools[2]._meta).toEqual({'example.com/origin': 'fixture'})
    expect(m.tools[4].icons).toEqual([{src: 'data:image/png;base64,AAAA', mimeType: 'image/png'}])
    expect(m.prompts[1]['x-extra']).toBe(1)
    expect(m.resourceTemplates[2]['x-unknown']).toEqual({nested: [1, 2, 3]})
    expect(m.serverInfo).toEqual({name: 'probe-paginated', version: '1.2.3', 'x-build': 'fixture'})
    expect(m.capabilities?.['x-experimental']).toEqual({on: true})
    expect(m.instructions).toBe('Files live under /workspace.')
    // A JSON round trip keeps everything: the manifest is plain data, ready for canonical hashing.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m)
  })

  test('2026-07-28 server: server/discover, _meta on every request, ttlMs/cacheScope left out of items', async () => {
    const r = await probeServer(fixture('probe-discover.mjs'), opts())
    expect(r.handshake).toBe('discover')
    expect(r.protocolVersion).toBe('2026-07-28')
    expect(r.manifest.tools.map((t) => t.name)).toEqual(['now', 'weather', 'convert'])
    expect(r.manifest.tools[2]['x-stateless']).toBe(true)
    expect(r.manifest.prompts.map((p) => p.name)).toEqual(['forecast'])
    expect(r.manifest.resources).toHaveLength(1)
    // templates/list is method-not-found there: an empty list, not a failure.
    expect(r.manifest.resourceTemplates).toEqual([])
    expect(JSON.stringify(r.manifest)).not.toMatch(/ttlMs|cacheScope/)
    expect(r.manifest.instructions).toBe('Stateless weather server.')
  })

  test('answers roots/list and ping, declines sampling and elicitation, ignores notifications', async () => {
    const r = await probeServer(fixture('probe-chatty.mjs'), opts())
    expect(r.manifest.tools).toHaveLength(1)
    expect(r.manifest.tools[0].description).toBe('client answers: roots=0 ping=ok sampling=error -1 elicitation=error -1')
    expect(r.manifest.resources).toEqual([{uri: 'chat://log', name: 'log'}])
    expect(r.manifest.resourceTemplates).toEqual([])
    expect(r.manifest.prompts).toEqual([])
  })

  test('a server that quits on server/discover is launched again and probed with initialize', async () => {
    const r = await probeServer(fixture('probe-crash.mjs', {CRASH_ON: 'discover'}), opts())
    expect(r.handshake).toBe('initialize')
    expect(r.manifest.tools.map((t) => t.name)).toEqual(['survivor'])
  })
})

describe('rug-puller variants', () => {
  test('variants change exactly what they name', async () => {
    const [base, renamed, changed] = await Promise.all([
      probeServer(fixture('probe-rug.mjs', {RUG_VARIANT: 'base'}), opts()),
      probeServer(fixture('probe-rug.mjs', {RUG_VARIANT: 'renamed'}), opts()),
      probeServer(fixture('probe-rug.mjs', {RUG_VARIANT: 'description,version,instructions'}), opts()),
    ])
    expect(base.manifest.tools.map((t) => t.name)).toEqual(['read_file', 'search', 'fetch_url', 'delete_file'])
    expect(base.manifest.prompts).toHaveLength(2)
    expect(base.manifest.resources).toHaveLength(2)
    expect(base.manifest.resourceTemplates).toHaveLength(1)
    const {name: _a, ...searchBody} = base.manifest.tools[1]
    const {name: _b, ...findBody} = renamed.manifest.tools[1]
    expect(renamed.manifest.tools[1].name).toBe('find_text')
    expect(findBody).toEqual(searchBody)
    expect(changed.manifest.tools[0].description).toContain('<IMPORTANT>')
    expect(changed.manifest.serverInfo?.version).toBe('1.0.1')
    expect(changed.manifest.instructions).not.toBe(base.manifest.instructions)
    expect(changed.manifest.tools.slice(1)).toEqual(base.manifest.tools.slice(1))
  })

  test('RUG_VARIANT_FILE switches the variant without touching the config', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-rug-'))
    const file = path.join(dir, 'variant')
    const config = fixture('probe-rug.mjs', {RUG_VARIANT_FILE: file})
    writeFileSync(file, 'base\n')
    const before = await probeServer(config, opts())
    writeFileSync(file, 'added\n')
    const after = await probeServer(config, opts())
    expect(before.manifest.tools.map((t) => t.name)).not.toContain('send_email')
    expect(after.manifest.tools.map((t) => t.name)).toContain('send_email')
    rmSync(dir, {recursive: true, force: true})
  })

  test('an unknown variant fails loudly instead of serving the base', async () => {
    const err = await failure(probeServer(fixture('probe-rug.mjs', {RUG_VARIANT: 'descripton'}), opts()))
    expect(err.stderrTail).toContain('unknown variant "descripton"')
  })
})

describe('misbehaving servers fail with exit 4, their name and their stderr', () => {
  test('a server that never answers times out, saying what the probe waited for', async () => {
    const started = Date.now()
    const err = await failure(probeServer(fixture('probe-hang.mjs'), opts({timeoutMs: 1200})))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(err.exitCode).toBe(ExitCode.probe)
    expect(err.message).toBe('server "probe-hang": timed out after 1.2s waiting for the answer to initialize (or server/discover)')
    expect(err.stderrTail).toBe('probe-hang: started, will never answer')
    expect(err.place).toEqual({file: '.mcp.json', pointer: '/mcpServers/probe-hang'})
    expect(err.format()).toContain('stderr (last lines):\n    probe-hang: started, will never answer')
  })

  test('a non-JSON line on stdout is quoted, escaped and masked', async () => {
    const err = await failure(probeServer(fixture('probe-garbage.mjs'), opts()))
    expect(err.message).toBe(
      'server "probe-garbage": the server printed a line on stdout that is not JSON (while waiting for the answer to initialize): "\\u{1B}[32mServer ready!\\u{1B}[0m token=ghp_****"',
    )
    expect(err.message).not.toContain('\x1b')
    expect(err.hint).toMatch(/stderr/)
  })

  test('stdout without newlines is capped, not buffered without end', async () => {
    const err = await failure(probeServer(fixture('probe-flood.mjs'), opts({maxOutputBytes: 1024 * 1024})))
    expect(err.message).toMatch(/^server "probe-flood": the server printed more than 1 MiB on stdout without a newline/)
  })

  test('a server that exits during the handshake: exit code and masked stderr', async () => {
    const err = await failure(probeServer(fixture('probe-crash.mjs'), opts()))
    expect(err.message).toBe('server "probe-crash": the server exited with code 3 while the probe was waiting for the answer to initialize')
    expect(err.stderrTail).toContain('fatal: upstream rejected key sk-a****')
    expect(err.stderrTail).not.toContain('AAAAAAAA')
  })

  test('endless pagination stops at the page bound; a repeated cursor is a loop', async () => {
    const endless = await failure(probeServer(fixture('probe-cursor-loop.mjs', {LOOP_MODE: 'endless'}), opts({maxPages: 50})))
    expect(endless.message).toBe('server "probe-cursor-loop": tools/list did not end after 50 pages')
    const many = await failure(probeServer(fixture('probe-cursor-loop.mjs', {LOOP_MODE: 'endless'}), opts({maxItems: 10})))
    expect(many.message).toBe('server "probe-cursor-loop": tools/list returned more than 10 items')
    const loop = await failure(probeServer(fixture('probe-cursor-loop.mjs', {LOOP_MODE: 'same'}), opts()))
    expect(loop.message).toBe('server "probe-cursor-loop": tools/list returned the cursor "1" twice: the pages loop')
  })

  test('a command that does not exist fails before launching', async () => {
    const config = {...fixture('probe-hang.mjs'), command: 'no-such-mcp-server-binary'}
    const err = await failure(probeServer(config, opts()))
    expect(err.message).toBe('server "probe-hang": command "no-such-mcp-server-binary" not found on PATH')
  })
})
