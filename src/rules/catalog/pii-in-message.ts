// Personal data in what a tool is sent or returns (runtime messages, `scan --text`): checksummed and
// validated detectors from src/pii, so an order number is not a card and a date is not a phone.
import {OWASP} from '../../core/finding.js'
import type {Confidence, Severity} from '../../core/severity.js'
import {findPii, maskPii, PII_LABELS, type PiiKind} from '../../pii/detect.js'
import {defineRule} from '../types.js'

const SEVERITY: Record<PiiKind, Severity> = {ssn: 'high', card: 'high', iban: 'high', email: 'medium', phone: 'medium', ip: 'low'}
const CONFIDENCE: Record<PiiKind, Confidence> = {ssn: 'medium', card: 'high', iban: 'high', email: 'high', phone: 'medium', ip: 'medium'}

export default defineRule({
  meta: {
    id: 'pii-in-message',
    summary: 'personal data appears in a tool argument or result',
    description:
      'A tool result (or the arguments the model sends to a tool) contains personal data: a US social security number (area, group and serial valid), a payment card number (Luhn and issuer range), an IBAN (country length and mod-97 checksum), an e-mail address, a valid phone number, or an IP address. Data that reaches the model can be repeated, logged, or passed to another tool: over-sharing.',
    category: 'pii',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP10],
    cwe: [359],
    remediation:
      'Make the server return only the fields the task needs. At runtime, `actions.pii: redact` in `mcp-warden.yaml` masks the values before the model sees them (the default `flag` only reports them), and `reject` refuses the result.',
  },
  text(field, ctx) {
    if (field.role !== 'content') return
    const found = findPii(field.text)
    if (found.length === 0) return
    const byKind = new Map<PiiKind, string[]>()
    for (const m of found) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), maskPii(m)])
    for (const [kind, masked] of byKind) {
      const label = PII_LABELS[kind]
      ctx.report({
        at: field,
        key: kind,
        severity: SEVERITY[kind],
        confidence: CONFIDENCE[kind],
        message: `${field.field === 'argument' ? 'tool argument' : field.field === 'content' ? 'result' : 'text'} contains personal data (${masked.length === 1 ? label : `${masked.length}× ${label}`})`,
        evidence: masked.slice(0, 5).join(', ') + (masked.length > 5 ? ', …' : ''),
      })
    }
  },
})
