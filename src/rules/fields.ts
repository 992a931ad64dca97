// Enumerates every text the model reads in a manifest: names, titles, descriptions, server
// instructions, and inside input/output schemas the property names, titles, descriptions, enums,
// defaults and examples (schema poisoning hides there). Bounded, so a hostile schema cannot make
// the walk run forever.

import {join} from '../source/pointer.js'
import type {FieldKind, ItemView, ServerView, TextField} from './scope.js'

const MAX_SCHEMA_DEPTH = 32
const MAX_FIELDS_PER_ITEM = 5000

// Keywords whose value is a subschema, a list of them, or a map of them.
const SUBSCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems']
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items']
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']

export function* serverFields(server: ServerView): Generator<TextField> {
  const base = {source: server.source, server: server.name, owner: server, role: 'metadata' as const}
  const m = server.manifest
  if (typeof m.instructions === 'string') {
    yield {...base, kind: 'server', name: server.name, field: 'instructions', text: m.instructions, pointer: join(server.pointer, 'instructions')}
  }
  const info = m.serverInfo
  if (info) {
    for (const k of ['name', 'title', 'description'] as const) {
      const v = (info as Record<string, unknown>)[k]
      if (typeof v === 'string') yield {...base, kind: 'server', name: server.name, field: 'server-info', text: v, pointer: join(server.pointer, 'serverInfo', k)}
    }
  }
  for (const item of server.items) yield* itemFields(item)
}

export function* itemFields(item: ItemView): Generator<TextField> {
  const base = {source: item.source, server: item.server, kind: item.kind, name: item.name, item, owner: item.owner, role: 'metadata' as const}
  const d = item.descriptor
  let count = 0
  const field = (text: string, f: FieldKind, pointer: string): TextField => ({...base, text, field: f, pointer})
  for (const [k, f] of [
    ['name', 'name'],
    ['title', 'title'],
    ['description', 'description'],
    ['uri', 'uri'],
    ['uriTemplate', 'uri'],
  ] as const) {
    if (typeof d[k] === 'string') yield field(d[k] as string, f, join(item.pointer, k))
  }
  const ann = d.annotations
  if (ann && typeof ann === 'object' && typeof (ann as Record<string, unknown>).title === 'string') {
    yield field((ann as Record<string, string>).title, 'annotation-title', join(item.pointer, 'annotations', 'title'))
  }
  if (Array.isArray(d.arguments)) {
    for (const [i, a] of d.arguments.entries()) {
      if (!a || typeof a !== 'object') continue
      const arg = a as Record<string, unknown>
      if (typeof arg.name === 'string') yield field(arg.name, 'param-name', join(item.pointer, 'arguments', i, 'name'))
      if (typeof arg.title === 'string') yield field(arg.title, 'param-title', join(item.pointer, 'arguments', i, 'title'))
      if (typeof arg.description === 'string') yield field(arg.description, 'prompt-argument', join(item.pointer, 'arguments', i, 'description'))
    }
  }
  for (const key of ['inputSchema', 'outputSchema'] as const) {
    const schema = d[key]
    if (schema && typeof schema === 'object') {
      for (const f of schemaFields(schema, join(item.pointer, key), key === 'outputSchema', 0)) {
        if (++count > MAX_FIELDS_PER_ITEM) return
        yield field(f.text, f.field, f.pointer)
      }
    }
  }
}

interface RawField {
  text: string
  field: FieldKind
  pointer: string
}

function* schemaFields(schema: unknown, pointer: string, output: boolean, depth: number): Generator<RawField> {
  if (depth > MAX_SCHEMA_DEPTH || !schema || typeof schema !== 'object' || Array.isArray(schema)) return
  const s = schema as Record<string, unknown>
  const desc = (f: FieldKind): FieldKind => (output && f === 'param-description' ? 'output-schema' : f)
  // The root schema's title and description are read as the parameters' preamble.
  if (typeof s.description === 'string') yield {text: s.description, field: desc('param-description'), pointer: join(pointer, 'description')}
  if (typeof s.title === 'string') yield {text: s.title, field: output ? 'output-schema' : 'param-title', pointer: join(pointer, 'title')}
  for (const k of ['enum', 'examples'] as const) {
    const list = s[k]
    if (Array.isArray(list)) {
      for (const [i, v] of list.entries()) if (typeof v === 'string') yield {text: v, field: k === 'enum' ? 'enum' : 'example', pointer: join(pointer, k, i)}
    }
  }
  if (typeof s.const === 'string') yield {text: s.const, field: 'enum', pointer: join(pointer, 'const')}
  if (typeof s.default === 'string') yield {text: s.default, field: 'default', pointer: join(pointer, 'default')}
  for (const k of SUBSCHEMA) {
    if (s[k] && typeof s[k] === 'object' && !Array.isArray(s[k])) yield* schemaFields(s[k], join(pointer, k), output, depth + 1)
  }
  for (const k of SUBSCHEMA_LISTS) {
    const list = s[k]
    if (Array.isArray(list)) for (const [i, sub] of list.entries()) yield* schemaFields(sub, join(pointer, k, i), output, depth + 1)
  }
  for (const k of SUBSCHEMA_MAPS) {
    const map = s[k]
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue
    for (const [name, sub] of Object.entries(map)) {
      if (k === 'properties' || k === 'patternProperties') yield {text: name, field: 'param-name', pointer: join(pointer, k, name)}
      yield* schemaFields(sub, join(pointer, k, name), output, depth + 1)
    }
  }
}
