// Reported by the runtime pipeline's access stage (src/pipeline/access.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'tool-denied',
    summary: 'a tool call is refused by the allow or deny list of its server',
    description:
      'The model called a tool that `servers.<name>.deny` in `mcp-warden.yaml` names, or that `servers.<name>.allow` (when present) does not name. The proxy answers the call with a JSON-RPC error in place of the server, so the tool never runs.',
    category: 'policy',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP02, OWASP.MCP07],
    cwe: [285],
    remediation:
      'If the tool should be usable, add its name (or a glob such as `read_*`) to `servers.<name>.allow`, or remove the pattern that matches it from `servers.<name>.deny`.',
  },
})
