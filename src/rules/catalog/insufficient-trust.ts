// Reported by the runtime pipeline's access stage (src/pipeline/access.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'insufficient-trust',
    summary: 'a tool call needs a higher trust level than its server has',
    description:
      'Each server has a trust level (`none`, `basic`, `verified`, `trusted`, `privileged`; `defaultTrust`, default `basic`). Each tool needs a level by what it can do: read-only and ordinary tools need `basic`, tools that reach the open world (network, mail, web) need `verified`, destructive tools (delete, overwrite, kill) need `trusted`, tools that run code or shell commands need `privileged`. What a tool can do is read from its annotations, but annotations are hints from the server: a hint that claims less risk than the tool\'s name or description shows is overruled by that evidence. The proxy answers a call above the server\'s level with a JSON-RPC error in place of the server.',
    category: 'policy',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP02, OWASP.MCP07],
    cwe: [269],
    remediation:
      'Raise the server\'s level (`servers.<name>.trust: trusted`) when it deserves it, or lower what one tool needs (`servers.<name>.tools.<tool>.requires: basic`) when the classification is wrong for it.',
  },
})
