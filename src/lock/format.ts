// The `mcp.lock` format (DESIGN.md): what a team commits. Items are keyed by name (URI for resources)
// so their pointers are stable and the file diffs by item, and each carries its full descriptor so
// a PR diff shows the change in words.

import type {z} from 'zod'
import {lazySchemas} from '../core/zod.js'

export const LOCKFILE_VERSION = 1

export const HASH_RE = /^sha256:[0-9a-f]{64}$/

// Built on first use (core/zod.ts says why); the types come from the builder.
function buildSchemas(z: typeof import('zod').z) {
  const LockItemSchema = z.object({
    hash: z.string().regex(HASH_RE, 'expected "sha256:" and 64 hex digits'),
    descriptor: z.looseObject({}),
  })

  const LaunchSchema = z.object({
    transport: z.enum(['stdio', 'http', 'sse']),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    /** Names of the environment variables the config sets; values are never written. */
    env: z.array(z.string()).optional(),
    url: z.string().optional(),
    cwd: z.string().optional(),
    /** The package the command runs (npx, uvx, docker...), resolved to a version where possible. */
    package: z
      .object({ecosystem: z.enum(['npm', 'pypi', 'docker', 'other']), name: z.string(), version: z.string().optional()})
      .optional(),
  })

  const LockServerSchema = z.object({
    /** Where the server was declared: config file and JSON pointer, or "cli" for an ad-hoc server. */
    source: z.object({file: z.string(), pointer: z.string()}),
    launch: LaunchSchema,
    protocolVersion: z.string().optional(),
    serverInfo: z.looseObject({}).optional(),
    capabilities: z.looseObject({}).optional(),
    instructions: z.string().optional(),
    tools: z.record(z.string(), LockItemSchema),
    prompts: z.record(z.string(), LockItemSchema),
    resources: z.record(z.string(), LockItemSchema),
    resourceTemplates: z.record(z.string(), LockItemSchema),
    /** `false` for a server whose manifest was not read (remote servers): only its launch is pinned. */
    probed: z.literal(false).optional(),
    /** SHA-256 over the canonical form of the whole server manifest. */
    hash: z.string().regex(HASH_RE, 'expected "sha256:" and 64 hex digits'),
  })

  const SignatureSchema = z.object({
    alg: z.literal('HMAC-SHA256'),
    keyId: z.string(),
    value: z.string(),
  })

  const LockfileSchema = z.object({
    lockfileVersion: z.literal(LOCKFILE_VERSION),
    generator: z.string(),
    servers: z.record(z.string(), LockServerSchema),
    signature: SignatureSchema.optional(),
  })
  return {LockItemSchema, LaunchSchema, LockServerSchema, LockfileSchema}
}

type Schemas = ReturnType<typeof buildSchemas>
const schemas = lazySchemas(buildSchemas)

/** The mcp.lock schema. */
export function lockfileSchema(): Schemas['LockfileSchema'] {
  return schemas().LockfileSchema
}

export type LockItem = z.infer<Schemas['LockItemSchema']>
export type Launch = z.infer<Schemas['LaunchSchema']>
export type LockServer = z.infer<Schemas['LockServerSchema']>
export type Lockfile = z.infer<Schemas['LockfileSchema']>

/** True when a parsed JSON value looks like an mcp.lock (even a malformed one), for auto-detection. */
export function looksLikeLock(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && 'lockfileVersion' in value
}
