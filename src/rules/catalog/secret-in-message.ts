// Credentials in what a tool is sent or returns (runtime messages, `scan --text`). Uses the shared
// patterns of src/secrets, so the runtime redaction masks exactly what this rule reports.
import {OWASP} from '../../core/finding.js'
import {findSecrets, mask} from '../../secrets/patterns.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'secret-in-message',
    summary: 'a credential appears in a tool argument or result',
    description:
      'A tool result (or the arguments the model sends to a tool) contains a credential in a known format: a cloud or SaaS API key, a token, a private key block, a password inside a URL. Whatever reaches the model can be repeated to the user, written to logs and transcripts, or sent to another tool.',
    category: 'secrets',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP01],
    cwe: [200, 522],
    remediation:
      'Keep the default `actions.secrets: redact` in `mcp-warden.yaml` so the proxy masks the value before the model sees it, and fix the server so it does not return credentials (print a reference to the secret, never the secret). Rotate a key that was exposed.',
  },
  text(field, ctx) {
    if (field.role !== 'content') return
    const found = findSecrets(field.text)
    if (found.length === 0) return
    const byPattern = new Map<string, {label: string; values: string[]}>()
    for (const s of found) {
      const e = byPattern.get(s.pattern.id) ?? {label: s.pattern.label, values: []}
      e.values.push(s.value)
      byPattern.set(s.pattern.id, e)
    }
    for (const [id, {label, values}] of byPattern) {
      ctx.report({
        at: field,
        key: id,
        severity: id === 'private-key' ? 'critical' : undefined,
        message: `${where(field.field)} contains a credential (${values.length === 1 ? label : `${values.length}× ${label}`})`,
        evidence: values.map(mask).join(', '),
      })
    }
  },
})

function where(field: string): string {
  return field === 'argument' ? 'tool argument' : field === 'content' ? 'result' : 'text'
}
