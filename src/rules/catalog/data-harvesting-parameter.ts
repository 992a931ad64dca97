// Parameters (or descriptions) built to collect what the tool has no need for: the conversation, the
// system prompt, other tools' results, file contents or credentials, often in an innocent-looking
// `sidenote`, `context` or `feedback` field. The parameter's name, its description and what the tool
// description asks to put into it are weighed together.
import {OWASP} from '../../core/finding.js'
import {join} from '../../source/pointer.js'
import {fieldEvidence, findMentions, foldName, sentenceAround, type Signal} from '../../text/signals.js'
import {alsoNote, grade, readsField, reportField, support, viewOf} from '../evidence.js'
import {itemFields} from '../fields.js'
import type {ItemView, TextField} from '../scope.js'
import {defineRule, type RuleContext} from '../types.js'
import {quote} from '../where.js'

// Names that carry no meaning of their own: a natural place to smuggle data out.
const CATCH_ALL_NAME =
  /^(?:side_?notes?|notes?|context|extra(?:_?(?:info|context|data))?|feedback|meta(?:data)?|debug(?:_?info)?|reasoning|thoughts?|thinking|scratch_?pad|summary|memo|comments?|annotations?|remarks?|aside|hidden|internal(?:_?notes)?|details|additional_?(?:info|context|notes|data)|info|payload|diagnostics?|telemetry|trace|state)$/
// Names that are themselves what a harvester wants.
const HARVEST_NAME = /conversation|chat_?history|transcript|system_?prompt|prior_?messages|previous_?messages/
// A parameter named for a credential honestly asks for one; that is the secret rules' business.
const CREDENTIAL_NAME = /api_?key|token|password|passwd|secret|credential|auth|bearer|cookie|private_?key|passphrase/

const HARVEST_KINDS = ['harvest', 'sensitive-target'] as const

interface Param {
  name: string
  folded: string
  pointer: string
  description?: TextField
}

export default defineRule({
  meta: {
    id: 'data-harvesting-parameter',
    summary: 'a parameter or description asks for the conversation, other tools\' output, files or credentials',
    description:
      'Finds tools that ask the model to put data the tool has no use for into a parameter: the conversation or chat history, the system prompt, previous messages, other tools\' results, file contents, credentials or environment variables. It weighs the parameter\'s name (catch-all names such as `sidenote`, `notes`, `context`, `feedback`, `metadata`, or names like `conversation_history`), what the parameter\'s description asks for, and what the tool\'s description says to pass into it ("pass its content as \'sidenote\'"). A parameter named for a credential (`api_key`, `token`) that asks for that credential is not reported here. In tool results and server instructions, requests to hand over the conversation, the system prompt or credentials are reported too.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP10, OWASP.MCP01],
    cwe: [200, 1427],
    remediation:
      'Remove the parameter or narrow it to what the tool needs, with a description that says exactly what goes in. A tool never needs the conversation, the system prompt or other tools\' output to do its job; credentials belong in the server\'s configuration, not in arguments the model fills.',
  },
  item(item, ctx) {
    harvestItem(item, ctx)
  },
  text(field, ctx) {
    // Item fields are weighed together in `item`; free text, tool results and instructions here.
    if (field.item) return
    reportField(field, ctx, {
      primary: ['harvest'],
      counts: (s) => s.id !== 'into-parameter',
      says: (top) => `contains ${top.label}`,
    })
  },
})

function harvestItem(item: ItemView, ctx: RuleContext): void {
  const fields = [...itemFields(item)].filter(readsField)
  const params = paramsOf(item, fields)
  // Signals that ask for data, anywhere in the item (the description, parameter texts).
  const asks: Array<{field: TextField; s: Signal}> = []
  for (const f of fields) {
    for (const s of fieldEvidence(f).signals) {
      if (s.kind === 'harvest' || (s.kind === 'sensitive-target' && s.id !== 'sensitive-mention')) asks.push({field: f, s})
    }
  }
  const paramFields = new Set(params.map((p) => p.description).filter((f): f is TextField => f !== undefined))
  // A tool with a password or api_key parameter asks for credentials honestly: that is its input.
  const takesCredentials = params.some((p) => CREDENTIAL_NAME.test(p.folded))
  const honest = (s: Signal) => !(takesCredentials && (s.id === 'harvest-credentials' || s.id === 'take-credentials'))
  let reported = false
  for (const p of params) {
    let primary = 0
    let top: {field: TextField; s: Signal} | undefined
    for (const a of asks) {
      if (a.s.id === 'into-parameter' || !honest(a.s)) continue
      const inOwnDescription = p.description !== undefined && a.field === p.description
      // Another parameter's description speaks about that parameter, not this one.
      if (!inOwnDescription && paramFields.has(a.field)) continue
      const linked = inOwnDescription || pointsAt(a.field, a.s, p, asks)
      if (!linked) continue
      const w = a.s.weight + (inOwnDescription ? 0 : 0.5)
      if (w > primary) {
        primary = w
        top = a
      }
    }
    if (!top) continue
    const nameWeight = HARVEST_NAME.test(p.folded) ? 1.5 : CATCH_ALL_NAME.test(p.folded) ? 1 : 0
    const context = Math.max(...[top.field, p.description].filter((f): f is TextField => !!f).map((f) => support(fieldEvidence(f), HARVEST_KINDS)))
    const g = grade(primary, nameWeight + context, 'metadata')
    if (!g) continue
    reported = true
    ctx.report({
      at: item,
      pointer: p.description?.pointer ?? p.pointer,
      message: `parameter ${quote(p.name)} of ${item.kind} ${quote(item.name)} is set up to receive ${object(top.s)}${nameWeight > 0 ? ` under a catch-all name` : ''}${alsoNote(fieldEvidence(top.field), HARVEST_KINDS)}`,
      severity: g.severity,
      confidence: g.confidence,
      evidence: top.s.excerpt,
      key: p.name,
    })
  }
  if (reported) return
  // No parameter named: the tool's own texts ask for the conversation or credentials.
  for (const f of fields) {
    if (paramFields.has(f)) continue
    reportField(f, ctx, {
      primary: ['harvest'],
      counts: (s) => s.id !== 'into-parameter' && s.id !== 'take-credentials' && honest(s),
      says: (top) => `contains ${top.label}`,
    })
  }
}

function object(s: Signal): string {
  switch (s.id) {
    case 'harvest-conversation':
    case 'prompt-extraction':
      return 'the conversation or the model\'s instructions'
    case 'harvest-credentials':
    case 'take-credentials':
      return 'credentials'
    case 'harvest-file-contents':
      return 'file contents or user data'
    case 'sensitive-access':
    case 'sensitive-read':
    case 'private-read':
      return 'the content of a sensitive file'
    default:
      return 'data the tool does not need'
  }
}

/** The ask names the parameter: "as 'sidenote'", "in the notes field", or the name in its sentence. */
function pointsAt(field: TextField, s: Signal, p: Param, asks: Array<{field: TextField; s: Signal}>): boolean {
  const view = viewOf(field, s)
  const sentence = sentenceAround(view, s.index)
  for (const a of asks) if (a.field === field && a.s.id === 'into-parameter' && a.s.ref === p.folded && sentence.includes(a.s.match)) return true
  return p.folded.length >= 3 && findMentions(sentence, [p.folded]).length > 0
}

function paramsOf(item: ItemView, fields: TextField[]): Param[] {
  const out: Param[] = []
  const d = item.descriptor
  const props = (d.inputSchema as {properties?: unknown} | undefined)?.properties
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    for (const name of Object.keys(props).slice(0, 500)) {
      const pointer = join(item.pointer, 'inputSchema', 'properties', name)
      const description = fields.find((f) => f.pointer === join(pointer, 'description'))
      out.push({name, folded: foldName(name), pointer, ...(description ? {description} : {})})
    }
  }
  if (Array.isArray(d.arguments)) {
    for (const [i, a] of d.arguments.slice(0, 500).entries()) {
      if (!a || typeof a !== 'object' || typeof (a as {name?: unknown}).name !== 'string') continue
      const name = (a as {name: string}).name
      const pointer = join(item.pointer, 'arguments', i)
      const description = fields.find((f) => f.pointer === join(pointer, 'description'))
      out.push({name, folded: foldName(name), pointer, ...(description ? {description} : {})})
    }
  }
  return out
}
