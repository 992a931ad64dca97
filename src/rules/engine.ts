// The one rule engine: walks a scope (servers, their items and texts, config entries, free texts),
// calls each rule's visitors, and turns reports into located, masked, fingerprinted findings.
// `scan`, `check`, `replay` and `wrap` all call `runRules`; nothing else runs rules.

import {createHash} from 'node:crypto'
import type {Finding} from '../core/finding.js'
import {severityRank} from '../core/severity.js'
import {maskSecrets} from '../secrets/patterns.js'
import {excerpt} from '../text/escape.js'
import {serverFields} from './fields.js'
import type {Located, Scope, ServerView, TextField} from './scope.js'
import type {Report, Rule, RuleContext} from './types.js'

export interface EngineOptions {
  /** Only run these rule ids (all when absent). */
  only?: Set<string>
  /** Rule ids to skip (disabled by policy). */
  disabled?: Set<string>
}

export function runRules(scope: Scope, rules: readonly Rule[], options: EngineOptions = {}): Finding[] {
  const active = rules.filter((r) => (!options.only || options.only.has(r.meta.id)) && !options.disabled?.has(r.meta.id))
  const byFingerprint = new Map<string, Finding>()
  // Every text rule walks the same texts: enumerate a server's once (a manifest of thousands of tools
  // has tens of thousands), not once per rule.
  const fieldsOf = new Map<ServerView, TextField[]>()
  const textsOf = (server: ServerView): TextField[] => {
    let list = fieldsOf.get(server)
    if (!list) fieldsOf.set(server, (list = [...serverFields(server)]))
    return list
  }

  for (const rule of active) {
    const ctx: RuleContext = {
      scope,
      report: (r) => {
        const f = toFinding(rule, r)
        const prev = byFingerprint.get(f.fingerprint)
        if (!prev || severityRank(f.severity) > severityRank(prev.severity)) byFingerprint.set(f.fingerprint, f)
      },
    }
    // One try around all of a rule's visits, not a closure a visit: the runtime pipeline runs every
    // text rule on every message.
    try {
      if (rule.scope) rule.scope(scope, ctx)
      for (const server of scope.servers) {
        if (rule.server) rule.server(server, ctx)
        if (rule.item) for (const item of server.items) rule.item(item, ctx)
        if (rule.text) for (const field of textsOf(server)) rule.text(field, ctx)
      }
      if (rule.text) for (const field of scope.texts) rule.text(field, ctx)
      if (rule.config) for (const config of scope.configs) rule.config(config, ctx)
      if (rule.drift) for (const drift of scope.drifts ?? []) rule.drift(drift, ctx)
    } catch (error) {
      // A crashing rule is a bug in mcp-warden, not in the input: keep the stack, name the rule.
      throw new Error(`rule ${rule.meta.id} failed: ${(error as Error).stack ?? error}`)
    }
  }
  return sortFindings([...byFingerprint.values()])
}

/** Run only the text visitors on free texts: the runtime pipeline's fast path for message content. */
export function runTextRules(fields: TextField[], rules: readonly Rule[]): Finding[] {
  let textRules = textRulesOf.get(rules)
  if (!textRules) textRulesOf.set(rules, (textRules = rules.filter((r) => r.text)))
  return runRules({servers: [], configs: [], texts: fields}, textRules)
}

// The text rules of each rule list, picked once: the pipeline asks for every message.
const textRulesOf = new WeakMap<readonly Rule[], Rule[]>()

function toFinding(rule: Rule, r: Report): Finding {
  const at: Located = r.at
  const pointer = r.pointer ?? at.pointer
  const pos = at.source.doc?.locate(pointer) ?? {line: 1, column: 1}
  // Masked before it is cut: a cut through a secret would leave a part no pattern recognises.
  const evidence = r.evidence === undefined ? undefined : excerpt(clip(maskSecrets(r.evidence)))
  const fingerprint = fingerprintOf([rule.meta.id, at.source.file, at.server ?? '', at.kind, at.name ?? '', relativeTo(anchorOf(at), pointer), r.key ?? ''])
  return {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity: r.severity ?? rule.meta.severity,
    confidence: r.confidence ?? rule.meta.confidence,
    message: maskSecrets(r.message),
    owasp: rule.meta.owasp,
    cwe: rule.meta.cwe,
    location: {
      file: at.source.file,
      line: pos.line,
      column: pos.column,
      pointer,
      ...(at.server === undefined ? {} : {server: at.server}),
      kind: at.kind,
      ...(at.name === undefined ? {} : {name: at.name}),
    },
    ...(evidence === undefined ? {} : {evidence}),
    fingerprint,
  }
}

/**
 * The pointer of the item (or server, or config entry) a finding belongs to. Fingerprints use the
 * pointer relative to it, because the item's own pointer holds its index in a list (`/tools/3`):
 * inserting a tool before it must not change the fingerprint of findings about it.
 */
function anchorOf(at: Located): string {
  if (!('field' in at)) return at.pointer
  const f = at as TextField
  // A free text (runtime content, --text) belongs to no item: keep its whole pointer, so two texts
  // of one message never share a fingerprint.
  return f.item?.pointer ?? f.owner?.pointer ?? ''
}

function relativeTo(anchor: string, pointer: string): string {
  return pointer === anchor || pointer.startsWith(anchor + '/') ? pointer.slice(anchor.length) : pointer
}

/**
 * Evidence is printed as a short excerpt; cut huge strings before masking and escaping them so a
 * megabyte of hostile text costs no more than a few kilobytes of work. The margin keeps a secret that
 * straddles the cut long enough to be recognized and masked.
 */
function clip(text: string): string {
  return text.length > 4096 ? text.slice(0, 4096) : text
}

export function fingerprintOf(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}

/** Deterministic order: file, line, column, then severity (worst first), then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      severityRank(b.severity) - severityRank(a.severity) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.fingerprint, b.fingerprint),
  )
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
