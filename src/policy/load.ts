// Load and validate the policy file (default: `mcp-warden.yaml` in the working folder when present).
// A mistake in it is exit 2 with the file, the line of the offending key and a fix: a policy that
// half-loads would silently drop a suppression or an override, and a typo must not pass as "clean".

import {existsSync} from 'node:fs'
import type {z} from 'zod'
import {InputError} from '../core/errors.js'
import {getRule, RULES} from '../rules/registry.js'
import {readSource, type SourceDocument} from '../source/document.js'
import {get, join} from '../source/pointer.js'
import {policySchema, type Policy} from './schema.js'

export const DEFAULT_POLICY_FILE = 'mcp-warden.yaml'

export interface LoadedPolicy {
  file?: string
  policy: Policy
  /** Line of each suppression, for reporting expired and unused ones. */
  locate(pointer: string): {line: number; column: number}
}

const NO_POLICY: LoadedPolicy = {policy: {}, locate: () => ({line: 1, column: 1})}

export function loadPolicy(file: string | undefined): LoadedPolicy {
  const path = file ?? (existsSync(DEFAULT_POLICY_FILE) ? DEFAULT_POLICY_FILE : undefined)
  if (!path) return NO_POLICY
  return parsePolicy(readSource(path, 'yaml'))
}

/** Validate an already parsed policy document (exported for `init`'s template test and the runtime). */
export function parsePolicy(doc: SourceDocument): LoadedPolicy {
  const file = doc.file
  const value = doc.value ?? {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('invalid policy: expected a mapping of settings at the top level', {file, line: 1, column: 1}, 'start from `mcp-warden init`, which writes a commented policy')
  }
  const r = policySchema().safeParse(value)
  if (!r.success) {
    const seen = new Set<string>()
    const located = r.error.issues
      .map((i) => explain(i, [], value))
      .map((p) => {
        const pointer = join('', ...p.path)
        // A key that is missing is often a typo of an unknown key next to it: show the typo first.
        return {...p, pointer, at: doc.locate(pointer), missing: get(value, pointer) === undefined}
      })
      .filter((p) => !seen.has(p.pointer) && seen.add(p.pointer))
    located.sort((a, b) => Number(a.missing) - Number(b.missing) || a.at.line - b.at.line || a.at.column - b.at.column)
    const first = located[0]
    const more = located.length > 1 ? ` (and ${located.length - 1} more problem${located.length > 2 ? 's' : ''})` : ''
    throw new InputError(`invalid policy: ${first.message}${more}`, {file, ...first.at, pointer: first.pointer}, first.hint)
  }
  const policy = r.data
  for (const id of Object.keys(policy.rules ?? {})) {
    if (!getRule(id)) {
      const p = join('/rules', id)
      throw new InputError(`invalid policy: unknown rule "${id}"`, {file, ...doc.locate(p), pointer: p}, ruleHint(id))
    }
  }
  for (const [i, s] of (policy.suppressions ?? []).entries()) {
    if (s.rule !== '*' && !getRule(s.rule)) {
      const p = join('/suppressions', i, 'rule')
      throw new InputError(`invalid policy: unknown rule "${s.rule}" in suppression`, {file, ...doc.locate(p), pointer: p}, ruleHint(s.rule))
    }
  }
  return {file, policy, locate: (p) => doc.locate(p)}
}

function ruleHint(id: string): string {
  const near = closest(
    id,
    RULES.map((r) => r.meta.id),
  )
  return near ? `did you mean "${near}"? run \`mcp-warden rules\` to list rule ids` : 'run `mcp-warden rules` to list rule ids'
}

type Path = Array<string | number>
interface Problem {
  path: Path
  message: string
  hint?: string
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  date: 'a date',
}

function describeValue(v: unknown): string {
  if (v === null) return 'nothing'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string') return 'text'
  return `a ${typeof v}`
}

/** Turn one zod issue into a message about the key a user wrote, with the path to its line. */
function explain(issue: z.core.$ZodIssue, prefix: Path, root: unknown): Problem {
  const path: Path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p))]
  const key = path.length > 0 ? `"${String(path.at(-1))}"` : 'the policy'
  const value = get(root, join('', ...path))
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path)
      const near = known.length > 0 ? closest(issue.keys[0], known) : undefined
      const hints = [...(near ? [`did you mean "${near}"?`] : []), ...(known.length > 0 ? [`known keys here: ${known.join(', ')}`] : [])]
      return {path: [...path, issue.keys[0]], message: `unknown key "${issue.keys[0]}"`, ...(hints.length > 0 ? {hint: hints.join('; ')} : {})}
    }
    case 'invalid_union': {
      // Report the branch that got furthest (the user clearly meant that shape), else the union's own message.
      const branches = issue.errors.map((list) => list[0]).filter((i): i is z.core.$ZodIssue => i !== undefined)
      const deep = branches.filter((i) => i.path.length > 0 || i.code === 'custom' || i.code === 'invalid_format' || i.code === 'unrecognized_keys')
      if (deep.length > 0) {
        deep.sort((a, b) => b.path.length - a.path.length)
        return explain(deep[0], path, root)
      }
      return {path, message: issue.message}
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v))
      if (allowed.length === 1) return {path, message: `${key} must be ${JSON.stringify(issue.values[0])}`}
      return {path, message: `${quoted(value)} is not a valid ${key.replace(/"/g, '')}: expected one of ${allowed.join(', ')}`}
    }
    case 'invalid_type': {
      if (value === undefined) return {path, message: issue.message.includes('Invalid input') ? `missing required key ${key}` : issue.message.toLowerCase()}
      const want = TYPE_NAMES[issue.expected] ?? issue.expected
      return {path, message: `${key} must be ${want}, not ${describeValue(value)}`}
    }
    case 'too_small':
    case 'too_big':
      // zod's own wording starts "Too small: ..."; a message the schema wrote is already for users.
      return {path, message: /^Too (small|big): /.test(issue.message) ? `${key}: ${lowerFirst(issue.message.replace(/^Too (small|big): /, ''))}` : issue.message}
    default:
      return {path, message: lowerFirst(issue.message.replace(/^Invalid input: /, ''))}
  }
}

/** A value from the file as the message quotes it: one bounded line (a hostile file may hold megabytes there). */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} characters)` : text
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1)
}

interface Def {
  type: string
  shape?: Record<string, {_zod: {def: Def}}>
  innerType?: {_zod: {def: Def}}
  in?: {_zod: {def: Def}}
  valueType?: {_zod: {def: Def}}
  element?: {_zod: {def: Def}}
  options?: Array<{_zod: {def: Def}}>
}

/** The keys the schema allows at `path`, for the "known keys here" hint. */
function knownKeys(path: Path): string[] {
  let defs: Def[] = [(policySchema() as unknown as {_zod: {def: Def}})._zod.def]
  const unwrap = (d: Def): Def[] => {
    if (d.innerType) return unwrap(d.innerType._zod.def)
    if (d.type === 'pipe' && d.in) return unwrap(d.in._zod.def)
    if (d.type === 'union' && d.options) return d.options.flatMap((o) => unwrap(o._zod.def))
    return [d]
  }
  defs = defs.flatMap(unwrap)
  for (const seg of path) {
    const next: Def[] = []
    for (const d of defs) {
      if (d.type === 'object' && d.shape && typeof seg === 'string' && seg in d.shape) next.push(...unwrap(d.shape[seg]._zod.def))
      else if (d.type === 'record' && d.valueType) next.push(...unwrap(d.valueType._zod.def))
      else if (d.type === 'array' && d.element && typeof seg === 'number') next.push(...unwrap(d.element._zod.def))
    }
    defs = next
  }
  return [...new Set(defs.flatMap((d) => (d.type === 'object' && d.shape ? Object.keys(d.shape) : [])))]
}

/** The candidate within a small edit distance of `word`, for "did you mean" hints. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99
  let prev = Array.from({length: b.length + 1}, (_v, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[b.length]
}
