// The commented default policy that `init` writes. Every key here is valid against schema.ts (a test
// loads it), and every value is the default, so a fresh file changes nothing until edited.

export const POLICY_TEMPLATE = `# mcp-warden policy. Docs: docs/policy.md. Validate with: mcp-warden scan --policy mcp-warden.yaml
version: 1

# Exit 1 when a finding at or above this severity remains: critical, high, medium, low or none.
fail-on: high

# Per-rule settings: turn a rule off, or change its severity. List the rules with \`mcp-warden rules\`.
rules: {}
#  tool-shadowing: {severity: medium}
#  unpinned-package: off

# Accept a finding you have reviewed. A suppression names a rule and a target, says why, and may
# expire; expired and unused suppressions are reported so they do not outlive their reason.
suppressions: []
#  - rule: unpinned-package
#    server: filesystem
#    reason: internal mirror pins the version
#    expires: 2027-06-30

# Runtime (wrap and replay): what to do with each kind of content finding: allow, flag, redact or reject.
actions:
  injection: reject
  secrets: redact
  pii: flag
  hidden: reject

# Runtime limits on each message.
limits:
  maxMessageBytes: 67108864
  maxDepth: 64

# Default calls allowed per server and per tool (sliding windows).
rateLimit:
  perMinute: 60
  perHour: 1000

# Trust levels: none, basic, verified, trusted, privileged. Destructive tools need more trust than
# read-only ones. Per server: trust, allow and deny lists of tool names (globs), rate limits.
defaultTrust: basic
servers: {}
#  filesystem:
#    trust: verified
#    deny: ["write_*", "move_file"]
#    rateLimit: {perMinute: 30}
`
