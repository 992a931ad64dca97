// Run the built CLI (bin/run.js) as a user would: real process, real exit code, real streams.
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = path.join(ROOT, 'bin/run.js')
export const FIXTURES = path.join(ROOT, 'fixtures')
export const CORPUS = path.resolve(ROOT, '../shared/corpus')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], opts: {cwd?: string; input?: string; env?: Record<string, string | undefined>; timeout?: number} = {}): CliResult {
  // Tests run inside GitHub Actions too: without this, every text report there would gain annotations.
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: '1', GITHUB_ACTIONS: undefined, GITHUB_WORKSPACE: undefined, ...opts.env}
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    env,
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}
