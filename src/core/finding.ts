// The finding: what every rule reports and every report prints. Its JSON shape is the contract of
// DESIGN.md ("Findings"); internal fields that are not part of it stay out of `toJsonFinding`.

import type {Confidence, Severity} from './severity.js'

export const CATEGORIES = [
  'poisoning',
  'drift',
  'integrity',
  'config',
  'secrets',
  'pii',
  'injection',
  'policy',
  'protocol',
] as const
export type Category = (typeof CATEGORIES)[number]

export const OWASP = {
  MCP01: 'MCP01:2025',
  MCP02: 'MCP02:2025',
  MCP03: 'MCP03:2025',
  MCP04: 'MCP04:2025',
  MCP05: 'MCP05:2025',
  MCP06: 'MCP06:2025',
  MCP07: 'MCP07:2025',
  MCP08: 'MCP08:2025',
  MCP09: 'MCP09:2025',
  MCP10: 'MCP10:2025',
} as const
export type OwaspId = (typeof OWASP)[keyof typeof OWASP]

export const OWASP_TITLES: Record<OwaspId, string> = {
  'MCP01:2025': 'Token Mismanagement & Secret Exposure',
  'MCP02:2025': 'Privilege Escalation via Scope Creep',
  'MCP03:2025': 'Tool Poisoning',
  'MCP04:2025': 'Software Supply Chain Attacks & Dependency Tampering',
  'MCP05:2025': 'Command Injection & Execution',
  'MCP06:2025': 'Intent Flow Subversion',
  'MCP07:2025': 'Insufficient Authentication & Authorization',
  'MCP08:2025': 'Lack of Audit and Telemetry',
  'MCP09:2025': 'Shadow MCP Servers',
  'MCP10:2025': 'Context Injection & Over-Sharing',
}

export type ItemKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate' | 'server' | 'config' | 'message'

export interface Location {
  /** Path relative to the working folder (repo root in CI), `-` for standard input. */
  file: string
  line: number
  column: number
  /** JSON pointer into the file (RFC 6901). */
  pointer: string
  server?: string
  kind?: ItemKind
  name?: string
}

export interface Finding {
  ruleId: string
  category: Category
  severity: Severity
  confidence: Confidence
  message: string
  owasp: OwaspId[]
  cwe: number[]
  location: Location
  /** Short excerpt; secrets are masked before it is stored. */
  evidence?: string
  /** Stable across runs and line moves: rule, file, server, item and field, never the line. */
  fingerprint: string
  /** Set when a policy suppression matched; suppressed findings are counted, not shown. */
  suppressed?: {reason: string; expires?: string}
}

/** The DESIGN.md JSON shape of one finding. */
export function toJsonFinding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    message: f.message,
    owasp: f.owasp,
    location: f.location,
    fingerprint: f.fingerprint,
  }
  if (f.cwe.length > 0) out.cwe = f.cwe
  if (f.evidence !== undefined) out.evidence = f.evidence
  if (f.suppressed) out.suppressed = f.suppressed
  return out
}
