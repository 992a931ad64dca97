// A locked server that no client config declares any more: harmless, but the lock should follow.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'stale-lock-entry',
    summary: 'a server in mcp.lock is in no client config',
    description:
      '`mcp.lock` pins a server that none of the client configs found declares. It is not launched and not checked. Usually the server was removed from a config and the lock was not updated; sometimes the config that declares it was not found (a user-level file: pass `--user` or `--config`).',
    category: 'drift',
    severity: 'info',
    confidence: 'high',
    owasp: [OWASP.MCP09],
    cwe: [],
    remediation: 'Run `mcp-warden lock` to drop the entry and commit the lock, or pass the config that declares the server with `--config FILE`.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'server-unconfigured') return
    ctx.report({at: d, message: `server "${d.server}" is in mcp.lock but in no client config that was found; it was not checked (re-lock to drop it, or pass --config)`})
  },
})
