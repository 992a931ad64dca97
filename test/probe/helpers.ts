// Config entries and process checks shared by the probe tests.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'vitest'
import type {ServerConfig} from '../../src/model/config.js'
import {ServerProbeError} from '../../src/probe/index.js'
import type {ProbeOptions} from '../../src/probe/types.js'
import {ROOT} from '../helpers/cli.js'

export const SERVERS = path.join(ROOT, 'fixtures/servers')

/** A stdio config entry as discovery would produce it. */
export function stdio(name: string, command: string, args: string[] = [], env: Record<string, string> = {}, extra: Partial<ServerConfig> = {}): ServerConfig {
  return {name, client: 'generic', file: '.mcp.json', pointer: `/mcpServers/${name}`, transport: 'stdio', command, args, env, headers: {}, pointers: {}, raw: {command, args, env}, ...extra}
}

/** A fixture server from fixtures/servers, run with node, relative to the project root (as a config would write it). */
export function fixture(file: string, env: Record<string, string> = {}, name = file.replace(/\.mjs$/, '')): ServerConfig {
  return stdio(name, 'node', [`fixtures/servers/${file}`], env)
}

export function opts(extra: Partial<ProbeOptions> = {}): ProbeOptions {
  return {timeoutMs: 10_000, sandbox: 'basic', projectRoot: ROOT, env: {PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8'}, ...extra}
}

export function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0]
    return state !== undefined && state !== 'Z'
  } catch {
    return false
  }
}

/** Pids of live processes whose environment holds `NAME=value` exactly. */
export function processesWithEnv(entry: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry) && alive(Number(name))) out.push(Number(name))
    } catch {
      // Gone, or not ours to read.
    }
  }
  return out
}

/** The ServerProbeError a probe must fail with (the test fails when it succeeds or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<ServerProbeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ServerProbeError)
  return err as ServerProbeError
}
