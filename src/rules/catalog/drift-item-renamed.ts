// Same content under a new name: name-keyed pins (and approvals) are defeated by a rename, so it is
// reported as what it is rather than as an unrelated removal and addition.
import {OWASP} from '../../core/finding.js'
import {itemLabel} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-item-renamed',
    summary: 'a locked item was renamed: same content, new name',
    description:
      'A tool, prompt, resource or resource template has the same content as a locked one (every field but its name or URI hashes the same) under a new name. Renames defeat pins and allow lists keyed by name, and a rename to the name of another server\'s tool shadows that tool. mcp-warden recognizes the rename instead of reporting an unrelated removal and addition.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Check that the new name is expected and does not collide with a tool of another server. If so, run `mcp-warden lock` and commit the lock; update allow and deny lists that name the item.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'item' || d.change.item.type !== 'renamed') return
    const {kind, key, from} = d.change.item
    ctx.report({at: d, message: `${itemLabel(kind, from)} was renamed to "${key}" (same content, new name); check the new name, then re-lock`, evidence: `${from} → ${key}`})
  },
})
