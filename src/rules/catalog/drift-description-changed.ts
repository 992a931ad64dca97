// A description or title the model reads changed after it was locked: the classic rug pull, where a
// server approved with honest text later tells the model something else.
import {OWASP} from '../../core/finding.js'
import {itemLabel, pathLabel} from '../../diff/describe.js'
import {textChangeEvidence} from '../../diff/words.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-description-changed',
    summary: 'a description or title changed since the server was locked',
    description:
      'The description or title of a tool, prompt, resource or resource template (or of one of its parameters) differs from the one in `mcp.lock`. The model reads these texts as instructions; a server that was reviewed with one text and later serves another is the rug pull of OWASP MCP03. The finding shows the change as a word diff.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345, 1427],
    remediation:
      'Read the word diff. If the new text is expected (a server upgrade you chose), run `mcp-warden lock`, review `git diff mcp.lock` and commit it. If not, pin the server to the version you locked, or remove it.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'item' || d.change.item.type !== 'changed') return
    const {kind, key, fields} = d.change.item
    for (const f of fields) {
      if (f.class !== 'text') continue
      const what = f.path.length === 1 ? f.path[0] : `${pathLabel(f.path)}`
      const how = !('before' in f) ? 'added' : !('after' in f) ? 'removed' : 'changed'
      ctx.report({
        at: d,
        pointer: d.fieldPointer(f.path),
        message: `${itemLabel(kind, key)}: ${what} ${how} since it was locked; review the change, then re-lock`,
        evidence: textChangeEvidence(f.before, f.after),
        key: f.path.join('/'),
      })
    }
  },
})
