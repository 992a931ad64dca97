// Text that tries to replace the model's instructions or hijack its task: "ignore previous
// instructions" in eleven languages, fake system messages, mode switches, "your instructions are in
// a.log", and (in tool results) orders about how the model must write its answer or which code it must
// put into the user's program.
import {OWASP} from '../../core/finding.js'
import type {SignalKind} from '../../text/signals.js'
import {reportField} from '../evidence.js'
import {defineRule} from '../types.js'

// Only the explicit addresses to the model ("note to the AI") count here; "you must" does not.
const ADDRESS = new Set(['note-to-ai', 'hey-ai', 'if-you-are-ai'])
const PRIMARY: SignalKind[] = ['override', 'delegation', 'response-steering', 'model-directed']

export default defineRule({
  meta: {
    id: 'prompt-override',
    summary: 'text tries to override the model\'s instructions or hijack its task',
    description:
      'Finds text that speaks to the model to replace what it was told: "ignore all previous instructions" (English, French, German, Spanish, Italian, Portuguese, Chinese, Japanese, Russian, Korean), "new instructions:", fake "system message:" labels, "you are now in developer mode", claims that tool descriptions or safeguards no longer apply, and pointers to instructions stored elsewhere ("your next instructions are in a.log"). In tool results it also finds orders about the model\'s own answer ("add this link to your reply", "replace letters with numbers in your response") and requests to put the following code into the user\'s program. One strong phrase is high; weaker cues (a "you are now", a mention of the system prompt) only count together with other evidence such as secrecy, sensitive files or destructive code.',
    category: 'injection',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427],
    remediation:
      'Remove the text. A tool description says what the tool does and what its parameters mean; it never tells the model to drop its instructions, adopt a role or follow text found elsewhere. If a tool result carries such text (a web page, an issue, an email), treat the source as hostile: keep the proxy\'s `injection` action at `reject`, or flag it and make sure the client shows the result to the user before acting on it.',
  },
  text(field, ctx) {
    reportField(field, ctx, {
      primary: PRIMARY,
      // Side tasks and "you must" are context for other rules, not an override in themselves.
      // A bare "you are now" or a mention of the system prompt is context, not an override.
      counts: (s) => s.weight >= 1.5 && (s.kind !== 'model-directed' || ADDRESS.has(s.id)),
      // What the inserted code does is already in the insertion's weight.
      ignore: (s) => s.kind === 'dangerous-code' || (s.kind === 'sink' && (s.id === 'code-upload' || s.id === 'code-exfiltration')),
      says: (top) => (top.kind === 'response-steering' ? `tells the model how to write its answer: ${top.label}` : `contains ${top.label}`),
    })
  },
})
