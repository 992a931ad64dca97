// The rule registry: every rule in src/rules/catalog/ (listed by the generated index), by id.

import {InputError} from '../core/errors.js'
import {GENERATED_RULES} from './index.generated.js'
import type {Rule} from './types.js'

export const RULES: readonly Rule[] = [...GENERATED_RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]))

export function getRule(id: string): Rule | undefined {
  return BY_ID.get(id)
}

export function requireRule(id: string): Rule {
  const r = BY_ID.get(id)
  if (!r) {
    const close = RULES.map((x) => x.meta.id).filter((x) => x.includes(id) || id.includes(x))
    throw new InputError(`unknown rule "${id}"`, {}, close.length > 0 ? `did you mean ${close.join(', ')}?` : 'run `mcp-warden rules` to list them')
  }
  return r
}

export const DOCS_BASE = 'https://github.com/mcp-warden/mcp-warden/blob/main/docs/rules/'

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`
}
