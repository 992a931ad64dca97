// A tool, prompt, resource or template appeared that the lock does not have (or, in `diff`, a whole
// server appeared in the newer lock): new capability nobody reviewed.
import {OWASP} from '../../core/finding.js'
import {itemLabel, kindWord} from '../../diff/describe.js'
import {ITEM_LISTS} from '../../lock/entry.js'
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
      const items = d.change.server.items
      const counts = ITEM_LISTS.map(([kind]) => [kindWord(kind), items.filter((i) => i.kind === kind).length] as const).filter(([, n]) => n > 0)
      const what = counts.length > 0 ? counts.map(([w, n]) => `${n} ${w}${n === 1 ? '' : 's'}`).join(', ') : 'no items'
      ctx.report({at: d, message: `server "${d.server}" was added to the lock (${what}); review it before merging`})
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
