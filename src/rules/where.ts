// Words for "where" in finding messages (`the description of tool "x"`), and the name fields that
// the MCP spec restricts to `[A-Za-z0-9_.-]`. Names are untrusted: they are escaped and shortened
// before they reach a message.

import {excerpt} from '../text/escape.js'
import type {FieldKind, TextField} from './scope.js'

/** An untrusted name, escaped, shortened and quoted for a message. */
export function quote(name: string): string {
  return `"${excerpt(name, 60)}"`
}

const KIND_WORD: Record<string, string> = {
  tool: 'tool',
  prompt: 'prompt',
  resource: 'resource',
  resourceTemplate: 'resource template',
  server: 'server',
  config: 'server',
  message: 'message',
}

const FIELD_WORD: Partial<Record<FieldKind, string>> = {
  name: 'name',
  title: 'title',
  description: 'description',
  'param-name': 'parameter name',
  'param-title': 'parameter title',
  'param-description': 'parameter description',
  enum: 'enum value',
  default: 'default value',
  example: 'example value',
  'output-schema': 'output schema',
  'prompt-argument': 'argument description',
  uri: 'uri',
  'annotation-title': 'annotation title',
}

/** `the description of tool "x"`, `the server instructions`, `the tool result`... */
export function whereOf(field: TextField): string {
  switch (field.field) {
    case 'instructions':
      return `the instructions of server ${quote(field.server ?? field.name ?? '')}`
    case 'server-info':
      return `the server info of ${quote(field.server ?? field.name ?? '')}`
    case 'content':
      return field.name ? `the result of tool ${quote(field.name)}` : 'the tool result'
    case 'argument':
      return field.name ? `an argument of tool ${quote(field.name)}` : 'a tool argument'
    case 'text':
      return 'the text'
  }
  const what = FIELD_WORD[field.field] ?? field.field
  const owner = `${KIND_WORD[field.kind] ?? field.kind} ${quote(field.name ?? '')}`
  if (field.field === 'param-name') return `parameter name ${quote(field.text)} of ${owner}`
  if (field.field === 'name') return `the name of ${owner}`
  return `the ${what} of ${owner}`
}

/** A name the model sees as an identifier: tool, prompt, parameter or server name. */
export function isNameField(field: TextField): boolean {
  if (field.field === 'name') return field.kind === 'tool' || field.kind === 'prompt'
  if (field.field === 'param-name') return true
  return field.field === 'server-info' && /\/serverInfo\/name$/.test(field.pointer)
}

/** What the MCP spec allows in tool and prompt names. */
export const SPEC_NAME_RE = /^[A-Za-z0-9_.-]{1,128}$/

/**
 * Evidence is shown as a short excerpt; cutting it first keeps masking and escaping cheap on a
 * megabyte of hostile text.
 */
export function clip(text: string, max = 600): string {
  return text.length > max ? text.slice(0, max) : text
}
