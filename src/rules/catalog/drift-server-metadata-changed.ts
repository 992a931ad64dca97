// Protocol version, capabilities or serverInfo fields other than the version changed. Rarely an
// attack by itself, so medium: visible in every report, failing CI only with --fail-on medium.
import {OWASP} from '../../core/finding.js'
import {fieldList} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-server-metadata-changed',
    summary: 'protocol version, capabilities or server info changed since the server was locked',
    description:
      'The negotiated protocol version, the capabilities a server declares, or its `serverInfo` fields other than `version` (name, title, website...) differ from `mcp.lock`, or the server went from probed to not probed. New capabilities (logging, completions, subscriptions) are new ways for a server to reach the client; a changed name may be a server posing as another.',
    category: 'drift',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Look at the change in `mcp-warden diff`. If it is expected (a server or mcp-warden upgrade), run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'metadata') return
    const fields = d.change.fields
    ctx.report({
      at: d,
      pointer: d.fieldPointer(fields[0].path),
      message: `server "${d.server}": server metadata changed since it was locked (${fieldList(fields)}); review it, then re-lock`,
      evidence: fieldList(fields),
    })
  },
})
