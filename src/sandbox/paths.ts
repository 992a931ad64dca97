// Path helpers for launches: find a command the way a shell would, and decide which folders a strict
// sandbox must re-expose after hiding the caller's home and /tmp (the launch still needs its Node,
// its package and the project it was configured in).

import {accessSync, constants, existsSync, realpathSync, statSync} from 'node:fs'
import path from 'node:path'

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable `name` in the folders of `pathVar`, or undefined. */
export function findOnPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue
    const candidate = path.join(dir, name)
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

/**
 * An absolute path for a configured command: a bare name is looked up on PATH, a path with a slash
 * is taken relative to `base` (the project root). Undefined when nothing executable is there.
 */
export function resolveCommand(command: string, base: string, pathVar: string | undefined): string | undefined {
  if (command.includes('/')) {
    const abs = path.resolve(base, command)
    return isExecutableFile(abs) ? abs : undefined
  }
  return findOnPath(command, pathVar)
}

export function realpathOr(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * Which hidden folders to keep hidden and what to bind back read-only: for each needed path under a
 * hidden folder, its top-level entry there is re-exposed (`/root/.nvm` for a Node installed by nvm,
 * `/tmp/project` for a project in /tmp). A hidden folder that is itself needed is not hidden.
 */
export function planExposure(hidden: string[], needed: string[]): {hide: string[]; readOnly: string[]} {
  const hide = hidden.filter((h) => !needed.some((n) => path.resolve(n) === path.resolve(h)))
  const readOnly = new Set<string>()
  for (const n of needed) {
    const abs = path.resolve(n)
    for (const h of hide) {
      if (abs === h || !isInside(abs, h)) continue
      const top = path.join(h, path.relative(h, abs).split(path.sep)[0])
      if (existsSync(top)) readOnly.add(top)
    }
  }
  // A folder inside another re-exposed folder needs no bind of its own.
  const sorted = [...readOnly].sort()
  return {hide, readOnly: sorted.filter((p) => !sorted.some((q) => q !== p && isInside(p, q)))}
}
