// Reported by the runtime pipeline's first stage (src/pipeline/validate.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'invalid-message',
    summary: 'a message is not a well-formed JSON-RPC 2.0 message within the limits',
    description:
      'A message between client and server was refused before anything else looked at it: larger than `limits.maxMessageBytes`, nested deeper than `limits.maxDepth`, not valid UTF-8, holding raw control characters, not JSON, or not a JSON-RPC 2.0 request, notification or response. Such messages crash or confuse parsers downstream (a deep nesting overflows a recursive validator; a message that one side reads differently from the other smuggles content past checks). The proxy never forwards them: a request with an id is answered with a JSON-RPC error, anything else is dropped and logged.',
    category: 'protocol',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP06],
    cwe: [20, 400],
    remediation:
      'Fix the side that sent it (the finding says which direction and why). When a legitimate server sends larger or deeper messages, raise `limits.maxMessageBytes` or `limits.maxDepth` in `mcp-warden.yaml`.',
  },
})
