// `replay`: a recorded session streamed through the runtime pipeline (one pipeline per server, with
// the recorded times), so a team can test a policy against yesterday's traffic and reach the
// decisions `wrap` reached. Memory stays flat on any trace size: only decisions that are not `allow`
// and findings are kept, each list capped; everything is counted.

import type {Readable} from 'node:stream'
import type {Finding} from '../core/finding.js'
import {reaches, type FailOn, type Severity} from '../core/severity.js'
import type {Lockfile} from '../lock/format.js'
import {createPipeline} from '../pipeline/create.js'
import type {Action, Direction, Pipeline} from '../pipeline/types.js'
import {applyPolicy} from '../policy/apply.js'
import type {LoadedPolicy} from '../policy/load.js'
import {fingerprintOf, sortFindings} from '../rules/engine.js'
import {requireRule} from '../rules/registry.js'
import {readTrace, type ReadOptions} from '../trace/read.js'

/** Default cap on kept decisions and on kept findings: SARIF uploads take 25,000 results a run. */
export const DEFAULT_KEEP = 10_000

/** Pipelines held at once; beyond, the least recently started one is dropped (only a hostile trace gets there). */
const MAX_SESSIONS = 1000

/** Server name for events that carry none (a trace recorded without `--name`). */
export const UNNAMED_SERVER = 'default'

export interface ReplayDecision {
  line: number
  server: string
  dir: Direction
  method?: string
  tool?: string
  action: Action
  ruleIds: string[]
  reason?: string
}

export interface ReplayCounts {
  messages: number
  allowed: number
  flagged: number
  redacted: number
  rejected: number
  /** Lines that are not events (reported as `malformed-trace-line`). */
  malformed: number
}

export interface ReplayOptions {
  /** Trace path, or `-` with `stdin` set. */
  file: string
  stdin?: Readable
  policy: LoadedPolicy
  lock?: Lockfile
  /** Replay only this server; events without a server name are taken to be this server's. */
  server?: string
  /** Cap on kept non-allow decisions and on kept findings. */
  keep?: number
  read?: ReadOptions
}

export interface ReplayResult {
  findings: Finding[]
  decisions: ReplayDecision[]
  counts: ReplayCounts
  /** Decisions and findings counted but not kept because of the cap. */
  omitted: {decisions: number; findings: number}
  /** Severity counts over every finding, kept or not (suppressed ones apart). */
  totals: Record<Severity, number> & {suppressed: number}
  /** Servers seen in the trace, sorted. */
  servers: string[]
}

const COUNTER: Record<Action, keyof ReplayCounts> = {allow: 'allowed', flag: 'flagged', redact: 'redacted', reject: 'rejected'}

export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  const keep = opts.keep ?? DEFAULT_KEEP
  const counts: ReplayCounts = {messages: 0, allowed: 0, flagged: 0, redacted: 0, rejected: 0, malformed: 0}
  const totals = {critical: 0, high: 0, medium: 0, low: 0, info: 0, suppressed: 0}
  const decisions: ReplayDecision[] = []
  const findings: Finding[] = []
  const omitted = {decisions: 0, findings: 0}
  const sessions = new Map<string, {pipeline: Pipeline; messages: number}>()
  const servers = new Set<string>()

  const session = (server: string) => {
    let s = sessions.get(server)
    if (!s) {
      // A trace naming a new server on every line must not hold a pipeline for each: the oldest goes.
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string)
      if (servers.size < MAX_SESSIONS) servers.add(server)
      s = {pipeline: createPipeline({server, policy: opts.policy.policy, ...(opts.lock ? {lock: opts.lock} : {}), file: opts.file}), messages: 0}
      sessions.set(server, s)
    }
    return s
  }
  // Suppressions and severity overrides apply to each finding as it comes; unused ones are found at the end.
  const inline: LoadedPolicy = {policy: opts.policy.policy, locate: opts.policy.locate}
  const count = (f: Finding) => {
    if (f.suppressed) totals.suppressed++
    else totals[f.severity]++
  }
  const addFinding = (f: Finding) => {
    count(f)
    if (findings.length < keep) findings.push(f)
    else omitted.findings++
  }

  for await (const batch of readTrace(opts.stdin ?? opts.file, opts.read)) {
    for (const item of batch) {
      if (item.type === 'problem') {
        counts.malformed++
        const [f] = applyPolicy([malformedLine(opts.file, item.line, item.reason)], inline)
        if (f) addFinding(f)
        continue
      }
      const server = item.server ?? opts.server ?? UNNAMED_SERVER
      if (opts.server !== undefined && server !== opts.server) continue
      let s = session(server)
      let d = s.pipeline.process(item)
      // A new `initialize` starts a new session (a trace appended to by several `wrap` runs): the
      // live proxy had a fresh pipeline for it, so replay starts one too.
      if (d.method === 'initialize' && d.kind === 'request' && item.dir === 'c2s' && s.messages > 0) {
        sessions.delete(server)
        s = session(server)
        d = s.pipeline.process(item)
      }
      s.messages++
      counts.messages++
      counts[COUNTER[d.action]]++
      for (const f of d.findings) addFinding(f)
      if (d.action === 'allow') continue
      if (decisions.length >= keep) {
        omitted.decisions++
        continue
      }
      decisions.push({
        line: d.line,
        server,
        dir: d.dir,
        ...(d.method === undefined ? {} : {method: d.method}),
        ...(d.tool === undefined ? {} : {tool: d.tool}),
        action: d.action,
        ruleIds: d.ruleIds,
        ...(d.reason === undefined ? {} : {reason: d.reason}),
      })
    }
  }
  // Once more over the kept findings with the policy file known, for the suppressions that expired or
  // matched nothing in this trace (the findings themselves were settled as they came).
  const stale = opts.policy.file ? applyPolicy(findings, opts.policy).filter((f) => f.ruleId === 'suppression-unused' || f.ruleId === 'suppression-expired') : []
  for (const f of stale) count(f)
  return {
    findings: sortFindings([...findings, ...stale]),
    decisions,
    counts,
    omitted,
    totals,
    servers: [...servers].sort(),
  }
}

/** True when some finding (kept or not) reaches `--fail-on`. */
export function failsOn(result: ReplayResult, failOn: FailOn): boolean {
  return (['critical', 'high', 'medium', 'low', 'info'] as const).some((s) => result.totals[s] > 0 && reaches(s, failOn))
}

export function malformedLine(file: string, line: number, reason: string): Finding {
  const meta = requireRule('malformed-trace-line').meta
  return {
    ruleId: meta.id,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    message: `trace line ${line} is not an event: ${reason}`,
    owasp: meta.owasp,
    cwe: meta.cwe,
    location: {file, line, column: 1, pointer: ''},
    fingerprint: fingerprintOf([meta.id, file, String(line)]),
  }
}
