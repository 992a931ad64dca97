// Server instructions go into the model's context for every session: a change there is a rug pull
// that touches no tool at all.
import {OWASP} from '../../core/finding.js'
import {textChangeEvidence} from '../../diff/words.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'drift-instructions-changed',
    summary: 'the server instructions changed since the server was locked',
    description:
      'The `instructions` a server returns in its handshake differ from `mcp.lock` (added, removed or reworded). Clients put server instructions into the model\'s context at the start of every session, so they steer every tool of every server; a change there poisons the agent without touching a single tool description.',
    category: 'drift',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03],
    cwe: [345, 1427],
    remediation: 'Read the word diff of the instructions. If the change is expected, run `mcp-warden lock` and commit the lock.',
  },
  drift(d, ctx) {
    if (d.change.type !== 'instructions') return
    const how = d.change.before === undefined ? 'added' : d.change.after === undefined ? 'removed' : 'changed'
    ctx.report({
      at: d,
      pointer: d.fieldPointer(['instructions']),
      message: `server "${d.server}": instructions ${how} since it was locked; review them, then re-lock`,
      evidence: textChangeEvidence(d.change.before, d.change.after),
    })
  },
})
