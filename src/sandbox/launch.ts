// Start one command at a sandbox level: `off` (allowlisted environment only), `basic` (plus a fresh
// HOME, TMPDIR and working folder), `strict` (plus bubblewrap: no network, read-only root, the
// caller's home, /tmp and /run hidden, only the launch's own temporary folders writable). Every
// level caps output and kills the whole process tree at the end.

import {randomUUID} from 'node:crypto'
import path from 'node:path'
import type {SandboxLevel, SandboxMode} from '../probe/types.js'
import {bwrapArgs, bwrapStatus} from './bwrap.js'
import {buildEnv} from './env.js'
import {planExposure, realpathOr} from './paths.js'
import {LaunchedProcess} from './process.js'
import {createWorkspace, type Workspace} from './workspace.js'

export class SandboxUnavailableError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message)
    this.name = 'SandboxUnavailableError'
  }
}

export interface LevelChoice {
  level: SandboxLevel
  /** Why `auto` did not reach `strict`, to show to the user. */
  note?: string
}

const BASIC = 'or run with --sandbox basic (clean environment and a temporary HOME, no OS isolation; --sandbox auto picks strict where it works)'

/**
 * What to do when strict cannot run: install bubblewrap, or, when it is installed but refused its
 * namespaces (Ubuntu 23.10+ and its GitHub runners restrict unprivileged user namespaces with
 * AppArmor), allow them.
 */
export function strictHint(installed: boolean): string {
  if (!installed) return `install bubblewrap (Debian, Ubuntu and GitHub's Ubuntu runners: sudo apt-get install -y bubblewrap; Fedora: sudo dnf install bubblewrap), ${BASIC}`
  return `allow unprivileged user namespaces (on Ubuntu 24.04 and its GitHub runners: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; in a container, run it with --privileged or a seccomp profile that permits them), ${BASIC}`
}

/** Turn the requested mode into the level that will run; `strict` without bubblewrap is an error, never a silent downgrade. */
export async function chooseLevel(mode: SandboxMode): Promise<LevelChoice> {
  if (mode === 'off' || mode === 'basic') return {level: mode}
  const status = await bwrapStatus()
  if (status.ok) return {level: 'strict'}
  if (mode === 'strict') throw new SandboxUnavailableError(`--sandbox strict is not available: ${status.reason}`, strictHint(status.path !== undefined))
  return {level: 'basic', note: `sandbox auto used basic: ${status.reason}`}
}

export interface SandboxRequest {
  level: SandboxLevel
  /** Absolute path of the executable. */
  command: string
  args: string[]
  /** The config's variables, references resolved. */
  configuredEnv: Record<string, string>
  /** Extra variables the launcher needs (not from the config). */
  extraEnv?: Record<string, string>
  callerEnv: NodeJS.ProcessEnv
  /** The configured working folder (absolute); a fresh one when undefined (off: the project root). */
  cwd?: string
  projectRoot: string
  /** Paths the launch reads (its command, script, package, Node): kept visible under strict. */
  reads: string[]
}

export interface Sandboxed {
  process: LaunchedProcess
  level: SandboxLevel
  /** Stop every process of the launch, then remove its temporary folders. */
  dispose(): Promise<void>
}

export async function startSandboxed(req: SandboxRequest): Promise<Sandboxed> {
  const marker = randomUUID()
  const ws: Workspace | undefined = req.level === 'off' ? undefined : await createWorkspace()
  const env = buildEnv({caller: req.callerEnv, configured: req.configuredEnv, home: ws?.home, tmpdir: ws?.tmp, marker, extra: req.extraEnv})
  const cwd = req.cwd ?? ws?.work ?? req.projectRoot
  let command = req.command
  let args = req.args
  if (req.level === 'strict') {
    const status = await bwrapStatus()
    if (!status.ok || !status.path) {
      await ws?.dispose()
      throw new SandboxUnavailableError(`--sandbox strict is not available: ${status.reason}`, strictHint(status.path !== undefined))
    }
    const callerHome = req.callerEnv.HOME ? realpathOr(req.callerEnv.HOME) : undefined
    // The caller's home holds credentials (.npmrc, .ssh, cloud CLIs): hidden unless the launch lives there.
    const hidden = ['/tmp', '/run', ...(callerHome && callerHome !== '/' ? [callerHome] : [])]
    const pathDirs = (env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d))
    const needed = [req.projectRoot, req.command, ...req.reads, ...pathDirs, path.dirname(path.dirname(process.execPath)), ...(req.cwd ? [req.cwd] : [])].map(realpathOr)
    const exposure = planExposure(hidden, needed)
    // /tmp itself is always a fresh tmpfs: it comes first in bwrap's flags, so it is not in `hide`.
    const hide = exposure.hide.filter((h) => h !== '/tmp')
    const readOnly = exposure.hide.includes('/tmp') ? exposure.readOnly : ['/tmp', ...exposure.readOnly]
    const writable = ws ? [ws.home, ws.work, ws.tmp] : []
    args = [...bwrapArgs({hide, readOnly, writable, cwd}), '--', command, ...args]
    command = status.path
  }
  const proc = new LaunchedProcess({command, args, env, cwd, marker})
  return {
    process: proc,
    level: req.level,
    dispose: async () => {
      await proc.terminate()
      await ws?.dispose()
    },
  }
}
