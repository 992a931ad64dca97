// The input or output schema (or a prompt's arguments) changed while the descriptions stayed the
// same: a new parameter that invites the model to pass a file or the conversation, a changed enum or
// default. Pinning only descriptions, as some tools do, lets this through.
import {OWASP} from '../../core/finding.js'
import {fieldChangeLabel, itemLabel} from '../../diff/describe.js'
import type {FieldChange} from '../../diff/types.js'
import {defineRule} from '../types.js'

/** `new parameter "path"` for a property added to inputSchema, the generic label otherwise. */
function label(f: FieldChange): string {
  const [root, props, name] = f.path
  if (f.path.length === 3 && (root === 'inputSchema' || root === 'outputSchema') && props === 'properties') {
    const what = root === 'inputSchema' ? 'parameter' : 'output field'
    if (!('before' in f)) return `new ${what} "${name}"`
    if (!('after' in f)) return `${what} "${name}" removed`
  }
  return fieldChangeLabel(f)
}

export default defineRule({
  meta: {
    id: 'drift-schema-changed',
    summary: 'an input schema, output schema or prompt arguments changed since the server was locked',
    description:
      'The input schema, output schema or prompt arguments of an item differ from `mcp.lock`: a parameter was added or removed, or a type, enum, default, pattern or required list changed. A new parameter such as `context` or `notes` is how a server asks the model to hand over files or the conversation; a changed default or enum changes what a call does without a word of description changing.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345],
    remediation:
      'Check what the new or changed parameters ask the model to send. If the change is expected, run `mcp-warden lock`, review `git diff mcp.lock` and commit it.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'item' || d.change.item.type !== 'changed') return
    const {kind, key, fields} = d.change.item
    const schema = fields.filter((f) => f.class === 'schema')
    if (schema.length === 0) return
    const shown = schema.slice(0, 3).map(label).join('; ') + (schema.length > 3 ? `; and ${schema.length - 3} more` : '')
    ctx.report({
      at: d,
      pointer: d.fieldPointer(schema[0].path),
      message: `${itemLabel(kind, key)}: schema changed since it was locked (${shown}); review it, then re-lock`,
      evidence: shown,
    })
  },
})
