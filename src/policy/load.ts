// Load and validate the policy file. Default: `mcp-warden.yaml` in the working folder when present.

import {existsSync} from 'node:fs'
import {InputError} from '../core/errors.js'
import {parseWith} from '../core/validate.js'
import {getRule} from '../rules/registry.js'
import {readSource} from '../source/document.js'
import {join} from '../source/pointer.js'
import {PolicySchema, type Policy} from './schema.js'

export const DEFAULT_POLICY_FILE = 'mcp-warden.yaml'

export interface LoadedPolicy {
  file?: string
  policy: Policy
  /** Line of each suppression, for reporting expired and unused ones. */
  locate(pointer: string): {line: number; column: number}
}

export function loadPolicy(file: string | undefined): LoadedPolicy {
  const path = file ?? (existsSync(DEFAULT_POLICY_FILE) ? DEFAULT_POLICY_FILE : undefined)
  if (!path) return {policy: {}, locate: () => ({line: 1, column: 1})}
  const doc = readSource(path, 'yaml')
  const value = doc.value ?? {}
  const policy = parseWith(PolicySchema, value, doc, '', 'policy')
  for (const id of Object.keys(policy.rules ?? {})) {
    if (!getRule(id)) {
      const p = join('/rules', id)
      throw new InputError(`unknown rule "${id}" in policy`, {file: path, ...doc.locate(p), pointer: p}, 'run `mcp-warden rules` to list rule ids')
    }
  }
  for (const [i, s] of (policy.suppressions ?? []).entries()) {
    if (s.rule !== '*' && !getRule(s.rule)) {
      const p = join('/suppressions', i, 'rule')
      throw new InputError(`unknown rule "${s.rule}" in suppression`, {file: path, ...doc.locate(p), pointer: p}, 'run `mcp-warden rules` to list rule ids')
    }
  }
  return {file: path, policy, locate: (p) => doc.locate(p)}
}
