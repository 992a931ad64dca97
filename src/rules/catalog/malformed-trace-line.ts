// Reported by `replay` (src/replay/) for a trace line it cannot read, not by a visitor.
import {OWASP} from '../../core/finding.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'malformed-trace-line',
    summary: 'a line of a recorded trace cannot be read',
    description:
      'A line of a trace given to `replay` is not an event: not JSON, not an object with `ts`, `dir` and `msg`, a timestamp that is not ISO-8601, or a direction other than `c2s` and `s2c`. The line is skipped and the replay goes on, so what it held was not checked: a gap in the record of a session.',
    category: 'protocol',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP08],
    cwe: [20],
    remediation:
      'Find what wrote the line (a truncated write, two writers on one file, a hand edit). Traces written by `mcp-warden wrap --record` have one event a line.',
  },
})
