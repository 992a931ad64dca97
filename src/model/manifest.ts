// What an MCP server tells a client: the manifest. Shapes follow the MCP spec (2024-11-05 through
// 2026-07-28); objects are open (unknown fields are kept, because a poisoned server hides things in
// fields a strict parser would drop). Validation checks only what the scanner relies on.

import {z} from 'zod'

export type JsonObject = Record<string, unknown>

export const ToolAnnotationsSchema = z.looseObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
})

export const ToolSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.looseObject({}).optional(),
  outputSchema: z.looseObject({}).optional(),
  annotations: ToolAnnotationsSchema.optional(),
})
export type Tool = z.infer<typeof ToolSchema>

export const PromptSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(z.looseObject({name: z.string(), description: z.string().optional(), required: z.boolean().optional()})).optional(),
})
export type Prompt = z.infer<typeof PromptSchema>

export const ResourceSchema = z.looseObject({
  uri: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
})
export type Resource = z.infer<typeof ResourceSchema>

export const ResourceTemplateSchema = z.looseObject({
  uriTemplate: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
})
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>

export const ServerInfoSchema = z.looseObject({name: z.string().optional(), version: z.string().optional(), title: z.string().optional()})

export interface ServerManifest {
  protocolVersion?: string
  serverInfo?: z.infer<typeof ServerInfoSchema>
  capabilities?: JsonObject
  instructions?: string
  tools: Tool[]
  prompts: Prompt[]
  resources: Resource[]
  resourceTemplates: ResourceTemplate[]
}

export type ItemListKey = 'tools' | 'prompts' | 'resources' | 'resourceTemplates'
export type ManifestItemKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate'

export const LIST_KEYS: Record<ManifestItemKind, ItemListKey> = {
  tool: 'tools',
  prompt: 'prompts',
  resource: 'resources',
  resourceTemplate: 'resourceTemplates',
}

export const ITEM_SCHEMAS = {
  tool: ToolSchema,
  prompt: PromptSchema,
  resource: ResourceSchema,
  resourceTemplate: ResourceTemplateSchema,
} as const

/** The key an item is known by: its name, or its URI (template) for resources. */
export function itemKey(kind: ManifestItemKind, item: JsonObject): string {
  if (kind === 'resource') return String(item.uri)
  if (kind === 'resourceTemplate') return String(item.uriTemplate)
  return String(item.name)
}

export function emptyManifest(): ServerManifest {
  return {tools: [], prompts: [], resources: [], resourceTemplates: []}
}
