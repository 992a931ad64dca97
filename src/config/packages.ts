// The packages a launch line installs and runs: `npx`/`bunx`/`pnpm dlx`/`yarn dlx`/`npm exec` (npm),
// `uvx`/`uv tool run`/`pipx run` (PyPI), `docker run`/`podman run` (container images); with how each
// is pinned. Used by the supply-chain rules and by the lock (`launch.package`).

import type {ServerConfig} from '../model/config.js'
import {programName, simpleCommands, type SimpleCommand, type Token} from './command.js'
import {parseContainerRun} from './container.js'

export type Ecosystem = 'npm' | 'pypi' | 'docker'

/**
 * How a package reference is pinned: `exact` version, image `digest`, image `tag` without a digest,
 * `latest`, a version `range`, an npm `dist-tag`, `none` at all, a git `branch` or `commit`, a `url`
 * (tarball or wheel), or a `local` path (not a package: never reported).
 */
export type Pin = 'exact' | 'digest' | 'tag' | 'latest' | 'range' | 'dist-tag' | 'none' | 'branch' | 'commit' | 'url' | 'local'

export interface PackageRef {
  ecosystem: Ecosystem
  /** `npx`, `pnpm dlx`, `uvx`, `docker run`... */
  launcher: string
  /** As written (`@scope/name@^1.2`, `mcp-server-git==0.6.2`, `ghcr.io/org/img:1.0`). */
  spec: string
  /** Package or image name, without version, tag or digest. */
  name: string
  /** Version, range, tag or git ref as written. */
  version?: string
  pin: Pin
  /** Pointer of the field the spec is written in. */
  pointer: string
  /** `-y`/`--yes`: installed without asking. */
  autoYes: boolean
  /** `uvx --with X`: an extra dependency installed beside the main package. */
  extra?: boolean
  /** True when found inside a wrapper or shell script (`sh -c "npx ..."`). */
  wrapped: boolean
}

// npm `npx`-style options that take a value; any other option is a flag.
const NPX_VALUE = new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig', '--loglevel', '-w', '--workspace', '--node-options', '--prefix', '--shell'])
const UVX_VALUE = new Set([
  '--from',
  '--with',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--index',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--default-index',
  '--find-links',
  '-f',
  '--directory',
  '--project',
  '--config-file',
  '--cache-dir',
  '--python-preference',
  '--refresh-package',
  '--reinstall-package',
  '--upgrade-package',
  '-P',
  '--constraints',
  '-c',
  '--overrides',
  '--build-constraints',
  '-b',
  '--exclude-newer',
  '--index-strategy',
  '--keyring-provider',
  '--resolution',
  '--prerelease',
  '--link-mode',
  '--color',
  '--env-file',
  '--allow-insecure-host',
])
const PIPX_VALUE = new Set(['--spec', '--python', '--pip-args', '--index-url', '-i', '--fetch-python'])

interface Launcher {
  launcher: string
  ecosystem: Ecosystem
  /** Index in argv of the first word after the launcher (`npx` → 1, `pnpm dlx` → 2). */
  start: number
}

/** Which package launcher a simple command is, if any. */
export function launcherOf(argv: Token[]): Launcher | undefined {
  const prog = programName(argv[0]?.text ?? '')
  const sub = argv[1]?.text
  switch (prog) {
    case 'npx':
      return {launcher: 'npx', ecosystem: 'npm', start: 1}
    case 'bunx':
      return {launcher: 'bunx', ecosystem: 'npm', start: 1}
    case 'pnpx':
      return {launcher: 'pnpx', ecosystem: 'npm', start: 1}
    case 'bun':
      return sub === 'x' ? {launcher: 'bun x', ecosystem: 'npm', start: 2} : undefined
    case 'pnpm':
    case 'yarn':
      return sub === 'dlx' ? {launcher: `${prog} dlx`, ecosystem: 'npm', start: 2} : undefined
    case 'npm':
      return sub === 'exec' || sub === 'x' ? {launcher: `npm ${sub}`, ecosystem: 'npm', start: 2} : undefined
    case 'uvx':
      return {launcher: 'uvx', ecosystem: 'pypi', start: 1}
    case 'uv':
      return sub === 'tool' && argv[2]?.text === 'run' ? {launcher: 'uv tool run', ecosystem: 'pypi', start: 3} : undefined
    case 'pipx':
      return sub === 'run' ? {launcher: 'pipx run', ecosystem: 'pypi', start: 2} : undefined
    default:
      return undefined
  }
}

/** Every package the entry installs and runs, in launch order. */
export function packageRefs(entry: ServerConfig): PackageRef[] {
  return simpleCommands(entry).flatMap((c) => commandPackages(c))
}

export function commandPackages(cmd: SimpleCommand): PackageRef[] {
  const wrapped = cmd.via.length > 0
  const l = launcherOf(cmd.argv)
  if (l) return l.ecosystem === 'npm' ? npmPackages(cmd.argv, l, wrapped) : pypiPackages(cmd.argv, l, wrapped)
  const run = parseContainerRun(cmd.argv)
  if (run?.image) {
    const img = parseImageRef(run.image.text)
    if (!img) return []
    return [
      {
        ecosystem: 'docker',
        launcher: `${run.runtime} run`,
        spec: run.image.text,
        name: img.name,
        ...(img.tag === undefined ? {} : {version: img.tag}),
        pin: img.digest ? 'digest' : img.tag === undefined ? 'none' : img.tag === 'latest' ? 'latest' : 'tag',
        pointer: run.image.pointer,
        autoYes: false,
        wrapped,
      },
    ]
  }
  return []
}

interface Options {
  values: Array<{flag: string; value: Token}>
  flags: Set<string>
  positional?: number
}

/** Walk options up to the first positional word. */
function readOptions(argv: Token[], start: number, valued: Set<string>): Options {
  const values: Options['values'] = []
  const flags = new Set<string>()
  for (let i = start; i < argv.length; i++) {
    const t = argv[i].text
    if (t === '--') return {values, flags, ...(i + 1 < argv.length ? {positional: i + 1} : {})}
    if (!t.startsWith('-') || t === '-') return {values, flags, positional: i}
    const eq = t.indexOf('=')
    if (t.startsWith('--') && eq > 0) {
      values.push({flag: t.slice(0, eq), value: {text: t.slice(eq + 1), pointer: argv[i].pointer}})
      continue
    }
    if (valued.has(t) && i + 1 < argv.length) {
      values.push({flag: t, value: argv[i + 1]})
      i++
      continue
    }
    flags.add(t)
  }
  return {values, flags}
}

function npmPackages(argv: Token[], l: Launcher, wrapped: boolean): PackageRef[] {
  const o = readOptions(argv, l.start, NPX_VALUE)
  const autoYes = o.flags.has('-y') || o.flags.has('--yes') || o.values.some((v) => v.flag === '--yes' && v.value.text !== 'false')
  const named = o.values.filter((v) => v.flag === '-p' || v.flag === '--package').map((v) => v.value)
  const call = o.values.some((v) => v.flag === '-c' || v.flag === '--call')
  // With --package, the positional word is the binary to run, not a package.
  const specs = named.length > 0 || call ? named : o.positional === undefined ? [] : [argv[o.positional]]
  return specs.flatMap((t) => {
    const spec = parseNpmSpec(t.text)
    if (!spec || spec.pin === 'local') return []
    return [{ecosystem: 'npm' as const, launcher: l.launcher, spec: t.text, name: spec.name, ...(spec.version === undefined ? {} : {version: spec.version}), pin: spec.pin, pointer: t.pointer, autoYes, wrapped}]
  })
}

function pypiPackages(argv: Token[], l: Launcher, wrapped: boolean): PackageRef[] {
  const o = readOptions(argv, l.start, l.launcher === 'pipx run' ? PIPX_VALUE : UVX_VALUE)
  const from = o.values.find((v) => v.flag === '--from' || v.flag === '--spec')
  const main = from ? from.value : o.positional === undefined ? undefined : argv[o.positional]
  const extras = o.values.filter((v) => v.flag === '--with').flatMap((v) => v.value.text.split(',').map((text) => ({text: text.trim(), pointer: v.value.pointer})))
  const out: PackageRef[] = []
  const push = (t: Token, extra: boolean) => {
    const spec = parsePypiSpec(t.text)
    if (!spec || spec.pin === 'local') return
    out.push({ecosystem: 'pypi', launcher: l.launcher, spec: t.text, name: spec.name, ...(spec.version === undefined ? {} : {version: spec.version}), pin: spec.pin, pointer: t.pointer, autoYes: false, wrapped, ...(extra ? {extra} : {})})
  }
  if (main) push(main, false)
  for (const e of extras) if (e.text) push(e, true)
  return out
}

export interface ParsedSpec {
  name: string
  version?: string
  pin: Pin
}

const SEMVER = /^v?\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,100})?(?:\+[0-9A-Za-z.-]{1,100})?$/
const LOCAL = /^(?:\.{1,2}(?:[\\/]|$)|[\\/]|~[\\/]|[A-Za-z]:[\\/]|file:)/
const GIT_COMMIT = /^[0-9a-f]{40}$/

/** A git dependency without a ref follows its default branch. */
function gitPin(ref: string | undefined): Pin {
  if (!ref) return 'branch'
  return GIT_COMMIT.test(ref) ? 'commit' : 'branch'
}

/** An npm package spec: `name`, `@scope/name@1.2.3`, `name@^1`, `github:o/r#ref`, a tarball URL, a path. */
export function parseNpmSpec(spec: string): ParsedSpec | undefined {
  const s = spec.trim().replace(/^npm:/, '')
  if (s === '') return undefined
  if (LOCAL.test(s)) return {name: s, pin: 'local'}
  const git = /^(?:git\+[a-z]+:\/\/|git:\/\/|github:|gitlab:|bitbucket:|gist:)([^#]{1,500})(?:#(.{1,200}))?$/i.exec(s)
  if (git) return {name: git[1], ...(git[2] ? {version: git[2]} : {}), pin: gitPin(git[2])}
  if (/^https?:\/\//i.test(s)) return {name: s, pin: 'url'}
  // `owner/repo` without a scope is a GitHub shorthand, fetched from the default branch.
  const short = /^([A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100})(?:#(.{1,200}))?$/.exec(s)
  if (short && !s.startsWith('@')) return {name: short[1], ...(short[2] ? {version: short[2]} : {}), pin: gitPin(short[2])}
  const at = s.indexOf('@', 1)
  const name = at < 0 ? s : s.slice(0, at)
  const version = at < 0 ? undefined : s.slice(at + 1)
  return {name, ...(version === undefined ? {} : {version}), pin: npmVersionPin(version)}
}

export function npmVersionPin(version: string | undefined): Pin {
  if (version === undefined || version === '') return 'none'
  const v = version.trim().replace(/^=/, '')
  if (v === 'latest') return 'latest'
  if (SEMVER.test(v)) return 'exact'
  if (/^[\d^~<>=*xX|.\s-]{1,200}$/.test(v) || /^v?\d/.test(v)) return 'range'
  return 'dist-tag'
}

/** A PyPI requirement as uvx/pipx take it: `name`, `name==1.2`, `name[extra]>=1`, `name@1.2`, a VCS URL, a path. */
export function parsePypiSpec(spec: string): ParsedSpec | undefined {
  const s = spec.trim()
  if (s === '') return undefined
  if (LOCAL.test(s) || /\.(?:whl|tar\.gz|zip)$/i.test(s) && !/^https?:/i.test(s)) return {name: s, pin: 'local'}
  const vcs = /^(?:[A-Za-z0-9_.-]{1,100}\s{0,4}@\s{0,4})?git\+[a-z]+:\/\/([^@#\s]{1,500})(?:@([^#\s]{1,200}))?/i.exec(s)
  if (vcs) return {name: vcs[1], ...(vcs[2] ? {version: vcs[2]} : {}), pin: gitPin(vcs[2])}
  if (/^https?:\/\//i.test(s)) return {name: s, pin: 'url'}
  const m = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}/.exec(s)
  if (!m || s.length > 600) return undefined
  const name = m[0]
  let rest = s.slice(name.length)
  // Extras (`pkg[cli]`) say what to install beside the package, not which version.
  if (rest.startsWith('[')) rest = rest.slice(rest.indexOf(']') + 1 || rest.length)
  rest = rest.trim()
  if (rest === '') return {name, pin: 'none'}
  if (rest.startsWith('@')) {
    const v = rest.slice(1).trim()
    return {name, version: v, pin: v === 'latest' ? 'latest' : /^\d[\w.+!-]{0,100}$/.test(v) && !v.includes('*') ? 'exact' : 'range'}
  }
  const exact = /^={2,3}\s{0,4}([\w.+!-]{1,100})$/.exec(rest)
  if (exact) return {name, version: exact[1], pin: exact[1].includes('*') ? 'range' : 'exact'}
  return {name, version: rest, pin: 'range'}
}

/** PyPI names compare case-insensitively with `-`, `_` and `.` equivalent (PEP 503). */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

export interface ImageRef {
  /** Repository, with registry when written (`ghcr.io/github/github-mcp-server`, `mcp/fetch`). */
  name: string
  tag?: string
  digest?: string
}

/** `name`, `name:tag`, `name@sha256:...`, `registry:5000/org/name:tag@sha256:...`. */
export function parseImageRef(ref: string): ImageRef | undefined {
  const s = ref.trim()
  if (s === '' || /\s/.test(s) || s.startsWith('$')) return undefined
  const at = s.indexOf('@')
  const digest = at >= 0 ? s.slice(at + 1) : undefined
  const rest = at >= 0 ? s.slice(0, at) : s
  const slash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  const tag = colon > slash ? rest.slice(colon + 1) : undefined
  const name = colon > slash ? rest.slice(0, colon) : rest
  if (name === '') return undefined
  return {name, ...(tag ? {tag} : {}), ...(digest && /^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest) ? {digest} : {})}
}
