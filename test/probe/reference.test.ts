// The real reference servers from node_modules, probed for real under the strict sandbox (the
// default `auto` level on a machine with bubblewrap): tool counts, package identity, and `npx -y
// pkg@ver` run offline from the project's own copy.
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {probeAll} from '../../src/probe/index.js'
import {opts, stdio} from './helpers.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-ref-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const EVERYTHING = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'
const FILESYSTEM = 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'

describe('reference servers', () => {
  test('server-everything, server-filesystem and server-memory (via npx) probed in parallel', async () => {
    const configs = [
      stdio('everything', 'node', [EVERYTHING]),
      stdio('filesystem', 'node', [FILESYSTEM, dir]),
      stdio('memory', 'npx', ['-y', '@modelcontextprotocol/server-memory@2026.8.31'], {MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl')}),
    ]
    const out = await probeAll(configs, {...opts({sandbox: 'auto', timeoutMs: 20_000}), concurrency: 3})
    for (const o of out) expect(o.error, o.error?.message).toBeUndefined()
    const [everything, filesystem, memory] = out.map((o) => o.result!)

    expect(everything.sandbox).toBe('strict')
    expect(everything.handshake).toBe('initialize')
    expect(everything.protocolVersion).toBe('2025-11-25')
    expect(everything.manifest.serverInfo?.name).toBe('mcp-servers/everything')
    // 13 tools for every client, plus roots, elicitation and sampling demos because the probe declares those capabilities.
    expect(everything.manifest.tools).toHaveLength(16)
    expect(everything.manifest.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-env', 'get-roots-list', 'trigger-sampling-request', 'trigger-elicitation-request']))
    expect(everything.manifest.prompts).toHaveLength(4)
    expect(everything.manifest.resources.length).toBeGreaterThan(0)
    expect(everything.manifest.resourceTemplates.length).toBeGreaterThan(0)
    expect(everything.manifest.instructions).toMatch(/Everything/)
    // Fields the SDK's listTools would drop are kept (2025-11-25 `execution`).
    expect(everything.manifest.tools.find((t) => t.name === 'echo')).toHaveProperty('execution')
    expect(everything.package).toEqual({ecosystem: 'npm', name: '@modelcontextprotocol/server-everything', version: '2026.8.31'})

    expect(filesystem.manifest.tools).toHaveLength(14)
    expect(filesystem.manifest.tools.every((t) => t.annotations !== undefined)).toBe(true)
    expect(filesystem.package).toEqual({ecosystem: 'npm', name: '@modelcontextprotocol/server-filesystem', version: '2026.8.31'})

    expect(memory.manifest.tools).toHaveLength(9)
    expect(memory.sandbox).toBe('strict')
    expect(memory.package).toEqual({ecosystem: 'npm', name: '@modelcontextprotocol/server-memory', version: '2026.8.31'})
    expect(memory.ran?.args[0]).toMatch(/node_modules\/@modelcontextprotocol\/server-memory\/dist\/index\.js$/)
    expect(memory.notes).toEqual(["ran @modelcontextprotocol/server-memory@2026.8.31 from the project's node_modules instead of npx"])
  })

  test('a bin name on PATH (node_modules/.bin) resolves to its package', async () => {
    const env = {PATH: `${path.resolve('node_modules/.bin')}:${process.env.PATH}`, HOME: process.env.HOME}
    const [o] = await probeAll([stdio('fs-bin', 'mcp-server-filesystem', ['.'])], {...opts({sandbox: 'strict', env}), concurrency: 1})
    expect(o.error).toBeUndefined()
    expect(o.result?.manifest.tools).toHaveLength(14)
    expect(o.result?.package).toEqual({ecosystem: 'npm', name: '@modelcontextprotocol/server-filesystem', version: '2026.8.31'})
    // `.` is the project root, as it would be for a client starting the server in the project.
    expect(o.result?.ran?.args).toEqual([path.resolve('.')])
  })
})
