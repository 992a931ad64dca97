// A locked tool, prompt, resource or template is gone (or, in `diff`, a whole server left the lock).
import {OWASP} from '../../core/finding.js'
import {itemLabel} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-item-removed',
    summary: 'a locked tool, prompt, resource or server is gone',
    description:
      'A tool, prompt, resource or resource template in `mcp.lock` is no longer offered (in `mcp-warden diff`, also a whole server that is in the older lock only). A removal cannot poison the model by itself, but it means the server is not the one that was reviewed, agents that rely on the item break, and a removal next to an addition is often a tool replaced by another one with a different text.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Check why the item went away (a server upgrade, a changed configuration). If expected, run `mcp-warden lock` and commit the lock; lower this rule\'s severity in the policy if removals should not fail CI.',
  },
  drift(d, ctx) {
    if (d.change.type === 'server-removed') {
      // A server leaving the lock shrinks what the model can reach: worth a reviewer's glance, not a failed build.
      ctx.report({at: d, severity: 'low', message: `server "${d.server}" was removed from the lock`})
      return
    }
    if (d.change.type !== 'item' || d.change.item.type !== 'removed') return
    const {kind, key} = d.change.item
    ctx.report({at: d, message: `${itemLabel(kind, key)} is gone since the server was locked; check why, then re-lock`})
  },
})
