// The rule contract (ESLint-style `{meta, visitors}`): one declaration per rule drives its id, its
// docs page, its SARIF descriptor and its policy key. Visitors are optional; the engine calls the ones
// a rule defines for every view of that type in the scope.

import type {Category, OwaspId} from '../core/finding.js'
import type {Confidence, Severity} from '../core/severity.js'
import type {ConfigView, DriftView, ItemView, Located, Scope, ServerView, TextField} from './scope.js'

export interface RuleMeta {
  /** Stable kebab-case id; also the SARIF rule id, the docs page name and the policy key. */
  id: string
  /** One line, lower case, no period. */
  summary: string
  /** What the rule looks for and why it matters (a paragraph, Markdown). */
  description: string
  category: Category
  /** Default severity; a report may raise or lower it when the evidence says so. */
  severity: Severity
  /** How sure a finding of this rule usually is; drives SARIF `precision`. */
  confidence: Confidence
  owasp: OwaspId[]
  cwe: number[]
  /** How to fix it (Markdown). */
  remediation: string
}

export interface Report {
  at: Located
  /** A pointer below (or instead of) `at.pointer`, when the rule knows the exact field. */
  pointer?: string
  message: string
  severity?: Severity
  confidence?: Confidence
  /** Short excerpt; the engine masks secrets and trims it. */
  evidence?: string
  /** Extra input to the fingerprint when one view can yield several distinct findings. */
  key?: string
}

export interface RuleContext {
  scope: Scope
  report(r: Report): void
}

export interface Rule {
  meta: RuleMeta
  text?(field: TextField, ctx: RuleContext): void
  item?(item: ItemView, ctx: RuleContext): void
  server?(server: ServerView, ctx: RuleContext): void
  config?(config: ConfigView, ctx: RuleContext): void
  drift?(drift: DriftView, ctx: RuleContext): void
  scope?(scope: Scope, ctx: RuleContext): void
}

/** Identity helper that gives rule files type checking without a class. */
export function defineRule(rule: Rule): Rule {
  return rule
}
