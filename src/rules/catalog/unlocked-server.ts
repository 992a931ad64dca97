// A server in a client config that mcp.lock does not pin: a shadow server nobody reviewed.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'unlocked-server',
    summary: 'a server in a client config is not in mcp.lock',
    description:
      'A client config in the repository declares an MCP server that `mcp.lock` does not pin. Nothing holds its tools, its instructions or its launch to a reviewed state: it is a shadow server (OWASP MCP09), whether it came in with a new config file, a renamed entry or a pull request that added it without locking it.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP09],
    cwe: [345, 829],
    remediation: 'Run `mcp-warden lock` (or `mcp-warden lock --server NAME`), review what it recorded, and commit `mcp.lock`. If the server should not be there, remove it from the config.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'server-unlocked') return
    ctx.report({at: d, message: `server "${d.server}" is in a client config but not in mcp.lock; run \`mcp-warden lock --server ${d.server}\` and commit the lock`, evidence: d.change.command})
  },
})
