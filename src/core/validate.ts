// Turn zod issues into an InputError (or IntegrityError) that names the file, the line of the
// offending value and the JSON pointer, so every format we read fails the same, readable way.

import type {z} from 'zod'
import {InputError, type WardenError} from './errors.js'
import type {SourceDocument} from '../source/document.js'
import {join} from '../source/pointer.js'

export function issuePointer(base: string, issue: z.core.$ZodIssue): string {
  return join(base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)))
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const last = issue.path.at(-1)
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `missing required key "${String(last)}"`
  return issue.message.replace(/^Invalid input: /, '').toLowerCase()
}

/** Parse `value` (found at `base` in `doc`) with `schema`, or throw an error pointing at the first issue. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  doc: SourceDocument,
  base: string,
  what: string,
  make: (message: string, place: {file: string; line: number; column: number; pointer: string}) => WardenError = (m, p) => new InputError(m, p),
): z.infer<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const pointer = issuePointer(base, issue)
  const at = doc.locate(pointer)
  return (() => {
    throw make(`invalid ${what}: ${describeIssue(issue)}`, {file: doc.file, ...at, pointer})
  })()
}
