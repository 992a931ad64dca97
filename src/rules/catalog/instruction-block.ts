// Markup that frames text as orders to the model: <IMPORTANT>, <system>, chat-template tokens, role
// lines, HTML comments and invisible HTML. The severity comes from what the block holds, so a lone
// <important> tag around a usage note stays low while the same tag around secrecy is critical.
import {OWASP} from '../../core/finding.js'
import {reportField} from '../evidence.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'instruction-block',
    summary: 'an instruction-like block (<IMPORTANT>, <system>, role tags, hidden markup) in text the model reads',
    description:
      'Finds markup that presents text as instructions to the model rather than documentation for a person: tags such as `<IMPORTANT>`, `<system>`, `<instructions>`, `<secret>`, `<hidden>`; chat-template control tokens (`<|im_start|>`, `[INST]`, `<<SYS>>`, `<|assistant|>`); role lines (`system:`, `assistant:`, `### instructions`); HTML comments and HTML styled to be invisible; markdown comments (`[//]: # (...)`). The severity reflects what the block holds: a tag alone is low, a chat-template token is medium, and a block around secrecy, sensitive files, harvesting or overrides is high or critical.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427],
    remediation:
      'Write descriptions as plain documentation. Drop tags that address the model, chat-template tokens and hidden comments; if a usage note matters, state it in plain words that the user sees too.',
  },
  text(field, ctx) {
    reportField(field, ctx, {primary: ['block'], says: (top) => `holds ${top.label}`})
  },
})
