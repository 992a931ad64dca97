// Reported by the policy step (src/policy/apply.ts), not by a visitor: a suppression past its date.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'suppression-expired',
    summary: 'a suppression in the policy file has expired',
    description:
      'A suppression in `mcp-warden.yaml` carries an `expires` date that has passed. The finding it hid is reported again, and this finding points at the suppression so it is renewed with a fresh reason or removed.',
    category: 'policy',
    severity: 'low',
    confidence: 'high',
    owasp: [OWASP.MCP08],
    cwe: [],
    remediation: 'Review the finding again. Fix the cause, or renew the suppression with a new `expires` date and a reason that still holds.',
  },
})
