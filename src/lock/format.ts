// The `mcp.lock` format (DESIGN.md): what a team commits. Items are keyed by name (URI for resources)
// so their pointers are stable and the file diffs by item, and each carries its full descriptor so
// a PR diff shows the change in words.

import {z} from 'zod'

export const LOCKFILE_VERSION = 1

export const HASH_RE = /^sha256:[0-9a-f]{64}$/

export const LockItemSchema = z.object({
  hash: z.string().regex(HASH_RE, 'expected "sha256:" and 64 hex digits'),
  descriptor: z.looseObject({}),
})
export type LockItem = z.infer<typeof LockItemSchema>

export const LaunchSchema = z.object({
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
export type Launch = z.infer<typeof LaunchSchema>

export const LockServerSchema = z.object({
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
export type LockServer = z.infer<typeof LockServerSchema>

export const SignatureSchema = z.object({
  alg: z.literal('HMAC-SHA256'),
  keyId: z.string(),
  value: z.string(),
})

export const LockfileSchema = z.object({
  lockfileVersion: z.literal(LOCKFILE_VERSION),
  generator: z.string(),
  servers: z.record(z.string(), LockServerSchema),
  signature: SignatureSchema.optional(),
})
export type Lockfile = z.infer<typeof LockfileSchema>

/** True when a parsed JSON value looks like an mcp.lock (even a malformed one), for auto-detection. */
export function looksLikeLock(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && 'lockfileVersion' in value
}
