// The policy file (`mcp-warden.yaml`): schema-first, strict (an unknown key is an error with its line),
// versioned. Scanner sections are used by scan/check; runtime sections by wrap/replay.

import {z} from 'zod'
import {FAIL_ON_LEVELS, SEVERITIES} from '../core/severity.js'

export const POLICY_VERSION = 1

const Action = z.enum(['allow', 'flag', 'redact', 'reject'])
export type Action = z.infer<typeof Action>

export const TRUST_LEVELS = ['none', 'basic', 'verified', 'trusted', 'privileged'] as const
export type TrustLevel = (typeof TRUST_LEVELS)[number]

const RateLimit = z.strictObject({
  perMinute: z.number().int().positive().optional(),
  perHour: z.number().int().positive().optional(),
})

const RuleSetting = z.union([
  z.enum(['off']),
  z.strictObject({
    enabled: z.boolean().optional(),
    severity: z.enum(SEVERITIES).optional(),
  }),
])

const Suppression = z.strictObject({
  rule: z.string().min(1),
  server: z.string().optional(),
  /** Item name (tool, prompt, resource) the suppression applies to. */
  tool: z.string().optional(),
  /** Restrict to findings in this file (path as reported). */
  file: z.string().optional(),
  reason: z.string().min(1, 'a suppression needs a reason'),
  expires: z
    .union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expires must be a date, YYYY-MM-DD'), z.date()])
    .optional()
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
})
export type Suppression = z.infer<typeof Suppression>

const ServerPolicy = z.strictObject({
  trust: z.enum(TRUST_LEVELS).optional(),
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
  rateLimit: RateLimit.optional(),
  tools: z.record(z.string(), z.strictObject({rateLimit: RateLimit.optional()})).optional(),
})
export type ServerPolicy = z.infer<typeof ServerPolicy>

export const PolicySchema = z.strictObject({
  version: z.literal(POLICY_VERSION).optional(),
  'fail-on': z.enum(FAIL_ON_LEVELS).optional(),
  rules: z.record(z.string(), RuleSetting).optional(),
  suppressions: z.array(Suppression).optional(),
  actions: z
    .strictObject({
      injection: Action.optional(),
      secrets: Action.optional(),
      pii: Action.optional(),
      hidden: Action.optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      maxMessageBytes: z.number().int().positive().optional(),
      maxDepth: z.number().int().positive().optional(),
    })
    .optional(),
  rateLimit: RateLimit.optional(),
  defaultTrust: z.enum(TRUST_LEVELS).optional(),
  servers: z.record(z.string(), ServerPolicy).optional(),
})
export type Policy = z.infer<typeof PolicySchema>
