// Packages that install themselves: parsing npx/uvx/docker lines, finding an installed copy (the
// project's node_modules, npx's cache) so strict runs offline, and what strict and auto do when
// there is none.
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {probeServer} from '../../src/probe/index.js'
import {planLaunch} from '../../src/probe/launch.js'
import {findInNpxCache, parseDockerRun, parseNpx, parseUvx, satisfies, splitSpec} from '../../src/probe/package.js'
import {ROOT} from '../helpers/cli.js'
import {failure, opts, stdio} from './helpers.js'

describe('parsing launch lines', () => {
  test('npx', () => {
    expect(parseNpx(['-y', '@modelcontextprotocol/server-memory@2026.8.31'])).toEqual({name: '@modelcontextprotocol/server-memory', range: '2026.8.31', args: []})
    expect(parseNpx(['--yes', 'mcp-server-x', '--root', '.'])).toEqual({name: 'mcp-server-x', args: ['--root', '.']})
    expect(parseNpx(['-p', '@scope/tools@^1.2', 'tool-a', 'arg'])).toEqual({name: '@scope/tools', range: '^1.2', bin: 'tool-a', args: ['arg']})
    expect(parseNpx(['--package=pkg@1.0.0', '--', 'pkg-bin'])).toEqual({name: 'pkg', range: '1.0.0', bin: 'pkg-bin', args: []})
    // Options this parser does not know, and specs that are not registry packages, are left to npx.
    expect(parseNpx(['--registry', 'https://r.example', 'pkg'])).toBeUndefined()
    expect(parseNpx(['-y', 'github:org/repo'])).toBeUndefined()
    expect(parseNpx(['-y'])).toBeUndefined()
    expect(splitSpec('@a/b')).toEqual({name: '@a/b'})
  })

  test('version ranges against an installed version', () => {
    expect(satisfies('1.2.3', undefined)).toBe(true)
    expect(satisfies('1.2.3', 'latest')).toBe(true)
    expect(satisfies('1.2.3', '1.2.3')).toBe(true)
    expect(satisfies('1.2.4', '1.2.3')).toBe(false)
    expect(satisfies('1.9.0', '^1.2.3')).toBe(true)
    expect(satisfies('2.0.0', '^1.2.3')).toBe(false)
    expect(satisfies('1.2.0', '^1.2.3')).toBe(false)
    expect(satisfies('0.2.9', '^0.2.1')).toBe(true)
    expect(satisfies('0.3.0', '^0.2.1')).toBe(false)
    expect(satisfies('1.2.9', '~1.2.3')).toBe(true)
    expect(satisfies('1.3.0', '~1.2.3')).toBe(false)
    expect(satisfies('1.4.0', '1.x')).toBe(true)
    expect(satisfies('2026.8.31', '2026')).toBe(true)
    expect(satisfies('1.0.0', '>=1 <2')).toBe(false)
  })

  test('uvx and docker', () => {
    expect(parseUvx(['mcp-server-git==0.6.2', '--repository', '.'])).toEqual({ecosystem: 'pypi', name: 'mcp-server-git', version: '0.6.2'})
    expect(parseUvx(['--from', 'mcp-server-fetch[extra]@1.0', 'mcp-server-fetch'])).toEqual({ecosystem: 'pypi', name: 'mcp-server-fetch', version: '1.0'})
    expect(parseUvx(['mcp-server-time'])).toEqual({ecosystem: 'pypi', name: 'mcp-server-time'})
    expect(parseDockerRun(['run', '-i', '--rm', '-e', 'TOKEN', 'ghcr.io/org/server:1.2'])).toEqual({ecosystem: 'docker', name: 'ghcr.io/org/server', version: '1.2'})
    expect(parseDockerRun(['run', '-i', 'mcp/fetch@sha256:abc'])).toEqual({ecosystem: 'docker', name: 'mcp/fetch', version: 'sha256:abc'})
    expect(parseDockerRun(['ps'])).toBeUndefined()
  })
})

describe('npx under strict', () => {
  const cache = mkdtempSync(path.join('/var/tmp', 'warden-npm-cache-'))
  afterAll(() => rmSync(cache, {recursive: true, force: true}))

  /** A package as npx leaves it in its cache: `_npx/<hash>/node_modules/<name>`, with a bin that starts a fixture server. */
  function cachedPackage(hash: string, name: string, version: string): void {
    const dir = path.join(cache, '_npx', hash, 'node_modules', name)
    mkdirSync(path.join(dir, 'bin'), {recursive: true})
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({name, version, bin: {[name]: 'bin/server.mjs'}}))
    const bin = path.join(dir, 'bin/server.mjs')
    writeFileSync(bin, `#!/usr/bin/env node\nimport ${JSON.stringify(path.join(ROOT, 'fixtures/servers/probe-paginated.mjs'))}\n`)
    chmodSync(bin, 0o755)
  }

  test('a package in npx\'s cache runs from there, offline, with its version recorded', async () => {
    cachedPackage('aaa111', 'warden-cached-server', '1.0.0')
    cachedPackage('bbb222', 'warden-cached-server', '2.1.0')
    const env = {PATH: process.env.PATH, HOME: process.env.HOME, npm_config_cache: cache}
    expect(findInNpxCache({name: 'warden-cached-server', range: '^1', args: []}, env)?.version).toBe('1.0.0')
    const r = await probeServer(stdio('cached', 'npx', ['-y', 'warden-cached-server@2.1.0']), opts({sandbox: 'strict', env}))
    expect(r.sandbox).toBe('strict')
    expect(r.manifest.tools).toHaveLength(5)
    expect(r.package).toEqual({ecosystem: 'npm', name: 'warden-cached-server', version: '2.1.0'})
    expect(r.notes).toEqual(["ran warden-cached-server@2.1.0 from npx's cache instead of npx"])
  })

  test('strict refuses a package that is not installed, saying how to install it', async () => {
    const config = stdio('missing', 'npx', ['-y', '@modelcontextprotocol/server-memory@1.0.0'])
    const err = await failure(probeServer(config, opts({sandbox: 'strict'})))
    expect(err.message).toBe('server "missing": npx @modelcontextprotocol/server-memory@1.0.0 (not installed in the project or in npx\'s cache) needs the network, which --sandbox strict does not give')
    expect(err.hint).toBe(`install it first so it runs offline: npm i -D @modelcontextprotocol/server-memory@1.0.0 (in ${ROOT}), or choose --sandbox basic`)
  })

  test('auto falls back to basic for it, and says why', async () => {
    const plan = await planLaunch(stdio('missing', 'npx', ['-y', 'warden-not-installed-anywhere@3.0.0']), opts({sandbox: 'auto', env: {PATH: process.env.PATH, HOME: '/nonexistent-home'}}))
    expect(plan.level).toBe('basic')
    expect(plan.notes).toEqual(["sandbox auto used basic: npx warden-not-installed-anywhere@3.0.0 (not installed in the project or in npx's cache) needs the network"])
    expect(path.basename(plan.command)).toBe('npx')
    expect(plan.args).toEqual(['-y', 'warden-not-installed-anywhere@3.0.0'])
    expect(plan.package).toEqual({ecosystem: 'npm', name: 'warden-not-installed-anywhere', version: '3.0.0'})
  })

  test('uvx and docker need the network too: strict refuses, auto uses basic', async () => {
    await expect(planLaunch(stdio('py', 'uvx', ['mcp-server-git==0.6.2']), opts({sandbox: 'strict'}))).rejects.toThrow('uvx mcp-server-git needs the network, which --sandbox strict does not give')
    // A stand-in docker on PATH: planning only looks the command up, it runs nothing.
    const bin = path.join(cache, 'bin')
    mkdirSync(bin, {recursive: true})
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexit 1\n', {mode: 0o755})
    const docker = await planLaunch(stdio('img', 'docker', ['run', '-i', '--rm', 'mcp/fetch:1.0']), opts({sandbox: 'auto', env: {PATH: `${bin}:/usr/bin:/bin`}}))
    expect(docker.level).toBe('basic')
    expect(docker.command).toBe(path.join(bin, 'docker'))
    expect(docker.package).toEqual({ecosystem: 'docker', name: 'mcp/fetch', version: '1.0'})
    expect(docker.notes).toEqual(['sandbox auto used basic: docker run needs the network'])
  })
})
