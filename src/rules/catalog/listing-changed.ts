// Reported by the runtime pipeline's integrity stage (src/pipeline/integrity.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'listing-changed',
    summary: 'a tool, prompt or resource differs from mcp.lock or from earlier in the session',
    description:
      'A listing holds an item whose descriptor (description, schemas, annotations, anything the model reads) hashes differently from its entry in `mcp.lock`, or, for a server that is not locked, from the first time the same session listed it. A tool that changes after it was reviewed, or in the middle of a session after `notifications/tools/list_changed`, is a rug pull: the model follows the new words. The proxy removes the item from the listing it forwards and answers calls to it with a JSON-RPC error.',
    category: 'integrity',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation:
      'Compare the new descriptor with the lock (`mcp-warden check` shows the diff). If the change is expected, re-lock, review the diff of `mcp.lock` and commit it; if not, stop using the server.',
  },
})
