// Reported by the runtime pipeline's rate-limit stage (src/pipeline/rate.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'rate-limit',
    summary: 'tool calls exceed the rate limit of the server or the tool',
    description:
      'More tool calls than the limit arrived within a sliding minute or hour (default 60 a minute and 1000 an hour per server; per tool when `servers.<name>.tools.<tool>.rateLimit` is set). An agent in a loop, or one steered by injected instructions, calls tools far faster than a person would approve them. Calls over the limit are answered with a JSON-RPC error; the time is the message time, so a replay of a trace reaches the same decisions.',
    category: 'policy',
    severity: 'low',
    confidence: 'high',
    owasp: [OWASP.MCP07],
    cwe: [770],
    remediation:
      'If the rate is legitimate, raise `rateLimit.perMinute` / `perHour` (for all servers), `servers.<name>.rateLimit`, or `servers.<name>.tools.<tool>.rateLimit` in `mcp-warden.yaml`.',
  },
})
