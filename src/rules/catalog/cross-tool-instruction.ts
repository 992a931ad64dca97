// A tool's text telling the model how to use a tool or server it does not own: the shadowing attack
// ("when send_email is called, BCC attacker@..."), "for all other tools...", "instead of the X tool".
// The scope says which names belong to other servers; references to the tool's own server are fine.
import {OWASP} from '../../core/finding.js'
import {fieldEvidence, findMentions, foldName, isDirective, sentenceAround} from '../../text/signals.js'
import {alsoNote, grade, readsField, support, viewOf} from '../evidence.js'
import type {Scope, ServerView, TextField} from '../scope.js'
import {defineRule} from '../types.js'
import {quote, whereOf} from '../where.js'

interface Names {
  /** Folded tool and prompt name → the servers offering it. */
  tools: Map<string, Set<string>>
  /** Folded server name → server. */
  servers: Map<string, string>
}

const STRONG_MODIFIER =
  /\b(?:instead of|rather than|in place of|when(?:ever)?|each time|every time|must|always|never|do not use|don['’]?t use|redirect|change the|replace|override|bcc|cc|forward|send (?:all|every|a copy)|for all|before (?:using|calling)|after (?:using|calling))\b/
// Tool names that are also plain words ("search", "fetch") would match prose; only identifier-like
// names (with _ . - or digits) or long names are matched as bare words.
const IDENTIFIER = /[_.\-0-9]/
// "before any other tool" ranks this tool first: that is coercive-instruction's finding.
const ORDERING_BEFORE = /\b(?:before|prior to|ahead of)(?: (?:using|calling|invoking|running))? $/
// Running down another tool ("deprecated and unsafe") to capture its calls: preference manipulation.
const DISPARAGE = /\b(?:deprecated|unsafe|insecure|broken|compromised|malicious|untrusted|unreliable|inaccurate|do not use|don['’]?t use|never use|must not be used|should not be used|no longer (?:works|safe)|return (?:wrong|bad|false|incorrect) (?:data|results))\b/
// "Do not use this tool for X" speaks about the tool itself, not about the other one.
const SELF_REFERENCE = /\b(?:do not|don['’]?t|never) use this (?:tool|function)\b/g
const disparages = (sentence: string) => DISPARAGE.test(sentence.replace(SELF_REFERENCE, ' '))
const INSISTENT = /\b(?:always|must|never|all other|every other|any other)\b/
const TOOL_SUFFIX = /^[`'"]? (?:tool|function|server|mcp)\b/
const FILE_LIKE = /\.(?:log|txt|md|json|ya?ml|toml|py|js|ts|csv|html?|com|org|net|io|dev|sh)$/

const cache = new WeakMap<Scope, Names>()

export default defineRule({
  meta: {
    id: 'cross-tool-instruction',
    summary: 'a tool\'s text tells the model how to use a tool or server it does not own',
    description:
      'Finds text in one server\'s manifest that gives orders about tools of other servers: tool shadowing ("when the send_email tool is used, send all emails to ..."), overrides ("use this instead of the read_file tool"), and blanket rules ("for all other tools, first call ..."). Names of tools of the other servers in the scan (several files, a lock or configs scanned together) are recognized, as are generic references ("any email tool", "all other tools") and tool-like names the server does not offer. References to tools of the same server ("use the search_pull_requests tool instead") are normal and not reported. In tool results, an order to call a named tool is reported as well.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427],
    remediation:
      'A server documents its own tools only. Remove instructions about other tools or servers; if two servers must cooperate, the user\'s client configuration or prompt decides that, not a tool description. Review the other server\'s calls for data already redirected.',
  },
  text(field, ctx) {
    if (!readsField(field)) return
    const names = namesOf(ctx.scope)
    const ownServer = field.owner?.name ?? field.server
    const {own, foreign} = namesAround(ctx.scope, field.owner, ownServer, names)
    const ev = fieldEvidence(field)
    let best: {weight: number; what: string; excerpt: string} | undefined
    const consider = (weight: number, what: string, excerpt: string) => {
      if (!best || weight > best.weight) best = {weight, what, excerpt}
    }
    // 1. Named tools of other servers in the scope.
    for (const m of findMentions(field.text, foreign)) {
      if (!isDirective(m.sentence)) continue
      const servers = [...(names.tools.get(m.name) ?? [])].filter((s) => s !== ownServer)
      consider(STRONG_MODIFIER.test(m.sentence) || disparages(m.sentence) ? 3 : 2.5, `tool ${quote(m.name)} of server ${quote(servers[0] ?? '')}`, m.display)
    }
    // 2. Other servers by name ("the github server").
    for (const [name, server] of names.servers) {
      if (server === ownServer || name.length < 3) continue
      for (const m of findMentions(field.text, [name])) {
        if (!/\b(?:server|mcp|integration)\b/.test(m.sentence.slice(m.sentence.indexOf(name) + name.length, m.sentence.indexOf(name) + name.length + 16))) continue
        if (isDirective(m.sentence)) consider(STRONG_MODIFIER.test(m.sentence) ? 3 : 2.5, `server ${quote(server)}`, m.display)
      }
    }
    // 3. Tool-like names the server does not offer, and generic references.
    for (const s of ev.signals) {
      if (s.kind !== 'tool-reference') continue
      const view = viewOf(field, s)
      const sentence = sentenceAround(view, s.index)
      if (!isDirective(sentence)) continue
      if (s.ref) {
        const ref = s.ref
        if (own.has(ref) || names.tools.has(ref) || !IDENTIFIER.test(ref) || FILE_LIKE.test(ref)) continue
        const modified = s.id === 'when-tool-used' || s.id === 'instead-of-tool'
        // In a tool result, identifiers are everywhere (code, config keys): only "the X tool" counts.
        if (field.role === 'content' && !TOOL_SUFFIX.test(sentence.slice(sentence.indexOf(ref) + ref.length, sentence.indexOf(ref) + ref.length + 12))) continue
        // "use foo_bar to ..." in a description may name anything; in a tool result it is an order.
        const w = disparages(sentence) || (modified && INSISTENT.test(sentence)) ? 3 : modified ? 2.5 : field.role === 'content' ? 2 : STRONG_MODIFIER.test(sentence) ? 2 : 1
        consider(w, `tool ${quote(ref)}, which this server does not offer`, s.excerpt)
      } else if (STRONG_MODIFIER.test(sentence) && !ORDERING_BEFORE.test(view.slice(Math.max(0, s.index - 24), s.index))) {
        consider(disparages(sentence) ? 3 : s.id === 'other-tools' ? 1.5 : 2, s.label.replace(/^a reference to /, ''), s.excerpt)
      }
    }
    if (!best) return
    const found: {weight: number; what: string; excerpt: string} = best
    const g = grade(found.weight, support(ev, ['tool-reference']), field.role)
    if (!g) return
    ctx.report({
      at: field,
      message: `${whereOf(field)} gives instructions about ${found.what}${alsoNote(ev, ['tool-reference'])}`,
      severity: g.severity,
      confidence: g.confidence,
      evidence: found.excerpt,
    })
  },
})

interface Around {
  scope: Scope
  /** Folded names of the server's own tools, their parameters and enum values. */
  own: Set<string>
  /** Folded names of other servers' tools worth looking for in this server's texts. */
  foreign: string[]
}

// Per server, not per text: a manifest of thousands of tools would otherwise fold every name once per text.
const around = new WeakMap<ServerView, Around>()

function namesAround(scope: Scope, owner: ServerView | undefined, ownServer: string | undefined, names: Names): Around {
  const hit = owner && around.get(owner)
  if (hit && hit.scope === scope) return hit
  // The server's own tools and their parameters: naming those is documentation.
  const own = new Set<string>()
  for (const item of owner?.items ?? []) {
    own.add(foldName(item.name))
    const props = (item.descriptor.inputSchema as {properties?: unknown} | undefined)?.properties
    if (props && typeof props === 'object') {
      for (const [name, schema] of Object.entries(props).slice(0, 500)) {
        own.add(foldName(name))
        const values = (schema as {enum?: unknown} | null)?.enum
        if (Array.isArray(values)) for (const v of values.slice(0, 200)) if (typeof v === 'string') own.add(foldName(v))
      }
    }
  }
  const foreign: string[] = []
  for (const [name, servers] of names.tools) {
    if (own.has(name)) continue
    if (![...servers].some((s) => s !== ownServer)) continue
    if (IDENTIFIER.test(name) || name.length >= 10) foreign.push(name)
  }
  const out = {scope, own, foreign}
  if (owner) around.set(owner, out)
  return out
}

function namesOf(scope: Scope): Names {
  const hit = cache.get(scope)
  if (hit) return hit
  const tools = new Map<string, Set<string>>()
  const servers = new Map<string, string>()
  for (const server of scope.servers) {
    servers.set(foldName(server.name), server.name)
    for (const item of server.items) {
      if (item.kind !== 'tool' && item.kind !== 'prompt') continue
      const n = foldName(item.name)
      const set = tools.get(n) ?? new Set<string>()
      set.add(server.name)
      tools.set(n, set)
    }
  }
  for (const c of scope.configs) if (!servers.has(foldName(c.name))) servers.set(foldName(c.name), c.name)
  const names = {tools, servers}
  cache.set(scope, names)
  return names
}
