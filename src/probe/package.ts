// Packages that install themselves (`npx -y pkg@ver`, `uvx pkg`, `docker run image`): what they name,
// and for npm where an installed copy already is (the project's node_modules, or npx's own cache),
// so the probe can run that copy directly (no network, no install step inside the sandbox) and
// record the version that actually ran.

import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'

export interface PackageId {
  ecosystem: 'npm' | 'pypi' | 'docker' | 'other'
  name: string
  version?: string
}

export interface NpxCall {
  /** Package name without version. */
  name: string
  /** Version or range as written (`1.2.3`, `^1`, `latest`), when given. */
  range?: string
  /** The bin to run: from `-p pkg cmd`, else chosen from the package's bins. */
  bin?: string
  /** Arguments for the server itself. */
  args: string[]
}

/** npx options that take no value; anything else unknown makes the call too unusual to rewrite. */
const NPX_FLAGS = new Set(['-y', '--yes', '-q', '--quiet', '--no', '--no-install', '--prefer-offline', '--prefer-online', '--offline', '--ignore-existing', '-s', '--silent'])

/** Split `name@range` (scoped names keep their leading `@`). */
export function splitSpec(spec: string): {name: string; range?: string} {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0)
  if (at <= 0) return {name: spec}
  return {name: spec.slice(0, at), range: spec.slice(at + 1) || undefined}
}

const isRegistrySpec = (name: string) => /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)

/** Parse the arguments of `npx ...`; undefined when they use options this parser does not know. */
export function parseNpx(args: string[]): NpxCall | undefined {
  let pkg: string | undefined
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      i++
      break
    }
    if (a === '-p' || a === '--package') {
      if (pkg !== undefined || i + 1 >= args.length) return undefined
      pkg = args[++i]
      continue
    }
    if (a.startsWith('--package=')) {
      if (pkg !== undefined) return undefined
      pkg = a.slice('--package='.length)
      continue
    }
    if (a.startsWith('-')) {
      if (NPX_FLAGS.has(a)) continue
      return undefined
    }
    break
  }
  if (i >= args.length) return undefined
  const first = args[i]
  const {name, range} = splitSpec(pkg ?? first)
  if (!isRegistrySpec(name)) return undefined
  return {name, ...(range ? {range} : {}), ...(pkg !== undefined ? {bin: first} : {}), args: args.slice(i + 1)}
}

interface PackageJson {
  name?: string
  version?: string
  bin?: string | Record<string, string>
}

function readPackageJson(file: string): PackageJson | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return v && typeof v === 'object' ? (v as PackageJson) : undefined
  } catch {
    return undefined
  }
}

const EXACT = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

/**
 * Does `version` satisfy `range`? Exact versions, `^`, `~`, `x`/`*` ranges and dist-tags; tags
 * (`latest`, `next`) accept any installed version, because the registry is not consulted offline.
 */
export function satisfies(version: string, range: string | undefined): boolean {
  if (range === undefined || range === '' || range === '*' || range === 'x' || /^[a-z][\w-]*$/i.test(range)) return true
  const v = EXACT.exec(version)
  if (!v) return false
  const [maj, min, pat] = [Number(v[1]), Number(v[2]), Number(v[3])]
  if (EXACT.test(range)) return range.replace(/^v/, '') === version
  const m = /^([\^~]?)v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/.exec(range)
  if (!m) return false
  const part = (s: string | undefined) => (s === undefined || /[xX*]/.test(s) ? undefined : Number(s))
  const [op, rMaj, rMin, rPat] = [m[1], part(m[2]), part(m[3]), part(m[4])]
  if (rMaj === undefined) return true
  const cmp = (a: number[], b: number[]) => {
    for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k] - b[k]
    return 0
  }
  const low = [rMaj, rMin ?? 0, rPat ?? 0]
  if (cmp([maj, min, pat], low) < 0) return false
  if (op === '^') {
    if (rMaj > 0 || rMin === undefined) return maj === rMaj
    if (rMin > 0 || rPat === undefined) return maj === 0 && min === rMin
    return maj === 0 && min === 0 && pat === rPat
  }
  if (op === '~') return maj === rMaj && (rMin === undefined || min === rMin)
  // A plain partial version: `1` is 1.x, `1.2` is 1.2.x.
  return maj === rMaj && (rMin === undefined || min === rMin) && (rPat === undefined || pat === rPat)
}

export interface InstalledPackage {
  dir: string
  name: string
  version: string
  /** Absolute path of the bin file to run. */
  binFile: string
  /** Where it was found, for messages. */
  from: 'project' | 'npx-cache'
}

function binOf(pkg: PackageJson, dir: string, want: string | undefined): string | undefined {
  const unscoped = (pkg.name ?? '').replace(/^@[^/]+\//, '')
  if (typeof pkg.bin === 'string') return want === undefined || want === unscoped ? path.resolve(dir, pkg.bin) : undefined
  if (!pkg.bin || typeof pkg.bin !== 'object') return undefined
  const entries = Object.entries(pkg.bin)
  const hit = want !== undefined ? entries.find(([k]) => k === want) : (entries.find(([k]) => k === unscoped) ?? (entries.length === 1 ? entries[0] : undefined))
  return hit ? path.resolve(dir, hit[1]) : undefined
}

function check(dir: string, call: NpxCall, from: InstalledPackage['from']): InstalledPackage | undefined {
  const pkg = readPackageJson(path.join(dir, 'package.json'))
  if (!pkg || pkg.name !== call.name || typeof pkg.version !== 'string') return undefined
  if (!satisfies(pkg.version, call.range)) return undefined
  const binFile = binOf(pkg, dir, call.bin)
  if (!binFile) return undefined
  try {
    if (!statSync(binFile).isFile()) return undefined
  } catch {
    return undefined
  }
  return {dir, name: pkg.name, version: pkg.version, binFile, from}
}

/** The project's own copy: `node_modules/<name>` in the project root or a folder above it. */
export function findInProject(call: NpxCall, projectRoot: string): InstalledPackage | undefined {
  let dir = path.resolve(projectRoot)
  for (;;) {
    const hit = check(path.join(dir, 'node_modules', call.name), call, 'project')
    if (hit) return hit
    const up = path.dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/** npm's cache folder as npm itself would pick it for the caller. */
export function npmCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_config_cache) return env.npm_config_cache
  return env.HOME ? path.join(env.HOME, '.npm') : undefined
}

/** A copy npx installed earlier: `<cache>/_npx/<hash>/node_modules/<name>`, newest first. */
export function findInNpxCache(call: NpxCall, env: NodeJS.ProcessEnv): InstalledPackage | undefined {
  const cache = npmCacheDir(env)
  if (!cache) return undefined
  const root = path.join(cache, '_npx')
  let dirs: string[]
  try {
    dirs = readdirSync(root)
  } catch {
    return undefined
  }
  const hits: {pkg: InstalledPackage; mtime: number}[] = []
  for (const d of dirs) {
    const dir = path.join(root, d, 'node_modules', call.name)
    const pkg = check(dir, call, 'npx-cache')
    if (!pkg) continue
    try {
      hits.push({pkg, mtime: statSync(path.join(dir, 'package.json')).mtimeMs})
    } catch {
      // Removed while we looked.
    }
  }
  hits.sort((a, b) => b.mtime - a.mtime)
  return hits[0]?.pkg
}

/**
 * The npm package a script belongs to, when it lives inside `node_modules` (a server run as
 * `node node_modules/pkg/dist/index.js`, or through a `node_modules/.bin` link).
 */
export function packageOfFile(file: string): PackageId | undefined {
  let dir = path.dirname(file)
  for (;;) {
    if (dir.includes(`${path.sep}node_modules${path.sep}`)) {
      const pkg = readPackageJson(path.join(dir, 'package.json'))
      if (pkg?.name && typeof pkg.version === 'string' && dir.endsWith(path.join('node_modules', pkg.name))) {
        return {ecosystem: 'npm', name: pkg.name, version: pkg.version}
      }
    }
    const up = path.dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/** `uvx [opts] pkg[==ver] args` or `uvx --from pkg==ver cmd args`: the Python package named. */
export function parseUvx(args: string[]): PackageId | undefined {
  let from: string | undefined
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === '--from') from = args[++i]
    else if (a.startsWith('--from=')) from = a.slice(7)
    else if (a === '--with' || a === '--python' || a === '-p' || a === '--index' || a === '--index-url') i++
    else if (!a.startsWith('-')) break
  }
  const spec = from ?? args[i]
  if (!spec) return undefined
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?(?:(?:==|@)([^\s,;]+))?$/.exec(spec)
  if (!m) return {ecosystem: 'pypi', name: spec}
  return {ecosystem: 'pypi', name: m[1], ...(m[2] ? {version: m[2]} : {})}
}

/** `docker|podman run [opts] image[:tag] args`: the image named (options with values are skipped). */
export function parseDockerRun(args: string[]): PackageId | undefined {
  if (args[0] !== 'run') return undefined
  const withValue = new Set(['-e', '--env', '-v', '--volume', '--name', '-p', '--publish', '--network', '--env-file', '-w', '--workdir', '-u', '--user', '--entrypoint', '--mount', '--platform', '-l', '--label'])
  for (let i = 1; i < args.length; i++) {
    const a = args[i]
    if (withValue.has(a)) i++
    else if (!a.startsWith('-')) {
      const at = a.lastIndexOf('@')
      const colon = a.lastIndexOf(':')
      if (at > 0) return {ecosystem: 'docker', name: a.slice(0, at), version: a.slice(at + 1)}
      if (colon > a.lastIndexOf('/')) return {ecosystem: 'docker', name: a.slice(0, colon), version: a.slice(colon + 1)}
      return {ecosystem: 'docker', name: a}
    }
  }
  return undefined
}
