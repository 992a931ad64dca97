// Any other field of a descriptor changed (`_meta`, icons, mimeType, unknown fields). Servers hide
// payloads in fields a strict parser drops, so no field of a locked descriptor changes unreported.
import {OWASP} from '../../core/finding.js'
import {fieldList, itemLabel} from '../../diff/describe.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-field-changed',
    summary: 'another field of a locked descriptor changed',
    description:
      'A field of a tool, prompt, resource or resource template changed that is neither its text, its schema nor its annotations: `_meta`, `icons`, `mimeType`, `size`, `execution`, or a field the MCP spec does not define. Some clients pass unknown fields to the model, and poisoned servers hide instructions where a strict parser would drop them; every field of a locked descriptor is pinned.',
    category: 'drift',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation: 'Look at the changed field in the diff (`mcp-warden diff`). If the change is expected, run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'item' || d.change.item.type !== 'changed') return
    const {kind, key, fields} = d.change.item
    const rest = fields.filter((f) => f.class === 'other')
    if (rest.length === 0) return
    ctx.report({
      at: d,
      pointer: d.fieldPointer(rest[0].path),
      message: `${itemLabel(kind, key)}: fields changed since it was locked (${fieldList(rest)}); review the change, then re-lock`,
      evidence: fieldList(rest),
    })
  },
})
