// The policy file (`mcp-warden.yaml`): schema-first, strict (an unknown key is an error with its line),
// versioned. Scanner sections are used by scan/check; runtime sections by wrap/replay.

import type {z} from 'zod'
import {FAIL_ON_LEVELS, SEVERITIES} from '../core/severity.js'
import {lazySchemas} from '../core/zod.js'

export const POLICY_VERSION = 1

export const TRUST_LEVELS = ['none', 'basic', 'verified', 'trusted', 'privileged'] as const
export type TrustLevel = (typeof TRUST_LEVELS)[number]

/** A real calendar date: the regex alone would let 2027-02-30 through, and it would never expire as meant. */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

// Built on first use, when a policy file is read (core/zod.ts says why); the types come from the builder.
function buildSchemas(z: typeof import('zod').z) {
  const Action = z.enum(['allow', 'flag', 'redact', 'reject'])

  const RateLimit = z.strictObject({
    perMinute: z.number().int().positive().optional(),
    perHour: z.number().int().positive().optional(),
  })

  const RuleSetting = z.union(
    [
      z.enum(['off']),
      z.strictObject({
        enabled: z.boolean().optional(),
        severity: z.enum(SEVERITIES).optional(),
      }),
    ],
    {error: `a rule setting is "off", or a mapping with "enabled" (true or false) and/or "severity" (${SEVERITIES.join(', ')})`},
  )

  const Suppression = z
    .strictObject({
      /** A rule id, or `*` for every rule (then a server, tool or file is required). */
      rule: z.string().min(1, 'a suppression needs a rule id'),
      server: z.string().min(1).optional(),
      /** Item name (tool, prompt, resource) the suppression applies to. */
      tool: z.string().min(1).optional(),
      /** Restrict to findings in this file (path as reported). */
      file: z.string().min(1).optional(),
      reason: z.string({error: (iss) => (iss.input === undefined ? 'a suppression needs a reason' : 'reason must be text')}).trim().min(1, 'a suppression needs a reason'),
      expires: z
        .union(
          [
            z.string().superRefine((s, ctx) => {
              if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({code: 'custom', message: 'expires must be a date, YYYY-MM-DD'})
              else if (!isCalendarDate(s)) ctx.addIssue({code: 'custom', message: 'expires is not a real date'})
            }),
            z.date(),
          ],
          {
            error: 'expires must be a date, YYYY-MM-DD',
          },
        )
        .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
        .optional(),
    })
    // A bare `*` would silence every finding of every server: require it to name what it covers.
    .refine((s) => s.rule !== '*' || s.server !== undefined || s.tool !== undefined || s.file !== undefined, {
      message: 'a suppression of every rule ("*") must name a server, tool or file',
      path: ['rule'],
    })

  const ServerPolicy = z.strictObject({
    trust: z.enum(TRUST_LEVELS).optional(),
    allow: z.array(z.string()).optional(),
    deny: z.array(z.string()).optional(),
    rateLimit: RateLimit.optional(),
    tools: z
      .record(
        z.string(),
        z.strictObject({
          rateLimit: RateLimit.optional(),
          /** The trust level a call of this tool needs, in place of the one its annotations and name suggest. */
          requires: z.enum(TRUST_LEVELS).optional(),
        }),
      )
      .optional(),
  })

  const PolicySchema = z.strictObject({
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
  return {Action, RuleSetting, Suppression, ServerPolicy, PolicySchema}
}

type Schemas = ReturnType<typeof buildSchemas>
const schemas = lazySchemas(buildSchemas)

/** The policy file's schema. */
export function policySchema(): Schemas['PolicySchema'] {
  return schemas().PolicySchema
}

export type Action = z.infer<Schemas['Action']>
export type RuleSetting = z.infer<Schemas['RuleSetting']>
export type Suppression = z.infer<Schemas['Suppression']>
export type ServerPolicy = z.infer<Schemas['ServerPolicy']>
export type Policy = z.infer<Schemas['PolicySchema']>
