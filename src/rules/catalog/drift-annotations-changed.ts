// Behaviour hints changed: a tool that was locked as destructive now claims to be read-only, which
// makes clients auto-approve it.
import {OWASP} from '../../core/finding.js'
import {fieldList, itemLabel} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-annotations-changed',
    summary: 'a tool\'s annotations changed since the server was locked',
    description:
      'The annotations of a tool (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`, `title`) differ from `mcp.lock`. Clients use these hints to decide what to run without asking; a tool that turns itself from destructive into read-only gets auto-approved. Annotations are untrusted hints, so a change in them deserves the same review as a change in the description.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Check that the new hints match what the tool does. If the change is expected, run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'item' || d.change.item.type !== 'changed') return
    const {kind, key, fields} = d.change.item
    const ann = fields.filter((f) => f.class === 'annotations')
    if (ann.length === 0) return
    ctx.report({
      at: d,
      pointer: d.fieldPointer(ann[0].path),
      message: `${itemLabel(kind, key)}: annotations changed since it was locked (${fieldList(ann)}); review them, then re-lock`,
      evidence: fieldList(ann),
    })
  },
})
