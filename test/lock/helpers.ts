// Lock entries and files built from plain manifests, for unit tests of lock, diff and check.
import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {entryOf, makeLock} from '../../src/lock/entry.js'
import type {Launch, Lockfile, LockServer} from '../../src/lock/format.js'
import {readLock, type LoadedLock} from '../../src/lock/read.js'
import {stringifyLock} from '../../src/lock/serialize.js'
import {emptyManifest, type ServerManifest} from '../../src/model/manifest.js'
import type {ServerConfig} from '../../src/model/config.js'

export const LAUNCH: Launch = {transport: 'stdio', command: 'node', args: ['server.js'], env: []}

export function manifest(partial: Partial<ServerManifest> = {}): ServerManifest {
  return {...emptyManifest(), serverInfo: {name: 'demo', version: '1.0.0'}, protocolVersion: '2025-06-18', ...partial}
}

export const readFile = {
  name: 'read_file',
  description: 'Read a file from the project folder.',
  inputSchema: {type: 'object', properties: {path: {type: 'string', description: 'File path'}}, required: ['path']},
  annotations: {readOnlyHint: true},
}

export function entry(m: Partial<ServerManifest> = {}, launch: Launch = LAUNCH): LockServer {
  return entryOf({source: {file: '.mcp.json', pointer: '/mcpServers/demo'}, launch, manifest: manifest(m)})
}

export function lockOf(servers: Record<string, LockServer>): Lockfile {
  return makeLock(servers)
}

export function tempDir(prefix = 'mcp-warden-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** Write a lock value (as is, no re-serialization tricks) and read it back as the CLI would. */
export function writeLock(dir: string, value: unknown, name = 'mcp.lock'): LoadedLock {
  const file = path.join(dir, name)
  writeFileSync(file, typeof value === 'string' ? value : stringifyLock(value))
  return readLock(file)
}

export function config(name: string, over: Partial<ServerConfig> = {}): ServerConfig {
  return {
    name,
    client: 'claude-code',
    file: '.mcp.json',
    pointer: `/mcpServers/${name}`,
    transport: 'stdio',
    command: 'node',
    args: ['server.js'],
    env: {},
    headers: {},
    pointers: {command: `/mcpServers/${name}/command`, args: `/mcpServers/${name}/args`},
    raw: {},
    ...over,
  }
}
