// The static scan: load files into a scope, run every rule, apply the policy. Launches nothing.

import type {Finding} from '../core/finding.js'
import {loadScope} from '../inputs/load.js'
import {applyPolicy, disabledRules} from '../policy/apply.js'
import type {LoadedPolicy} from '../policy/load.js'
import {runRules} from '../rules/engine.js'
import {RULES} from '../rules/registry.js'
import type {Scope} from '../rules/scope.js'

export interface ScanResult {
  findings: Finding[]
  inputs: string[]
  skipped: string[]
  scope: Scope
}

export function scanScope(scope: Scope, policy: LoadedPolicy): Finding[] {
  return applyPolicy(runRules(scope, RULES, {disabled: disabledRules(policy)}), policy)
}

export function scanPaths(paths: string[], policy: LoadedPolicy, text?: {file: string; text: string}): ScanResult {
  const {scope, inputs, skipped} = loadScope(paths, text ? {text} : {})
  const files = inputs.map((i) => i.file)
  if (text) files.push(text.file)
  return {findings: scanScope(scope, policy), inputs: files, skipped, scope}
}
