// The way a server is launched changed: another command, other arguments, another package version.
// The lock pins what runs, not only what it says.
import {OWASP} from '../../core/finding.js'
import {fieldList} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-launch-changed',
    summary: 'the launch of a locked server changed (command, args, package version, url)',
    description:
      'The launch identity of a server differs from `mcp.lock`: its command, arguments, environment variable names, working folder, URL, transport, or the package and version its command resolves to. A new version of a package is new code, even when it lists the same tools today; a changed command may run something else entirely.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP04],
    cwe: [494, 829],
    remediation: 'Check that the new launch is the one you meant (pin package versions: `npx -y pkg@1.2.3`). Then run `mcp-warden lock`, review `git diff mcp.lock` and commit it.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'launch') return
    const fields = d.change.fields
    ctx.report({
      at: d,
      pointer: d.fieldPointer(fields[0].path),
      message: `server "${d.server}": launch changed since it was locked (${fieldList(fields)}); review it, then re-lock`,
      evidence: fieldList(fields),
    })
  },
})
