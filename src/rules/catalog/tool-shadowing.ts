// Tool-name shadowing: a tool whose name collides with, or imitates, a tool of another configured
// server or a well-known tool. The model picks tools by name; a collision lets one server capture
// calls (and the arguments, files and secrets in them) meant for another.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {join} from '../../source/pointer.js'
import {visibleText} from '../../text/analyze.js'
import {instructionSignals} from '../../text/instructive.js'
import {foldConfusables} from '../../text/unicode.js'
import {likeness, nameForms, type Likeness} from '../name-similarity.js'
import type {ItemView, Scope, ServerView} from '../scope.js'
import {defineRule, type RuleContext} from '../types.js'
import {normalizeName, serverTokens, WELL_KNOWN_BY_NAME} from '../well-known-tools.js'
import {clip, quote} from '../where.js'

interface Tool {
  item: ItemView
  server: ServerView
  name: string
  norm: string
  description: string
  tokens: Set<string>
}

export default defineRule({
  meta: {
    id: 'tool-shadowing',
    summary: 'a tool name collides with or imitates another server\'s tool or a well-known tool',
    description:
      'Models choose tools by name. Two configured servers that offer the same tool name leave the choice to chance, or to whichever description pushes harder; a name one or two characters away from another server\'s tool or a well-known tool (`read_fi1e`, `send-emai1`, `raed_file`) is built to be picked by mistake. A tool named exactly like a well-known tool of a famous server (read_file, execute_command, send_email, bash, fetch...) but offered by another server is reported as low: file servers legitimately use such names, and the finding is there to be known, not to fail a build.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP09],
    cwe: [1007],
    remediation:
      'Rename the tool so it is unique among the configured servers (a server-specific prefix works), or drop one of the two servers. If a server imitates a well-known tool name on purpose, do not use it. Clients that namespace tools per server (`mcp__server__tool`) reduce the risk but do not remove it: the model still reads both descriptions.',
  },
  scope(scope, ctx) {
    const tools = collect(scope)
    // A tool reported as a duplicate or a near copy needs no informative finding on top.
    const reported = new Set<ItemView>()
    const track: RuleContext = {scope: ctx.scope, report: (r) => (reported.add(r.at as ItemView), ctx.report(r))}
    duplicates(tools, track)
    nearCopies(tools, track)
    wellKnown(tools.filter((t) => !reported.has(t.item)), ctx)
  },
})

function collect(scope: Scope): Tool[] {
  const out: Tool[] = []
  for (const server of scope.servers) {
    const info = server.manifest.serverInfo?.name
    const cfg = server.config
    const tokens = serverTokens([server.name, typeof info === 'string' ? info : undefined, cfg?.name, cfg?.command, ...(cfg?.args ?? []), cfg?.url])
    for (const item of server.items) {
      if (item.kind !== 'tool') continue
      const d = item.descriptor
      out.push({item, server, name: item.name, norm: normalizeName(visibleText(item.name)), description: typeof d.description === 'string' ? d.description : '', tokens})
    }
  }
  return out
}

const at = (t: Tool) => ({at: t.item, pointer: join(t.item.pointer, 'name')})

// (a) The same name (up to case and separators) offered by two or more servers.
function duplicates(tools: Tool[], ctx: RuleContext): void {
  const byName = new Map<string, Tool[]>()
  for (const t of tools) byName.set(t.norm, [...(byName.get(t.norm) ?? []), t])
  for (const group of byName.values()) {
    const servers = new Set(group.map((t) => t.server.name))
    if (servers.size < 2) continue
    const descriptions = new Set(group.map((t) => t.description.trim()))
    for (const t of group) {
      const others = group.filter((o) => o.server.name !== t.server.name)
      if (others.length === 0) continue
      const otherNames = [...new Set(others.map((o) => o.server.name))]
      const signals = instructionSignals(t.description)
      // Claiming to replace *another* tool is the shadowing move ("use this instead of the original
      // send_email"); pointing at a successor of its own ("DEPRECATED: use read_text_file instead",
      // in server-filesystem) is ordinary, so a bare "deprecated"/"instead" is not evidence.
      const refers = otherNames.some((s) => mentions(t.description, s)) || REPLACES_OTHER.test(t.description)
      let severity: Severity
      let why = ''
      if (descriptions.size === 1) {
        severity = 'low'
        why = '; identical descriptors, likely two instances of one server'
      } else if (signals.level === 'strong' || refers) {
        severity = 'high'
        why = refers ? '; its description refers to the other server or tool' : `; its description reads as an instruction (${signals.reasons.slice(0, 2).join(', ')})`
      } else severity = 'medium'
      ctx.report({
        ...at(t),
        message: `tool ${quote(t.name)} is also offered by server${otherNames.length > 1 ? 's' : ''} ${otherNames.map(quote).join(', ')}: the model cannot tell which one it calls${why}`,
        severity,
        confidence: severity === 'high' ? 'high' : 'medium',
        evidence: clip(t.description),
        key: `duplicate:${otherNames.sort().join(',')}`,
      })
    }
  }
}

const REPLACES_OTHER = /\b(?:instead of|rather than|replaces?|supersedes?|overrides?|do not use|don't use|never use) (?:the |any |all )?(?:other|original|existing|built-in|builtin|default|official|standard|previous|old) /i

function mentions(text: string, name: string): boolean {
  if (name.length < 3) return false
  const i = text.toLowerCase().indexOf(name.toLowerCase())
  if (i < 0) return false
  const before = text[i - 1]
  const after = text[i + name.length]
  return !(before && /[\w-]/.test(before)) && !(after && /[\w-]/.test(after))
}

// Homoglyph-only spoofs (Cyrillic letters in an ASCII name) are homoglyph-name's finding.
function onlyHomoglyphs(name: string, target: string): boolean {
  return normalizeName(foldConfusables(visibleText(name).normalize('NFKC'))) === normalizeName(target)
}

function describe(kind: Likeness): string {
  return kind === 'confusable' ? 'a confusable spelling' : 'a one- or two-letter typo'
}

// (b) A near copy of another server's tool name.
function nearCopies(tools: Tool[], ctx: RuleContext): void {
  // Every name against every other and every well-known one: each name's forms are made once, and the
  // servers offering each name are listed once, not looked for in the whole list for every pair.
  const forms = tools.map((t) => nameForms(t.name))
  const serversOf = new Map<string, Set<string>>()
  for (const t of tools) serversOf.set(t.norm, (serversOf.get(t.norm) ?? new Set()).add(t.server.name))
  const known = [...WELL_KNOWN_BY_NAME.values()].map((wk) => ({wk, norm: normalizeName(wk.name), forms: nameForms(wk.name)}))
  tools.forEach((t, i) => {
    tools.forEach((o, j) => {
      if (o.server.name === t.server.name || o.norm === t.norm) return
      const kind = likeness(forms[i], forms[j])
      if (!kind || onlyHomoglyphs(t.name, o.name)) return
      // Of two near copies, the odd one out is the copy: report the name that is not itself well known.
      if (WELL_KNOWN_BY_NAME.has(t.norm) && !WELL_KNOWN_BY_NAME.has(o.norm)) return
      ctx.report({
        ...at(t),
        message: `tool ${quote(t.name)} imitates tool ${quote(o.name)} of server ${quote(o.server.name)} with ${describe(kind)}`,
        severity: 'high',
        confidence: kind === 'confusable' ? 'high' : 'medium',
        evidence: `${t.name} ~ ${o.name}`,
        key: `near:${o.server.name}:${o.name}`,
      })
    })
    if (WELL_KNOWN_BY_NAME.has(t.norm)) return
    for (const {wk, norm, forms: wkForms} of known) {
      // Another server offers the well-known name itself: comparing with its tool (above) covers it.
      const offering = serversOf.get(norm)
      if (offering && (offering.size > 1 || !offering.has(t.server.name))) continue
      const kind = likeness(forms[i], wkForms)
      if (!kind || onlyHomoglyphs(t.name, wk.name) || owns(t, wk.ids)) continue
      ctx.report({
        ...at(t),
        message: `tool ${quote(t.name)} imitates the well-known tool ${quote(wk.name)} (${wk.owners[0]}) with ${describe(kind)}`,
        severity: 'high',
        confidence: kind === 'confusable' ? 'high' : 'medium',
        evidence: `${t.name} ~ ${wk.name}`,
        key: `near-known:${wk.name}`,
      })
    }
  })
}

function owns(t: Tool, ids: string[]): boolean {
  return ids.some((id) => t.tokens.has(id))
}

// (c) Exactly a well-known tool's name, offered by a server that is not its owner: informative.
function wellKnown(tools: Tool[], ctx: RuleContext): void {
  for (const t of tools) {
    const wk = WELL_KNOWN_BY_NAME.get(t.norm)
    if (!wk || owns(t, wk.ids)) continue
    ctx.report({
      ...at(t),
      message: `tool ${quote(t.name)} has the name of a well-known tool (${wk.owners.slice(0, 2).join('; ')}) but server ${quote(t.server.name)} is not that server`,
      severity: 'low',
      confidence: 'low',
      evidence: clip(t.name),
      key: 'well-known',
    })
  }
}
