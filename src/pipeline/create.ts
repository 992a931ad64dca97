// The runtime pipeline: one message in, one Decision out, synchronously, through the stages of
// DESIGN.md in order (validation, trust and access, rate limits, integrity, content). Each message
// is parsed once; a message with nothing the model reads skips the content scan; per-session state
// (requests in flight, listed items, rate windows) is bounded, never proportional to history.

import type {Finding, ItemKind} from '../core/finding.js'
import {severityRank} from '../core/severity.js'
import {maskSecrets} from '../secrets/patterns.js'
import {excerpt} from '../text/escape.js'
import {applyPolicy} from '../policy/apply.js'
import type {LoadedPolicy} from '../policy/load.js'
import {fingerprintOf, runTextRules} from '../rules/engine.js'
import {RULES, requireRule} from '../rules/registry.js'
import type {SourceRef, TextField} from '../rules/scope.js'
import type {Rule} from '../rules/types.js'
import {LIST_KEYS, type ManifestItemKind} from '../model/manifest.js'
import {join} from '../source/pointer.js'
import {checkAccess, classifyTool, type Classification} from './access.js'
import {resolveConfig, type ContentCategory, type PipelineConfig} from './config.js'
import {argumentFields, categoryOf, errorFields, redactText, resultFields, serverRequestFields, type ContentField} from './content.js'
import {Integrity, LIST_METHODS, type ItemDenial} from './integrity.js'
import {Pending} from './pending.js'
import {RateLimiter} from './rate.js'
import {DENY_CODES, type Action, type Decision, type JsonRpcError, type Pipeline, type PipelineEvent, type PipelineOptions} from './types.js'
import {validate, type Id, type Invalid, type Message} from './validate.js'

const RANK: Record<Action, number> = {allow: 0, flag: 1, redact: 2, reject: 3}
const NONE: readonly never[] = Object.freeze([])
const MAX_TOOLS = 20_000

/** One reason to act on a message, before the policy's suppressions are applied. */
interface Verdict {
  finding: Finding
  action: Action
  /** What the user can change to allow it (goes into the JSON-RPC error). */
  hint?: string
  /** JSON-RPC error code when this verdict rejects. */
  code?: number
  redact?: {field: ContentField; category: ContentCategory}
  remove?: {list: unknown[]; index: number}
  /** Set once the policy has been applied to `finding`. */
  settled?: boolean
  /** Acts even when its finding is suppressed: a suppression hides a finding, it never makes garbage forwardable. */
  mandatory?: boolean
  /** The policy turns its rule off: no finding, no action. */
  dropped?: boolean
}

interface Context {
  ev: PipelineEvent
  msg?: Message
  method?: string
  tool?: string
  id?: Id | null
  kind?: Decision['kind']
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

export function createPipeline(opts: PipelineOptions): Pipeline {
  return new RuntimePipeline(resolveConfig(opts))
}

class RuntimePipeline implements Pipeline {
  private readonly pending = new Pending()
  private readonly integrity: Integrity
  private readonly rate: RateLimiter
  private readonly tools = new Map<string, {descriptor?: Obj; cls?: Classification}>()
  private readonly textRules: readonly Rule[]
  private readonly categories = new Map<string, ContentCategory>()
  private readonly loaded: LoadedPolicy
  private readonly source: SourceRef
  /** False when every content category is `allow` (or its rules are off): texts are not even collected. */
  private readonly scanning: boolean

  constructor(private readonly cfg: PipelineConfig) {
    this.integrity = new Integrity(cfg.server, cfg.lock, {unlocked: !cfg.disabled.has('unlocked-tool'), changed: !cfg.disabled.has('listing-changed')})
    this.rate = new RateLimiter(cfg.server, cfg.rate, cfg.tools)
    // Rules of a category whose action is `allow` do not run at all: nothing would come of them.
    this.textRules = RULES.filter((r) => {
      if (!r.text || cfg.disabled.has(r.meta.id)) return false
      const c = categoryOf(r)
      this.categories.set(r.meta.id, c)
      return cfg.actions[c] !== 'allow'
    })
    this.loaded = {policy: cfg.policy, locate: () => ({line: 1, column: 1})}
    this.source = {file: cfg.file}
    this.scanning = this.textRules.length > 0
  }

  process(ev: PipelineEvent): Decision {
    const v = validate(ev.raw, this.cfg.maxBytes, this.cfg.maxDepth)
    if (!v.ok) return this.invalid(ev, v)
    const msg = v.msg
    switch (msg.kind) {
      case 'request':
        return ev.dir === 'c2s' ? this.clientRequest(ev, msg) : this.serverRequest(ev, msg)
      case 'notification':
        return this.notification(ev, msg)
      case 'response':
        return this.response(ev, msg)
    }
  }

  // Stage 1: anything that is not a well-formed message within the limits is never forwarded.
  private invalid(ev: PipelineEvent, bad: Invalid): Decision {
    const kind = bad.request ? 'request' : bad.id !== undefined ? 'response' : undefined
    const ctx: Context = {ev, ...(bad.id === undefined ? {} : {id: bad.id}), ...(kind ? {kind} : {})}
    // Not even `rules: invalid-message: off` lets an unreadable message through: it is refused and reported.
    const who = ev.dir === 'c2s' ? 'client' : 'server'
    return this.decide(ctx, [
      {
        finding: this.finding('invalid-message', ev, {message: `${who} sent an invalid message: ${bad.reason}`, pointer: ''}),
        action: 'reject',
        mandatory: true,
        code: bad.problem === 'parse' ? DENY_CODES.parse : DENY_CODES.invalid,
        hint: bad.problem === 'limit' ? 'raise limits.maxMessageBytes or limits.maxDepth in mcp-warden.yaml if the sender is legitimate' : `fix the ${who}: it must send one JSON-RPC 2.0 message per line`,
      },
    ])
  }

  private clientRequest(ev: PipelineEvent, msg: Extract<Message, {kind: 'request'}>): Decision {
    const params = isObj(msg.params) ? msg.params : undefined
    const ctx: Context = {ev, msg, method: msg.method, id: msg.id, kind: 'request'}
    const verdicts: Verdict[] = []
    if (msg.method === 'tools/call') {
      const tool = typeof params?.name === 'string' ? params.name : undefined
      if (tool !== undefined) {
        ctx.tool = tool
        this.gate(ctx, verdicts, tool)
        if (this.rejects(verdicts)) return this.decide(ctx, verdicts)
      }
      if (this.scanning) this.scan(ctx, verdicts, argumentFields(params))
      const d = this.decide(ctx, verdicts)
      if (d.action !== 'reject') {
        if (tool !== undefined) this.rate.record(tool, ev.ts)
        this.pending.add('c2s', msg.id, tool === undefined ? {method: msg.method} : {method: msg.method, tool})
      }
      return d
    }
    if (msg.method === 'prompts/get' || msg.method === 'resources/read') {
      const kind: ManifestItemKind = msg.method === 'prompts/get' ? 'prompt' : 'resource'
      const key = kind === 'prompt' ? params?.name : params?.uri
      if (typeof key === 'string') {
        if (kind === 'prompt') ctx.tool = key
        const denial = this.integrity.refused(kind, key)
        if (denial) verdicts.push(this.denialVerdict(ev, denial, kind === 'prompt' ? '/params/name' : '/params/uri', 'message'))
      }
    }
    const d = this.decide(ctx, verdicts)
    if (d.action !== 'reject') this.pending.add('c2s', msg.id, ctx.tool === undefined ? {method: msg.method} : {method: msg.method, tool: ctx.tool})
    return d
  }

  /** Stages 2 to 4 for a tools/call: access, rate, integrity; stops at the first stage that refuses. */
  private gate(ctx: Context, verdicts: Verdict[], tool: string): void {
    const {ev} = ctx
    const denial = checkAccess(this.cfg, tool, () => this.classify(tool))
    if (denial) {
      verdicts.push({finding: this.finding(denial.ruleId, ev, {message: denial.message, pointer: denial.pointer, name: tool}), action: 'reject', code: DENY_CODES.policy, hint: denial.hint})
      if (this.rejects(verdicts)) return
    }
    if (!this.cfg.disabled.has('rate-limit')) {
      const over = this.rate.check(tool, ev.ts)
      if (over) {
        verdicts.push({finding: this.finding('rate-limit', ev, {message: over.message, pointer: '/params/name', name: tool}), action: 'reject', code: DENY_CODES.rateLimit, hint: over.hint})
        if (this.rejects(verdicts)) return
      }
    }
    const refused = this.integrity.refused('tool', tool)
    if (refused) verdicts.push(this.denialVerdict(ev, refused, '/params/name', 'message'))
  }

  private classify(tool: string): Classification {
    const known = this.tools.get(tool)
    if (known?.cls) return known.cls
    const descriptor = known?.descriptor ?? this.integrity.lockedDescriptor('tool', tool)
    const cls = classifyTool(tool, descriptor)
    if (known) known.cls = cls
    else if (this.tools.size < MAX_TOOLS) this.tools.set(tool, {cls})
    return cls
  }

  private serverRequest(ev: PipelineEvent, msg: Extract<Message, {kind: 'request'}>): Decision {
    const ctx: Context = {ev, msg, method: msg.method, id: msg.id, kind: 'request'}
    const verdicts: Verdict[] = []
    if (this.scanning) this.scan(ctx, verdicts, serverRequestFields(msg.method, msg.params))
    return this.decide(ctx, verdicts)
  }

  private notification(ev: PipelineEvent, msg: Extract<Message, {kind: 'notification'}>): Decision {
    const ctx: Context = {ev, msg, method: msg.method, kind: 'notification'}
    if (ev.dir === 'c2s' && msg.method === 'notifications/cancelled' && isObj(msg.params)) {
      const id = msg.params.requestId
      if (typeof id === 'string' || typeof id === 'number') this.pending.cancel('c2s', id)
    }
    const d = this.decide(ctx, [])
    if (ev.dir === 's2c' && /^notifications\/(?:tools|prompts|resources)\/list_changed$/.test(msg.method)) {
      // Nothing to decide yet: the listing the client fetches next is compared again, item by item.
      return {...d, reason: `server says its ${msg.method.split('/')[1]} changed: the next listing is checked again`}
    }
    return d
  }

  private response(ev: PipelineEvent, msg: Extract<Message, {kind: 'response'}>): Decision {
    const req = this.pending.take(ev.dir, msg.id)
    const ctx: Context = {ev, msg, id: msg.id, kind: 'response', ...(req ? {method: req.method} : {}), ...(req?.tool === undefined ? {} : {tool: req.tool})}
    const verdicts: Verdict[] = []
    // Results the client sends (to sampling, roots, elicitation) go to the server, not to the model.
    if (ev.dir === 'c2s') return this.decide(ctx, verdicts)
    if (msg.error) {
      if (this.scanning) this.scan(ctx, verdicts, errorFields(msg.error as Obj))
      return this.decide(ctx, verdicts)
    }
    const result = msg.result
    if (!isObj(result)) return this.decide(ctx, verdicts)
    const listKind = req ? LIST_METHODS.get(req.method) : listingShape(result)
    if (listKind) {
      ctx.method ??= [...LIST_METHODS].find(([, k]) => k === listKind)?.[0]
      this.listing(ctx, verdicts, listKind, result)
      return this.decide(ctx, verdicts)
    }
    if (req && req.method !== 'tools/call' && req.method !== 'prompts/get' && req.method !== 'resources/read') {
      // initialize, ping, completion... carry nothing the model reads as content.
      return this.decide(ctx, verdicts)
    }
    if (this.scanning) this.scan(ctx, verdicts, resultFields(result))
    return this.decide(ctx, verdicts)
  }

  // Stage 4 on a listing: deny (remove) new and changed items; remember tools for the access stage.
  private listing(ctx: Context, verdicts: Verdict[], kind: ManifestItemKind, result: Obj): void {
    const list = result[LIST_KEYS[kind]]
    if (!Array.isArray(list)) return
    if (kind === 'tool') {
      for (const t of list) {
        if (!isObj(t) || typeof t.name !== 'string') continue
        if (this.tools.size < MAX_TOOLS || this.tools.has(t.name)) this.tools.set(t.name, {descriptor: t})
      }
    }
    for (const {index, denial} of this.integrity.listing(kind, list)) {
      const v = this.denialVerdict(ctx.ev, denial, join('/result', LIST_KEYS[kind], index), kind)
      verdicts.push({...v, action: 'redact', remove: {list, index}, hint: `${denial.hint}; until then it is hidden from the client`})
    }
  }

  private denialVerdict(ev: PipelineEvent, d: ItemDenial, pointer: string, kind: ItemKind): Verdict {
    return {finding: this.finding(d.ruleId, ev, {message: d.message, pointer, name: d.key, kind}), action: 'reject', code: DENY_CODES.integrity, hint: d.hint}
  }

  // Stage 5: text rules (injection, hidden characters, secrets, PII) on every text of the message.
  private scan(ctx: Context, verdicts: Verdict[], fields: ContentField[]): void {
    if (fields.length === 0) return
    // The same text twice in one message (a tool result mirrors `structuredContent` in a text block,
    // as the spec recommends) is scanned once; its findings are copied to every place it stands.
    const copies = new Map<string, ContentField[]>()
    for (const f of fields) {
      const same = copies.get(f.text)
      if (same) same.push(f)
      else copies.set(f.text, [f])
    }
    const findings: Finding[] = []
    for (const [text, [f]] of copies) {
      const field: TextField = {text, field: f.field, role: 'content', source: this.source, pointer: f.pointer, server: this.cfg.server, kind: 'message', ...(ctx.tool === undefined ? {} : {name: ctx.tool})}
      // One field a run: the engine fingerprints a free text relative to its own pointer, so two
      // fields of one message in one run would merge into one finding, and one of them go unredacted.
      for (const found of runTextRules([field], this.textRules)) findings.push(found)
    }
    if (findings.length === 0) return
    const byPointer = new Map(fields.map((f) => [f.pointer, f]))
    for (const found of findings) {
      const first = byPointer.get(found.location.pointer) ?? fields.find((x) => found.location.pointer.startsWith(x.pointer))
      const places = first ? (copies.get(first.text) ?? [first]) : [undefined]
      for (const field of places) {
        const f = field && field !== first ? {...found, location: {...found.location, pointer: field.pointer}, fingerprint: fingerprintOf([found.fingerprint, field.pointer])} : found
        const category = this.categories.get(f.ruleId) ?? 'injection'
        // Injection and hidden-character detectors are heuristics: what they rate below high (one
        // zero-width joiner in an emoji, a lone role tag, one imperative aimed at the reader) is
        // reported, not acted on, so a suspicion never breaks a session; `scan --fail-on high` draws the
        // same line. Secrets and PII are checked formats, and their action applies whatever the severity.
        const weak = (category === 'injection' || category === 'hidden') && severityRank(f.severity) < severityRank('high')
        const action = weak && this.cfg.actions[category] !== 'allow' ? 'flag' : this.cfg.actions[category]
        verdicts.push({
          finding: this.locate(f, ctx.ev),
          action,
          code: DENY_CODES.content,
          hint: this.contentHint(category, f.ruleId, ctx.tool),
          ...(action === 'redact' && field ? {redact: {field, category}} : {}),
        })
      }
    }
  }

  private contentHint(category: ContentCategory, ruleId: string, tool: string | undefined): string {
    const target = `server: ${this.cfg.server}` + (tool === undefined ? '' : `, tool: ${tool}`)
    return `to let it through, set actions.${category}: flag in mcp-warden.yaml, or add a suppression {rule: ${ruleId}, ${target}, reason: ...}`
  }

  /** Apply the policy (severity overrides, suppressions) to verdicts not yet settled; true when one still rejects. */
  private rejects(verdicts: Verdict[]): boolean {
    this.settle(verdicts)
    return verdicts.some((v) => v.action === 'reject' && !v.dropped && (v.mandatory || !v.finding.suppressed))
  }

  private settle(verdicts: Verdict[]): void {
    for (const v of verdicts) {
      if (v.settled) continue
      v.settled = true
      // One at a time: applyPolicy sorts, and drops the findings of rules the policy turns off.
      const [applied] = applyPolicy([v.finding], this.loaded)
      if (applied) v.finding = applied
      else if (!v.mandatory) v.dropped = true
    }
  }

  private decide(ctx: Context, verdicts: Verdict[]): Decision {
    const {ev} = ctx
    const base: Decision = {
      action: 'allow',
      ruleIds: NONE as unknown as string[],
      findings: NONE as unknown as Finding[],
      dir: ev.dir,
      line: ev.line,
      bytes: ev.raw.length,
      ...(ctx.method === undefined ? {} : {method: ctx.method}),
      ...(ctx.tool === undefined ? {} : {tool: ctx.tool}),
      ...(ctx.id === undefined ? {} : {id: ctx.id}),
      ...(ctx.kind === undefined ? {} : {kind: ctx.kind}),
    }
    if (verdicts.length === 0) return base
    this.settle(verdicts)
    const kept = verdicts.filter((v) => !v.dropped)
    const active = kept.filter((v) => v.mandatory || !v.finding.suppressed)
    let action: Action = 'allow'
    for (const v of active) if (RANK[v.action] > RANK[action]) action = v.action
    const decision: Decision = {...base, action, ruleIds: [...new Set(active.map((v) => v.finding.ruleId))].sort(), findings: kept.map((v) => v.finding)}
    if (active.length === 0) return decision
    const lead = active.find((v) => v.action === action)!
    decision.reason = lead.finding.message + (active.length > 1 ? ` (and ${active.length - 1} more)` : '')
    if (action === 'reject') {
      if (ctx.id !== undefined && ctx.id !== null && ctx.kind !== 'notification') decision.respond = this.refusal(ctx, lead)
    } else if (action === 'redact' && ctx.msg) {
      this.rewrite(active.filter((v) => v.action === 'redact'))
      decision.forward = JSON.stringify(ctx.msg.obj)
    }
    return decision
  }

  private refusal(ctx: Context, lead: Verdict): JsonRpcError {
    const what = ctx.kind === 'response' ? `result of ${ctx.method ?? 'a request'}${ctx.tool === undefined ? '' : ` ${ctx.tool}`}` : `${ctx.method ?? 'request'}${ctx.tool === undefined ? '' : ` ${ctx.tool}`}`
    const f = lead.finding
    return {
      jsonrpc: '2.0',
      id: ctx.id as Id,
      error: {
        code: lead.code ?? DENY_CODES.policy,
        message: `mcp-warden refused the ${what}: ${f.message} [${f.ruleId}]` + (lead.hint ? `; ${lead.hint}` : ''),
        data: {ruleId: f.ruleId, server: this.cfg.server, ...(ctx.tool === undefined ? {} : {tool: ctx.tool})},
      },
    }
  }

  /** Apply redactions to the parsed message in place: listed items removed, text fields masked. */
  private rewrite(redactions: Verdict[]): void {
    const removals = new Map<unknown[], Set<number>>()
    const fields = new Map<ContentField, {categories: Set<ContentCategory>; ruleIds: Set<string>}>()
    for (const v of redactions) {
      if (v.remove) {
        const s = removals.get(v.remove.list) ?? new Set<number>()
        s.add(v.remove.index)
        removals.set(v.remove.list, s)
      }
      if (v.redact) {
        const e = fields.get(v.redact.field) ?? {categories: new Set(), ruleIds: new Set()}
        e.categories.add(v.redact.category)
        e.ruleIds.add(v.finding.ruleId)
        fields.set(v.redact.field, e)
      }
    }
    for (const [field, {categories, ruleIds}] of fields) {
      let text = field.text
      const ids = [...ruleIds].sort().join(', ')
      // Targeted masks first; an injection replaces the whole text anyway.
      for (const c of ['secrets', 'pii', 'hidden', 'injection'] as const) if (categories.has(c)) text = redactText(text, c, ids)
      ;(field.holder as Obj)[field.key as string] = text
    }
    for (const [list, indexes] of removals) {
      const kept = list.filter((_x, i) => !indexes.has(i))
      list.length = 0
      list.push(...kept)
    }
  }

  /** A finding of a pipeline stage (not of a text rule), located at the message's line. */
  private finding(ruleId: string, ev: PipelineEvent, r: {message: string; pointer: string; name?: string; kind?: ItemKind; evidence?: string}): Finding {
    const meta = requireRule(ruleId).meta
    const kind = r.kind ?? 'message'
    return {
      ruleId,
      category: meta.category,
      severity: meta.severity,
      confidence: meta.confidence,
      message: maskSecrets(r.message),
      owasp: meta.owasp,
      cwe: meta.cwe,
      location: {
        file: this.cfg.file,
        line: ev.line,
        column: 1,
        pointer: r.pointer,
        server: this.cfg.server,
        kind,
        ...(r.name === undefined ? {} : {name: r.name}),
      },
      ...(r.evidence === undefined ? {} : {evidence: excerpt(maskSecrets(r.evidence))}),
      fingerprint: fingerprintOf([ruleId, this.cfg.file, this.cfg.server, kind, r.name ?? '', r.pointer, String(ev.line), ev.dir]),
    }
  }

  /** A text rule's finding moved to the message's line; the field and the line join the fingerprint, so two fields or two messages stay two findings. */
  private locate(f: Finding, ev: PipelineEvent): Finding {
    return {...f, location: {...f.location, line: ev.line, column: 1}, fingerprint: fingerprintOf([f.fingerprint, f.location.pointer, String(ev.line), ev.dir])}
  }
}

/** A result whose request was not seen: a listing is recognized by its list field. */
function listingShape(result: Obj): ManifestItemKind | undefined {
  if ('content' in result || 'contents' in result || 'messages' in result) return undefined
  for (const kind of LIST_METHODS.values()) if (Array.isArray(result[LIST_KEYS[kind]])) return kind
  return undefined
}

