// The server reports another version than the one locked: new code behind the same name.
import {OWASP} from '../../core/finding.js'
import {show} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-server-version-changed',
    summary: 'the server reports another version than the locked one',
    description:
      'The `serverInfo.version` a server reports in its handshake differs from `mcp.lock`. Even when its tools read the same today, it is not the code that was reviewed; unpinned packages (`npx pkg`, `uvx pkg`, `:latest` images) change version under you this way.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP04],
    cwe: [494],
    remediation: 'Pin the server to the version you reviewed, or, if the upgrade is wanted, run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'version') return
    const {before, after} = d.change
    ctx.report({
      at: d,
      pointer: d.fieldPointer(['serverInfo', 'version']),
      message: `server "${d.server}": version ${show(before)} → ${show(after)} since it was locked; review the upgrade, then re-lock`,
      evidence: `${before ?? '(none)'} → ${after ?? '(none)'}`,
    })
  },
})
