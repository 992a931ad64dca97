// Coercion: "call this tool before any other tool", forced call orders, threats ("or the system will
// crash"). A tool naming another tool of its own server as a first step is ordinary documentation and
// stays at info; an order aimed at another server's tools is cross-tool-instruction's finding.
import {OWASP} from '../../core/finding.js'
import {foldName, sentenceAround, type Signal} from '../../text/signals.js'
import {reportField, viewOf} from '../evidence.js'
import type {ItemView, ServerView, TextField} from '../scope.js'
import {defineRule} from '../types.js'

const ANY_OTHER = /\b(?:any|all|every|each|anything|other)\b/
const THIS_SERVER = /\b(?:of|from|in|on) this (?:server|mcp server|integration)\b|\bthis server['’]s\b/

export default defineRule({
  meta: {
    id: 'coercive-instruction',
    summary: 'text forces a call order or threatens the model (must call this first, or the system will crash)',
    description:
      'Finds pressure on the model: instructions to call a tool before any other tool or on every request, claims that a tool must always be the first call, and threats ("or the system will crash", "failure to comply", "you will be penalized", "people will be harmed"). Urgent words ("critical", "mandatory", "very important") never fire alone; they raise the severity of an order that is there. A tool that tells the model to call another tool of the same server first ("call list_issue_types before creating an issue") is normal and reported at most as info; an order about another server\'s tools is reported by cross-tool-instruction.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427],
    remediation:
      'State prerequisites plainly ("requires an issue id from list_issues") and drop the pressure. A tool has no business ranking itself above every other tool or threatening the model.',
  },
  text(field, ctx) {
    const sameServer = (top: Signal) => top.kind === 'forced-order' && namesOwnTool(field, top, ownToolNames(field))
    reportField(field, ctx, {
      primary: ['forced-order', 'threat'],
      cap: (top) => (sameServer(top) ? 'info' : undefined),
      says: (top) =>
        top.kind === 'threat' ? `pressures the model with ${top.label}` : sameServer(top) ? `sets a call order within its own server: ${top.label}` : `contains ${top.label}`,
    })
  },
})

// Folded tool names per server, folded once: a manifest of thousands of tools has thousands of texts.
const folded = new WeakMap<ServerView, Array<[ItemView, string]>>()

function ownToolNames(field: TextField): Set<string> {
  const out = new Set<string>()
  const owner = field.owner
  if (!owner) return out
  let names = folded.get(owner)
  if (!names) folded.set(owner, (names = owner.items.filter((i) => i.kind === 'tool').map((i): [ItemView, string] => [i, foldName(i.name)])))
  for (const [item, name] of names) if (item !== field.item) out.add(name)
  return out
}

/** The order names a tool of the same server, or limits itself to "any other tool of this server". */
function namesOwnTool(field: TextField, top: Signal, own: Set<string>): boolean {
  const sentence = sentenceAround(viewOf(field, top), top.index)
  if (THIS_SERVER.test(sentence)) return true
  if (own.size === 0 || ANY_OTHER.test(top.match)) return false
  for (const name of own) if (name.length >= 3 && sentence.includes(name)) return true
  return false
}
