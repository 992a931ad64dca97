// Stage 5, content: the texts of a message that the model (or the user) will read, each with its JSON
// pointer and the object holding it, so a finding can name the exact field and a redaction can
// replace only that string. Images, audio, blobs and `_meta` are not text anyone reads and are skipped.

import {analyze} from '../text/analyze.js'
import {maskSecrets} from '../secrets/patterns.js'
import {redactPii} from '../pii/detect.js'
import type {Rule} from '../rules/types.js'
import {escapeToken} from '../source/pointer.js'
import type {ContentCategory} from './config.js'

export interface ContentField {
  text: string
  pointer: string
  holder: Record<string, unknown> | unknown[]
  key: string | number
  field: 'argument' | 'content'
}

/** Cap on strings scanned in one message: a result with a million tiny strings is scanned in part, not forever. */
const MAX_FIELDS = 10_000

type Obj = Record<string, unknown>

// `join` of source/pointer for one token, without the regex passes for the common plain token.
const PLAIN = /^[^~/]*$/
function join(base: string, ...tokens: Array<string | number>): string {
  let out = base
  for (const t of tokens) out += '/' + (typeof t === 'number' || PLAIN.test(t) ? t : escapeToken(t))
  return out
}
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

function push(out: ContentField[], holder: Obj | unknown[], key: string | number, pointer: string, field: ContentField['field']): void {
  const v = (holder as Obj)[key as string]
  if (typeof v === 'string' && v.length > 0 && out.length < MAX_FIELDS) out.push({text: v, pointer, holder, key, field})
}

/** Every string under `value` (iteratively; depth was bounded by stage 1). */
function leaves(holder: Obj | unknown[], key: string | number, pointer: string, field: ContentField['field'], out: ContentField[]): void {
  const stack: Array<[Obj | unknown[], string | number, string]> = [[holder, key, pointer]]
  while (stack.length > 0 && out.length < MAX_FIELDS) {
    const [h, k, p] = stack.pop()!
    const v = (h as Obj)[k as string]
    if (typeof v === 'string') push(out, h, k, p, field)
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v, i, join(p, i)])
    else if (isObj(v)) {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) if (keys[i] !== '_meta') stack.push([v, keys[i], join(p, keys[i])])
    }
  }
}

/** One content block (text, embedded resource, resource link); images and audio carry no text. */
function block(b: unknown, pointer: string, out: ContentField[]): void {
  if (!isObj(b)) return
  switch (b.type) {
    case 'image':
    case 'audio':
      return
    case 'resource':
      if (isObj(b.resource)) push(out, b.resource, 'text', join(pointer, 'resource', 'text'), 'content')
      return
    case 'resource_link':
      for (const k of ['name', 'title', 'description']) push(out, b, k, join(pointer, k), 'content')
      return
    default:
      push(out, b, 'text', join(pointer, 'text'), 'content')
  }
}

function blocks(value: unknown, pointer: string, out: ContentField[]): void {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) block(value[i], join(pointer, i), out)
  else block(value, pointer, out)
}

function messages(list: unknown, pointer: string, out: ContentField[]): void {
  if (!Array.isArray(list)) return
  for (let i = 0; i < list.length; i++) {
    const m = list[i]
    if (isObj(m)) blocks(m.content, join(pointer, i, 'content'), out)
  }
}

/** Arguments of a `tools/call` (what the model sends to the tool). */
export function argumentFields(params: unknown): ContentField[] {
  const out: ContentField[] = []
  if (isObj(params) && 'arguments' in params) leaves(params, 'arguments', '/params/arguments', 'argument', out)
  return out
}

/**
 * A result the client hands to the model: tools/call (`content`, `structuredContent`), prompts/get
 * (`description`, `messages`), resources/read (`contents`). Shapes are recognized by their fields, so
 * a result whose request was not seen (a trace that starts mid-session) is still scanned.
 */
export function resultFields(result: unknown): ContentField[] {
  const out: ContentField[] = []
  if (!isObj(result)) return out
  if (Array.isArray(result.content)) blocks(result.content, '/result/content', out)
  if ('structuredContent' in result) leaves(result, 'structuredContent', '/result/structuredContent', 'content', out)
  if (Array.isArray(result.messages)) {
    push(out, result, 'description', '/result/description', 'content')
    messages(result.messages, '/result/messages', out)
  }
  if (Array.isArray(result.contents)) {
    for (let i = 0; i < result.contents.length; i++) {
      const c = result.contents[i]
      if (isObj(c)) push(out, c, 'text', join('/result/contents', i, 'text'), 'content')
    }
  }
  return out
}

/** An error the client shows to the model or the user: its message and any text in its data. */
export function errorFields(error: Obj): ContentField[] {
  const out: ContentField[] = []
  push(out, error, 'message', '/error/message', 'content')
  if ('data' in error) leaves(error, 'data', '/error/data', 'content', out)
  return out
}

/** Server-to-client requests that put text in front of the model (sampling) or the user (elicitation). */
export function serverRequestFields(method: string, params: unknown): ContentField[] {
  const out: ContentField[] = []
  if (!isObj(params)) return out
  if (method === 'sampling/createMessage') {
    push(out, params, 'systemPrompt', '/params/systemPrompt', 'content')
    messages(params.messages, '/params/messages', out)
  } else if (method === 'elicitation/create') push(out, params, 'message', '/params/message', 'content')
  return out
}

// Rule ids of text rules about invisible or deceptive characters; the policy's `hidden` action applies
// to them. Everything else that is not secrets or PII is treated as an injection.
const HIDDEN_ID = /hidden|invisible|zero-width|bidi|unicode|tag-char|ansi|escape|control-char|homoglyph|confusable|padding/

export function categoryOf(rule: Rule): ContentCategory {
  if (rule.meta.category === 'secrets') return 'secrets'
  if (rule.meta.category === 'pii') return 'pii'
  if (HIDDEN_ID.test(rule.meta.id)) return 'hidden'
  return 'injection'
}

export const PLACEHOLDER: Record<ContentCategory, (ruleIds: string) => string> = {
  secrets: (r) => `[mcp-warden: credential removed (${r})]`,
  pii: (r) => `[mcp-warden: personal data removed (${r})]`,
  hidden: (r) => `[mcp-warden: text with hidden characters removed (${r})]`,
  injection: (r) => `[mcp-warden: text removed, it looked like a prompt injection (${r})]`,
}

/**
 * The text with what `category` found taken out: secrets and PII masked where they stand, hidden
 * characters deleted, and an injection (whose extent no detector knows exactly) replaced whole. When
 * the targeted masking finds nothing to change (the finding came from a rule with its own detector),
 * the whole text is replaced, so a redaction never forwards what it was meant to remove.
 */
export function redactText(text: string, category: ContentCategory, ruleIds: string): string {
  let out = text
  if (category === 'secrets') out = maskSecrets(text)
  else if (category === 'pii') out = redactPii(text)
  else if (category === 'hidden') out = analyze(text).visible
  return out === text ? PLACEHOLDER[category](ruleIds) : out
}
