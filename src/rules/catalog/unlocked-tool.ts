// Reported by the runtime pipeline's integrity stage (src/pipeline/integrity.ts), not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'unlocked-tool',
    summary: 'a server offers or is asked for a tool, prompt or resource that is not in mcp.lock',
    description:
      'A `tools/list` (or `prompts/list`, `resources/list`, `resources/templates/list`) result holds an item that the server\'s entry in `mcp.lock` does not, or the client calls a tool that is not locked. Nobody reviewed it: a server that grows a tool between lock and use, or in the middle of a session after `notifications/tools/list_changed`, is how a rug pull works. The proxy removes the item from the listing it forwards and answers calls to it with a JSON-RPC error.',
    category: 'integrity',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP09],
    cwe: [345, 494],
    remediation:
      'Review the new item. If it is expected, re-lock (`mcp-warden lock`), review the diff of `mcp.lock`, and commit it.',
  },
})
