// Turns the weighted signals of src/text/signals.ts into a rule's verdict: one severity and one
// confidence from the rule's own (primary) evidence and the context around it, so every semantic rule
// grades the same way and a single weak cue never fails a build.

import {severityRank, type Confidence, type Severity} from '../core/severity.js'
import {analyze} from '../text/analyze.js'
import {combine, fieldEvidence, type Evidence, type Signal, type SignalKind} from '../text/signals.js'
import type {TextField} from './scope.js'
import type {RuleContext} from './types.js'
import {whereOf} from './where.js'

export interface Grade {
  severity: Severity
  confidence: Confidence
  /** The number the grade came from (primary + weighted support), for tests and the eval. */
  score: number
}

/** Support counts at 60%, capped: context raises a finding, it cannot make one from nothing. */
const SUPPORT_FACTOR = 0.6
const SUPPORT_CAP = 5

/**
 * Grade a finding. `primary` is the rule's own evidence, `support` the rest of the text's.
 * A strong cue alone (3, "ignore previous instructions") is high; a medium cue (2-2.5) needs context
 * to reach high; a weak cue (1, "silently") needs a lot of it; below 1.5 nothing is reported.
 */
export function grade(primary: number, support: number, role: TextField['role'] = 'metadata'): Grade | undefined {
  if (primary < 1) return undefined
  const score = primary + SUPPORT_FACTOR * Math.min(support, SUPPORT_CAP)
  let severity: Severity
  if (score >= 4.5) severity = 'critical'
  else if (score >= 3) severity = 'high'
  else if (score >= 2) severity = 'medium'
  else if (score >= 1.5) severity = 'low'
  else return undefined
  // In a live proxy every content finding acts on the message: weak evidence there only informs.
  if (role === 'content' && severity === 'low') return undefined
  const confidence: Confidence = score >= 4.5 || (primary >= 3 && support >= 1) ? 'high' : score >= 2.5 ? 'medium' : 'low'
  return {severity, confidence, score}
}

/** The folded view a signal was found in (its `index` points into it). */
export function viewOf(field: TextField, s: Signal): string {
  if (s.origin === 'lines') return s.excerpt
  return analyze(field.text).views.find((v) => v.origin === s.origin)?.text ?? s.excerpt
}

/** Signals of the given kinds. */
export function ofKinds(ev: Evidence, kinds: readonly SignalKind[]): Signal[] {
  return ev.signals.filter((s) => kinds.includes(s.kind))
}

/** Support: every signal outside `primary` that is more than a passing word (weight 1 and up). */
export function support(ev: Evidence, primary: readonly SignalKind[]): number {
  return combine(ev.signals.filter((s) => s.weight >= 1 && !primary.includes(s.kind)))
}

const KIND_WORDS: Partial<Record<SignalKind, string>> = {
  override: 'an instruction override',
  delegation: 'instructions fetched from elsewhere',
  'response-steering': 'steering of the model\'s answer',
  'model-directed': 'text addressed to the model',
  secrecy: 'secrecy toward the user',
  'forced-order': 'a forced call order',
  threat: 'a threat',
  'sensitive-target': 'a sensitive file',
  harvest: 'data harvesting',
  sink: 'an outbound channel',
  block: 'an instruction block',
  'dangerous-code': 'dangerous code',
  concealed: 'hidden or encoded text',
}

/** "also: secrecy toward the user, a sensitive file": the context that raised the severity. */
export function alsoNote(ev: Evidence, primary: readonly SignalKind[]): string {
  const seen: string[] = []
  for (const s of ev.signals) {
    if (primary.includes(s.kind) || s.weight < 1.5) continue
    const w = KIND_WORDS[s.kind]
    if (w && !seen.includes(w)) seen.push(w)
  }
  return seen.length === 0 ? '' : ` (with ${seen.slice(0, 4).join(', ')})`
}

/**
 * Fields the semantic rules read. Names and URIs are identifiers (other rules judge them); tool-call
 * arguments are written by the model for a tool, not instructions aimed at the model.
 */
export function readsField(field: TextField): boolean {
  return field.field !== 'name' && field.field !== 'param-name' && field.field !== 'uri' && field.field !== 'argument'
}

export interface ReportOptions {
  primary: readonly SignalKind[]
  /** Lower-case phrase after "<where> ": "tells the model to ignore its instructions". */
  says: (top: Signal) => string
  /** Which signals of the primary kinds count for this rule (default: all of them). */
  counts?: (s: Signal) => boolean
  /** Adjust the primary score (e.g. a same-server reference); return 0 to drop. */
  adjust?: (primary: number, top: Signal, ev: Evidence) => number
  /** Signals that must not count as support (already folded into a primary weight). */
  ignore?: (s: Signal) => boolean
  /** Cap the severity (same-server references). */
  cap?: (top: Signal, ev: Evidence) => Severity | undefined
  pointer?: string
  key?: string
}

/**
 * A description is read as one piece of evidence. A long text (a file, a web page, a log returned by
 * a tool) is a document: a "silently" in one paragraph and a path to a key file in another are not one
 * request. Past this length, only signals near each other add up.
 */
export const DOCUMENT_CHARS = 4000
/** How near, in characters of the folded text: about a paragraph. */
export const NEIGHBOURHOOD = 600

/**
 * Signals found in the text as written count together when close; decoded payloads count wherever
 * they are. Role lines ("User:", "Assistant:") are found in the visible text before whitespace is
 * folded, so their offsets run a little ahead of the folded view's: near enough for a paragraph.
 */
const inText = (s: Signal) => s.origin === 'visible' || s.origin === 'lines'
function near(a: Signal, b: Signal): boolean {
  if (!inText(a) || !inText(b)) return true
  return Math.abs(a.index - b.index) <= NEIGHBOURHOOD
}

/** The signals that grade together with `top`: all of them in a short text, its neighbours in a document. */
function around(ev: Evidence, top: Signal, isDocument: boolean): Evidence {
  return isDocument ? {...ev, signals: ev.signals.filter((s) => near(top, s))} : ev
}

/** The common path of a text rule: evidence, grade, one report with the strongest excerpt. */
export function reportField(field: TextField, ctx: RuleContext, o: ReportOptions): Grade | undefined {
  if (!readsField(field)) return undefined
  const ev = fieldEvidence(field)
  const all = ofKinds(ev, o.primary).filter((s) => !o.counts || o.counts(s))
  if (all.length === 0) return undefined
  // Only tool results: a description or server instructions padded past the limit is how poisoning
  // hides instructions, and is read as one piece whatever its length.
  const isDocument = field.role === 'content' && field.text.length > DOCUMENT_CHARS
  // In a document each primary signal is graded with its own neighbourhood and the best one is
  // reported; in a short text there is one neighbourhood, the whole text.
  const tops = isDocument ? all : [all.reduce((a, b) => (b.weight > a.weight ? b : a))]
  let best: {g: Grade; top: Signal; local: Evidence} | undefined
  for (const candidate of tops) {
    const local = around(ev, candidate, isDocument)
    const mine = isDocument ? all.filter((s) => near(candidate, s)) : all
    const top = mine.reduce((a, b) => (b.weight > a.weight ? b : a))
    let primary = combine(mine)
    if (o.adjust) primary = o.adjust(primary, top, local)
    const context = o.ignore ? {...local, signals: local.signals.filter((s) => !o.ignore!(s))} : local
    const g = grade(primary, support(context, o.primary), field.role)
    if (g && (!best || g.score > best.g.score)) best = {g, top, local}
  }
  if (!best) return undefined
  const {g, top, local} = best
  const cap = o.cap?.(top, local)
  const severity = cap && severityRank(g.severity) > severityRank(cap) ? cap : g.severity
  ctx.report({
    at: field,
    ...(o.pointer === undefined ? {} : {pointer: o.pointer}),
    message: `${whereOf(field)} ${o.says(top)}${alsoNote(local, o.primary)}`,
    severity,
    confidence: g.confidence,
    evidence: top.excerpt,
    ...(o.key === undefined ? {} : {key: o.key}),
  })
  return {...g, severity}
}
