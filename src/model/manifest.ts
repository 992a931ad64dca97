// What an MCP server tells a client: the manifest. Shapes follow the MCP spec (2024-11-05 through
// 2026-07-28); objects are open (unknown fields are kept, because a poisoned server hides things in
// fields a strict parser would drop). Validation checks only what the scanner relies on.

import type {z} from 'zod'
import {lazySchemas} from '../core/zod.js'

export type JsonObject = Record<string, unknown>

// Built on first use (core/zod.ts says why); the types come from the builder.
function buildSchemas(z: typeof import('zod').z) {
  const ToolAnnotationsSchema = z.looseObject({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  })
  const ToolSchema = z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    inputSchema: z.looseObject({}).optional(),
    outputSchema: z.looseObject({}).optional(),
    annotations: ToolAnnotationsSchema.optional(),
  })
  const PromptSchema = z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    arguments: z.array(z.looseObject({name: z.string(), description: z.string().optional(), required: z.boolean().optional()})).optional(),
  })
  const ResourceSchema = z.looseObject({
    uri: z.string(),
    name: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
  })
  const ResourceTemplateSchema = z.looseObject({
    uriTemplate: z.string(),
    name: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
  })
  const ServerInfoSchema = z.looseObject({name: z.string().optional(), version: z.string().optional(), title: z.string().optional()})
  return {tool: ToolSchema, prompt: PromptSchema, resource: ResourceSchema, resourceTemplate: ResourceTemplateSchema, serverInfo: ServerInfoSchema}
}

type Schemas = ReturnType<typeof buildSchemas>

/** The item schemas by kind (tool, prompt, resource, resourceTemplate), and serverInfo's. */
export const itemSchemas = lazySchemas(buildSchemas)

export type Tool = z.infer<Schemas['tool']>
export type Prompt = z.infer<Schemas['prompt']>
export type Resource = z.infer<Schemas['resource']>
export type ResourceTemplate = z.infer<Schemas['resourceTemplate']>

export interface ServerManifest {
  protocolVersion?: string
  serverInfo?: z.infer<Schemas['serverInfo']>
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

/** The key an item is known by: its name, or its URI (template) for resources. */
export function itemKey(kind: ManifestItemKind, item: JsonObject): string {
  if (kind === 'resource') return String(item.uri)
  if (kind === 'resourceTemplate') return String(item.uriTemplate)
  return String(item.name)
}

export function emptyManifest(): ServerManifest {
  return {tools: [], prompts: [], resources: [], resourceTemplates: []}
}
