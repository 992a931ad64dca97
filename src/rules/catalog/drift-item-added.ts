// A tool, prompt, resource or template appeared that the lock does not have (or, in `diff`, a whole
// server appeared in the newer lock): new capability nobody reviewed.
import {OWASP} from '../../core/finding.js'
import {itemCounts, itemLabel} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-item-added',
    summary: 'a tool, prompt, resource or server appeared that the lock does not have',
    description:
      'A server now offers a tool, prompt, resource or resource template that is not in `mcp.lock` (in `mcp-warden diff`, also a whole server that is in the newer lock only). New tools are new capability for the model and a classic second step of a rug pull: approve a harmless server, then add the tool that reads your keys. A tool added under a known name of another server also shadows it.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Review the new item (its description and schema are scanned like any other). If it is expected, run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type === 'server-added') {
      ctx.report({at: d, message: `server "${d.server}" was added to the lock (${itemCounts(d.change.server.items)}); review it before merging`})
      return
    }
    if (d.change.type !== 'item' || d.change.item.type !== 'added') return
    const {kind, key, after} = d.change.item
    ctx.report({
      at: d,
      message: `${itemLabel(kind, key)} was added since the server was locked; review it, then re-lock`,
      ...(typeof after.description === 'string' ? {evidence: after.description} : {}),
    })
  },
})
