// Variable references in client configs: `${VAR}`, `${VAR:-default}` (Claude Code), `${env:VAR}`
// (Cursor, VS Code), `${input:id}` (VS Code), `${{ secrets.NAME }}` (Continue), `$VAR`, and the
// clients' own variables (`${workspaceFolder}`, `${userHome}`). A reference is not a secret; the lock
// records it as written, and only the probe resolves it, to build the launched server's environment.

import path from 'node:path'
import type {ServerConfig} from '../model/config.js'

export type ReferenceKind = 'env' | 'input' | 'secret' | 'builtin'

export interface Reference {
  kind: ReferenceKind
  /** Variable, input id, secret or client-variable name. */
  name: string
  /** The reference as written, e.g. `${GITHUB_TOKEN:-}`. */
  raw: string
  index: number
  /** `${VAR:-default}` (used when unset or empty) or `${VAR-default}` (used when unset). */
  fallback?: {text: string; whenEmpty: boolean}
}

/** Variables the clients define themselves (VS Code, Cursor, Claude Code); not environment variables. */
export const CLIENT_VARIABLES = new Set([
  'workspaceFolder',
  'workspaceFolderBasename',
  'workspaceRoot',
  'userHome',
  'cwd',
  'pathSeparator',
  '/',
  'file',
  'fileBasename',
  'fileDirname',
  'relativeFile',
  'execPath',
])

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
const MAX_REF = 1024

/** Every reference in `text`, in order. Nested references in a fallback are reported by `resolve`. */
export function findReferences(text: string): Reference[] {
  const out: Reference[] = []
  let i = text.indexOf('$')
  while (i >= 0 && i < text.length) {
    const ref = readReference(text, i)
    if (ref) {
      out.push(ref)
      i = text.indexOf('$', i + ref.raw.length)
    } else i = text.indexOf('$', i + (text[i + 1] === '$' ? 2 : 1))
  }
  return out
}

function readReference(text: string, i: number): Reference | undefined {
  const next = text[i + 1]
  if (next === '{' && text[i + 2] === '{') {
    // Continue: ${{ secrets.NAME }} / ${{ inputs.NAME }}
    const end = text.indexOf('}}', i + 3)
    if (end < 0 || end - i > MAX_REF) return undefined
    const m = /^\s{0,16}(secrets|inputs)\.([A-Za-z_][A-Za-z0-9_-]{0,127})\s{0,16}$/.exec(text.slice(i + 3, end))
    if (!m) return undefined
    return {kind: m[1] === 'secrets' ? 'secret' : 'input', name: m[2], raw: text.slice(i, end + 2), index: i}
  }
  if (next === '{') {
    const end = matchingBrace(text, i + 1)
    if (end < 0) return undefined
    const body = text.slice(i + 2, end)
    const raw = text.slice(i, end + 1)
    const colonAt = body.indexOf(':')
    const scope = colonAt > 0 ? body.slice(0, colonAt) : ''
    if (['env', 'input', 'config', 'command', 'workspaceFolder'].includes(scope) && body.length > colonAt + 1 && body.length <= 300) {
      const name = body.slice(colonAt + 1)
      if (scope === 'env') return NAME.test(name) ? {kind: 'env', name, raw, index: i} : undefined
      if (scope === 'input') return {kind: 'input', name, raw, index: i}
      return {kind: 'builtin', name: `${scope}:${name}`, raw, index: i}
    }
    if (CLIENT_VARIABLES.has(body)) return {kind: 'builtin', name: body, raw, index: i}
    const m = /^([A-Za-z_][A-Za-z0-9_]{0,127})(?:(:?)-(.*))?$/s.exec(body)
    if (!m) return undefined
    return {kind: 'env', name: m[1], raw, index: i, ...(m[3] === undefined ? {} : {fallback: {text: m[3], whenEmpty: m[2] === ':'}})}
  }
  // Bare $VAR: not inside a word (`pa$word` is a password, not a reference) and not escaped.
  const before = i > 0 ? text[i - 1] : ''
  if (/[A-Za-z0-9\\$]/.test(before)) return undefined
  const m = /^[A-Za-z_][A-Za-z0-9_]{0,127}/.exec(text.slice(i + 1, i + 130))
  if (!m) return undefined
  return {kind: 'env', name: m[0], raw: '$' + m[0], index: i}
}

/** Index of the `}` closing the `{` at `open`, counting nested `${...}`; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0
  const limit = Math.min(text.length, open + MAX_REF)
  for (let j = open; j < limit; j++) {
    const c = text[j]
    if (c === '{') depth++
    else if (c === '}' && --depth === 0) return j
  }
  return -1
}

export function hasReferences(text: string): boolean {
  return text.includes('$') && findReferences(text).length > 0
}

/** The text with every reference blanked out (same length, so offsets still match the original). */
export function blankReferences(text: string): string {
  const refs = findReferences(text)
  if (refs.length === 0) return text
  let out = ''
  let last = 0
  for (const r of refs) {
    out += text.slice(last, r.index) + ' '.repeat(r.raw.length)
    last = r.index + r.raw.length
  }
  return out + text.slice(last)
}

/** Every string of a config entry a client expands references in, with the field it sits in. */
export function entryStrings(entry: ServerConfig): string[] {
  const out: string[] = []
  if (entry.command !== undefined) out.push(entry.command)
  out.push(...entry.args, ...Object.values(entry.env), ...Object.values(entry.headers))
  if (entry.url !== undefined) out.push(entry.url)
  if (entry.cwd !== undefined) out.push(entry.cwd)
  return out
}

function collect(texts: string[], pick: (r: Reference) => string | undefined): string[] {
  const names = new Set<string>()
  const visit = (t: string, depth: number) => {
    for (const r of findReferences(t)) {
      const n = pick(r)
      if (n !== undefined) names.add(n)
      if (r.fallback && depth < 8) visit(r.fallback.text, depth + 1)
    }
  }
  for (const t of texts) visit(t, 0)
  return [...names].sort()
}

/** Codex names variables to pass through (`env_vars`), to read a token from, or to fill a header from. */
function codexVariables(raw: Record<string, unknown>): string[] {
  const out: string[] = []
  if (Array.isArray(raw.env_vars)) for (const v of raw.env_vars) if (typeof v === 'string' && NAME.test(v)) out.push(v)
  if (typeof raw.bearer_token_env_var === 'string' && NAME.test(raw.bearer_token_env_var)) out.push(raw.bearer_token_env_var)
  const h = raw.env_http_headers
  if (h && typeof h === 'object' && !Array.isArray(h)) {
    for (const v of Object.values(h)) if (typeof v === 'string' && NAME.test(v)) out.push(v)
  }
  return out
}

/**
 * The environment variables a server needs from the caller's environment: every `${VAR}`,
 * `${env:VAR}`, `$VAR` and Continue `${{ secrets.VAR }}` in its launch, plus the names Codex passes
 * through. Sorted, unique. Variables with a fallback are included: when set, they are used.
 */
export function referencedVariables(entry: ServerConfig): string[] {
  const names = new Set(collect(entryStrings(entry), (r) => (r.kind === 'env' || r.kind === 'secret' ? r.name : undefined)))
  for (const n of codexVariables(entry.raw)) names.add(n)
  return [...names].sort()
}

/** VS Code `${input:id}` ids: values the client prompts the user for, not environment variables. */
export function referencedInputs(entry: ServerConfig): string[] {
  return collect(entryStrings(entry), (r) => (r.kind === 'input' ? r.name : undefined))
}

export interface ResolveOptions {
  /** Values for `${input:id}` (VS Code prompts for these). */
  inputs?: Record<string, string | undefined>
  /** Values for client variables: `workspaceFolder`, `userHome`... (`pathSeparator` defaults to the OS one). */
  builtins?: Record<string, string | undefined>
}

export type Resolved = {ok: true; value: string} | {ok: false; missing: string[]}

/**
 * Expand every reference in `value` from `env` (and inputs and client variables). A reference with
 * no value and no fallback is missing: the result lists each missing name once (`input:id` for
 * inputs), so the probe can report exactly which variable a server needs.
 */
export function resolveReferences(value: string, env: Record<string, string | undefined>, opts: ResolveOptions = {}): Resolved {
  const missing = new Set<string>()
  const out = expand(value, env, opts, missing, 0)
  return missing.size === 0 ? {ok: true, value: out} : {ok: false, missing: [...missing].sort()}
}

function expand(value: string, env: Record<string, string | undefined>, opts: ResolveOptions, missing: Set<string>, depth: number): string {
  const refs = findReferences(value)
  if (refs.length === 0) return value
  let out = ''
  let last = 0
  for (const r of refs) {
    out += value.slice(last, r.index) + lookup(r, env, opts, missing, depth)
    last = r.index + r.raw.length
  }
  return out + value.slice(last)
}

function lookup(r: Reference, env: Record<string, string | undefined>, opts: ResolveOptions, missing: Set<string>, depth: number): string {
  switch (r.kind) {
    case 'env':
    case 'secret': {
      const v = Object.prototype.hasOwnProperty.call(env, r.name) ? env[r.name] : undefined
      if (r.fallback && (v === undefined || (r.fallback.whenEmpty && v === ''))) {
        return depth < 8 ? expand(r.fallback.text, env, opts, missing, depth + 1) : r.fallback.text
      }
      if (v === undefined) missing.add(r.name)
      return v ?? ''
    }
    case 'input': {
      const v = opts.inputs?.[r.name]
      if (v === undefined) missing.add(`input:${r.name}`)
      return v ?? ''
    }
    case 'builtin': {
      const v = opts.builtins?.[r.name] ?? (r.name === 'pathSeparator' || r.name === '/' ? path.sep : undefined)
      if (v === undefined) missing.add(r.name)
      return v ?? ''
    }
  }
}

/**
 * The launch fields of an entry with every reference resolved. `env` is the entry's own env block plus
 * the variables Codex passes through by name.
 */
export type ResolvedLaunch = Pick<ServerConfig, 'command' | 'args' | 'env' | 'url' | 'headers' | 'cwd'> & {
  /** Names with no value, across every field; empty when the launch is complete. */
  missing: string[]
}

/** Resolve every field of an entry for launching it (the probe); never used for what the lock records. */
export function resolveLaunch(entry: ServerConfig, env: Record<string, string | undefined>, opts: ResolveOptions = {}): ResolvedLaunch {
  const missing = new Set<string>()
  const one = (v: string) => expand(v, env, opts, missing, 0)
  const map = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, one(v)]))
  const outEnv = map(entry.env)
  if (Array.isArray(entry.raw.env_vars)) {
    for (const n of entry.raw.env_vars) {
      if (typeof n !== 'string' || !NAME.test(n) || n in outEnv) continue
      const v = env[n]
      if (v === undefined) missing.add(n)
      else outEnv[n] = v
    }
  }
  return {
    ...(entry.command === undefined ? {} : {command: one(entry.command)}),
    args: entry.args.map(one),
    env: outEnv,
    ...(entry.url === undefined ? {} : {url: one(entry.url)}),
    headers: map(entry.headers),
    ...(entry.cwd === undefined ? {} : {cwd: one(entry.cwd)}),
    missing: [...missing].sort(),
  }
}
