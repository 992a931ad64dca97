// Fresh temporary folders for one launch (HOME, working folder, TMPDIR), removed afterwards, so a
// server starts with no dotfiles of the caller and leaves nothing behind.

import {mkdtemp, mkdir, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {realpathOr} from './paths.js'

export interface Workspace {
  root: string
  home: string
  work: string
  tmp: string
  dispose(): Promise<void>
}

export async function createWorkspace(): Promise<Workspace> {
  // realpath: bwrap binds and `cwd` comparisons need the real location, not a symlinked /tmp.
  const root = await mkdtemp(path.join(realpathOr(os.tmpdir()), 'mcp-warden-probe-'))
  const home = path.join(root, 'home')
  const work = path.join(root, 'work')
  const tmp = path.join(root, 'tmp')
  await Promise.all([mkdir(home), mkdir(work), mkdir(tmp)])
  return {
    root,
    home,
    work,
    tmp,
    // A server may have made files read-only or deep trees; force and retry so cleanup does not fail the probe.
    dispose: () => rm(root, {recursive: true, force: true, maxRetries: 3}).catch(() => undefined),
  }
}
