// bubblewrap: whether it works on this machine (checked once per process with a trivial sandboxed
// command, because an installed bwrap can still be refused namespaces by the kernel or a container),
// and the argument list that confines one server launch.

import {spawn} from 'node:child_process'
import {findOnPath} from './paths.js'

export interface BwrapStatus {
  ok: boolean
  /** The bwrap executable found on PATH. */
  path?: string
  /** Why it cannot be used (not installed, or the kernel refused the namespaces), for messages. */
  reason?: string
}

let cached: Promise<BwrapStatus> | undefined

/** The flags every strict launch uses; the check runs them once, so a "yes" means strict really works. */
const BASE_FLAGS = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp']

function run(cmd: string, args: string[], ms: number): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {stdio: ['ignore', 'ignore', 'pipe'], env: {PATH: process.env.PATH ?? '/usr/bin:/bin'}})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({code: -1, stderr: err.message})
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stderr})
    })
  })
}

/** Does bubblewrap run here with the strict flags? Cached for the life of the process. */
export function bwrapStatus(): Promise<BwrapStatus> {
  cached ??= (async () => {
    if (process.platform !== 'linux') return {ok: false, reason: 'bubblewrap needs Linux'}
    const found = findOnPath('bwrap', process.env.PATH)
    if (!found) return {ok: false, reason: 'bubblewrap (bwrap) is not installed'}
    const r = await run(found, [...BASE_FLAGS, '--', 'true'], 10_000)
    if (r.code === 0) return {ok: true, path: found}
    const why = r.stderr.trim().split('\n')[0] || `exit code ${r.code}`
    return {ok: false, path: found, reason: `bubblewrap cannot create its namespaces here (${why})`}
  })()
  return cached
}

export interface BwrapPlan {
  /** Folders hidden behind an empty tmpfs (besides /tmp): the caller's home, /run. */
  hide: string[]
  /** Read-only binds made after the hiding, to re-expose what the launch needs. */
  readOnly: string[]
  /** The only writable places: the launch's temporary HOME, working folder and TMPDIR. */
  writable: string[]
  cwd: string
}

/** Arguments for `bwrap <args> -- command args...`: no network, read-only root, only `writable` writable. */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = [...BASE_FLAGS]
  for (const dir of plan.hide) args.push('--tmpfs', dir)
  for (const p of plan.readOnly) args.push('--ro-bind', p, p)
  for (const p of plan.writable) args.push('--bind', p, p)
  args.push('--chdir', plan.cwd)
  return args
}
