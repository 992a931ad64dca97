// Apply a policy to findings: severity overrides, disabled rules, suppressions. Suppressed findings
// are kept (marked) so reports count them; expired and unused suppressions become findings themselves
// so that a suppression never silently outlives its reason.

import type {Finding} from '../core/finding.js'
import {fingerprintOf, sortFindings} from '../rules/engine.js'
import {requireRule} from '../rules/registry.js'
import {join} from '../source/pointer.js'
import {excerpt} from '../text/escape.js'
import type {LoadedPolicy} from './load.js'
import type {Suppression} from './schema.js'

/** Rule ids the policy turns off (`rules: {id: off}` or `{enabled: false}`). */
export function disabledRules(policy: LoadedPolicy): Set<string> {
  const out = new Set<string>()
  for (const [id, setting] of Object.entries(policy.policy.rules ?? {})) {
    if (setting === 'off' || setting.enabled === false) out.add(id)
  }
  return out
}

/** The rules a command runs under this policy: what SARIF lists as checked. */
export function activeRules<R extends {meta: {id: string}}>(rules: readonly R[], policy: LoadedPolicy): R[] {
  const off = disabledRules(policy)
  return rules.filter((r) => !off.has(r.meta.id))
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== '*' && s.rule !== f.ruleId) return false
  if (s.server !== undefined && s.server !== f.location.server) return false
  if (s.tool !== undefined && s.tool !== f.location.name) return false
  if (s.file !== undefined && s.file.replace(/^\.\//, '') !== f.location.file.replace(/^\.\//, '')) return false
  return true
}

const isExpired = (s: Suppression, today: string) => s.expires !== undefined && s.expires < today

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10)
}

interface Settled {
  /** Undefined when the finding's rule is turned off. */
  finding?: Finding
  /** Index of the suppression that hid it. */
  usedBy?: number
}

function settle(f: Finding, policy: LoadedPolicy, off: Set<string>, today: string): Settled {
  // Findings of a rule turned off are dropped here too, for callers that ran every rule.
  if (off.has(f.ruleId)) return {}
  const o = policy.policy.rules?.[f.ruleId]
  const g = o && o !== 'off' && o.severity ? {...f, severity: o.severity} : f
  const sups = policy.policy.suppressions ?? []
  // A suppression is valid through its `expires` day.
  const i = sups.findIndex((s) => matches(s, g) && !isExpired(s, today))
  if (i < 0) return {finding: g}
  const s = sups[i]
  return {finding: {...g, suppressed: {reason: s.reason, ...(s.expires ? {expires: s.expires} : {})}}, usedBy: i}
}

/**
 * One finding under the policy (override, suppression), or undefined when its rule is off. For the
 * runtime pipeline, which settles findings one message at a time and reports no suppression findings.
 */
export function applyToFinding(f: Finding, policy: LoadedPolicy, today = todayUtc()): Finding | undefined {
  return settle(f, policy, disabledRules(policy), today).finding
}

/**
 * The findings of a run under the policy, in their order, followed by the findings about the policy
 * itself (expired and unused suppressions, in file order). `today` is injectable so tests and goldens
 * do not depend on the date.
 */
export function applyPolicy(findings: Finding[], policy: LoadedPolicy, today = todayUtc()): Finding[] {
  const off = disabledRules(policy)
  const sups = policy.policy.suppressions ?? []
  const used = new Array<boolean>(sups.length).fill(false)
  const out: Finding[] = []
  for (const f of findings) {
    const r = settle(f, policy, off, today)
    if (r.usedBy !== undefined) used[r.usedBy] = true
    if (r.finding) out.push(r.finding)
  }
  if (!policy.file) return out
  const about: Finding[] = []
  for (const [i, s] of sups.entries()) {
    const expired = isExpired(s, today)
    if (!expired && used[i]) continue
    const ruleId = expired ? 'suppression-expired' : 'suppression-unused'
    if (off.has(ruleId)) continue
    const meta = requireRule(ruleId).meta
    const pointer = join('/suppressions', i)
    const pos = policy.locate(pointer)
    const target = `rule ${s.rule}` + (s.server ? ` on server ${s.server}` : '') + (s.tool ? ` for ${s.tool}` : '') + (s.file ? ` in ${s.file}` : '')
    // Would the expired suppression still match? Then the finding it hid is back in this report.
    const hidSomething = expired && out.some((f) => matches(s, f))
    const message = !expired
      ? `suppression of ${target} matched no finding: remove it, or narrow it to what it was meant to cover`
      : hidSomething
        ? `suppression of ${target} expired on ${s.expires}: the finding it hid is reported again`
        : `suppression of ${target} expired on ${s.expires} and matches no finding now: remove it`
    const policyFinding: Finding = {
      ruleId,
      category: meta.category,
      severity: meta.severity,
      confidence: meta.confidence,
      message,
      owasp: meta.owasp,
      cwe: meta.cwe,
      location: {file: policy.file, line: pos.line, column: pos.column, pointer, kind: 'config'},
      evidence: excerpt(`reason: ${s.reason}`),
      fingerprint: fingerprintOf([ruleId, policy.file, s.rule, s.server ?? '', s.tool ?? '', s.file ?? '', s.reason]),
    }
    const r = settle(policyFinding, policy, off, today)
    if (r.finding) about.push(r.finding)
  }
  return [...out, ...sortFindings(about)]
}
