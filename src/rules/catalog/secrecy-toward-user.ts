// Text that asks the model to keep something from the user: the mark of an instruction its author
// knows the user would refuse. Honest tools have nothing to hide from the person they work for.
import {OWASP} from '../../core/finding.js'
import {reportField} from '../evidence.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'secrecy-toward-user',
    summary: 'text asks the model to hide something from the user',
    description:
      'Finds requests to keep the user in the dark: "do not tell the user", "do not mention that you read the file", "without the user knowing", "the user must not know", "keep these instructions confidential", "do not ask the user for confirmation", in English and the other supported languages. An explicit instruction to hide something from the user is high on its own; softer words ("silently", "quietly", "never reveal") only count together with other evidence. Keeping secrets or personal data away from the screen ("never show the API key to the user") is protection, not secrecy, and is not reported.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427, 451],
    remediation:
      'Remove the instruction. A tool may document side effects; it must never ask the model to hide them. If the text is in a tool result, do not act on it and show it to the user.',
  },
  text(field, ctx) {
    reportField(field, ctx, {primary: ['secrecy'], says: (top) => `asks the model to hide something from the user: ${top.label}`})
  },
})
