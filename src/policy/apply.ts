// Apply a policy to findings: severity overrides, disabled rules, suppressions. Suppressed findings
// are kept (marked) so reports count them; expired and unused suppressions become findings themselves
// so that a suppression never silently outlives its reason.

import type {Finding} from '../core/finding.js'
import {fingerprintOf} from '../rules/engine.js'
import {requireRule} from '../rules/registry.js'
import {join} from '../source/pointer.js'
import type {LoadedPolicy} from './load.js'
import type {Suppression} from './schema.js'

export function disabledRules(policy: LoadedPolicy): Set<string> {
  const out = new Set<string>()
  for (const [id, setting] of Object.entries(policy.policy.rules ?? {})) {
    if (setting === 'off' || setting.enabled === false) out.add(id)
  }
  return out
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== '*' && s.rule !== f.ruleId) return false
  if (s.server !== undefined && s.server !== f.location.server) return false
  if (s.tool !== undefined && s.tool !== f.location.name) return false
  if (s.file !== undefined && s.file.replace(/^\.\//, '') !== f.location.file.replace(/^\.\//, '')) return false
  return true
}

/** `today` is injectable so tests and goldens do not depend on the date. */
export function applyPolicy(findings: Finding[], policy: LoadedPolicy, today = new Date().toISOString().slice(0, 10)): Finding[] {
  const overrides = policy.policy.rules ?? {}
  const sups = policy.policy.suppressions ?? []
  const used = new Array<boolean>(sups.length).fill(false)
  const out: Finding[] = []
  for (const f of findings) {
    const o = overrides[f.ruleId]
    const g = o && o !== 'off' && o.severity ? {...f, severity: o.severity} : f
    const i = sups.findIndex((s) => matches(s, g) && !(s.expires && s.expires < today))
    if (i >= 0) {
      used[i] = true
      out.push({...g, suppressed: {reason: sups[i].reason, ...(sups[i].expires ? {expires: sups[i].expires} : {})}})
    } else out.push(g)
  }
  if (policy.file) {
    for (const [i, s] of sups.entries()) {
      const expired = s.expires !== undefined && s.expires < today
      if (!expired && used[i]) continue
      const ruleId = expired ? 'suppression-expired' : 'suppression-unused'
      const meta = requireRule(ruleId).meta
      const pointer = join('/suppressions', i)
      const pos = policy.locate(pointer)
      const target = [s.rule, s.server, s.tool].filter(Boolean).join(' / ')
      out.push({
        ruleId,
        category: meta.category,
        severity: meta.severity,
        confidence: meta.confidence,
        message: expired ? `suppression of ${target} expired on ${s.expires}: the finding it hid is reported again` : `suppression of ${target} matched no finding: remove it`,
        owasp: meta.owasp,
        cwe: meta.cwe,
        location: {file: policy.file, line: pos.line, column: pos.column, pointer, kind: 'config'},
        evidence: s.reason,
        fingerprint: fingerprintOf([ruleId, policy.file, s.rule, s.server ?? '', s.tool ?? '', s.reason]),
      })
    }
  }
  return out
}
