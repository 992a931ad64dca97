// Reported by the policy step (src/policy/apply.ts), not by a visitor: a suppression that hid nothing.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'suppression-unused',
    summary: 'a suppression in the policy file matched no finding',
    description:
      'A suppression in `mcp-warden.yaml` matched no finding in this run. Stale suppressions accumulate and later hide real findings that happen to match them; remove the ones that no longer apply.',
    category: 'policy',
    severity: 'info',
    confidence: 'high',
    owasp: [OWASP.MCP08],
    cwe: [],
    remediation: 'Remove the suppression, or narrow its `server` and `tool` to what it was meant to cover.',
  },
})
