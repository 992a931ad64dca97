// A parsed input file that remembers where every value came from. Rules report JSON pointers; the
// document turns them into line and column (falling back to the nearest ancestor that exists, so a
// finding about a live server still lands on a committed line). Parse errors become InputErrors that
// name the file, the line and column, and the reason.

import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import * as jsonc from 'jsonc-parser'
import type {Node as YamlNode} from 'yaml'
import {InputError} from '../core/errors.js'
import {parent, parsePointer} from './pointer.js'
import {tomlPositions} from './toml-positions.js'

export type SourceFormat = 'json' | 'yaml' | 'toml' | 'text'

// The YAML and TOML parsers load on the first file of their format: most runs read JSON only, and
// loading yaml (about 70 files) and smol-toml cost every command 35 ms at start-up. Loaded with
// require, which keeps parsing synchronous (yaml is CommonJS; smol-toml ships a CommonJS build).
let yamlLib: typeof import('yaml') | undefined
let tomlLib: typeof import('smol-toml') | undefined
const yaml = (): typeof import('yaml') => (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'))
const toml = (): typeof import('smol-toml') => (tomlLib ??= createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml'))

export interface Position {
  line: number
  column: number
}

export interface SourceDocument {
  /** Path as the user gave it (relative paths stay relative), `-` for stdin. */
  file: string
  format: SourceFormat
  text: string
  value: unknown
  /** Line and column (1-based) of the value at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): Position
}

/** Cap on what we read from one input file: a manifest or config this large is hostile or a mistake. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024

/**
 * Cap on YAML files (policies, Continue and goose configs: a few KiB in practice). The YAML parser
 * needs about 40 times a file's size in memory (a 50 MB file took 1.9 GB), so the general cap is far
 * too high for it.
 */
export const MAX_YAML_BYTES = 4 * 1024 * 1024

/**
 * Cap on nesting in an input file. The parsers and everything after them (rules, hashing, zod) walk
 * values recursively, so a hostile file of 100k nested brackets would overflow the stack; real
 * configs, manifests and locks stay far below this (a lock adds six levels to a tool's schema).
 */
export const MAX_INPUT_DEPTH = 1000

export function readSource(file: string, format?: SourceFormat): SourceDocument {
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message)
    throw new InputError(`cannot read file: ${why}`, {file}, code === 'ENOENT' ? 'check the path, or run from the repository root' : undefined)
  }
  if (buf.length > MAX_INPUT_BYTES) throw new InputError(`file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, {file})
  return parseSource(file, decodeUtf8(buf, file), format ?? formatFromName(file))
}

export function decodeUtf8(buf: Buffer, file: string): string {
  try {
    const text = new TextDecoder('utf-8', {fatal: true}).decode(buf)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch {
    throw new InputError('file is not valid UTF-8', {file, line: firstInvalidUtf8Line(buf)}, 'save the file as UTF-8')
  }
}

function firstInvalidUtf8Line(buf: Buffer): number {
  const decoded = buf.toString('utf8')
  const i = decoded.indexOf('\uFFFD')
  return i < 0 ? 1 : decoded.slice(0, i).split('\n').length
}

export function formatFromName(file: string): SourceFormat {
  const ext = path.extname(file).toLowerCase()
  if (ext === '.yaml' || ext === '.yml') return 'yaml'
  if (ext === '.toml') return 'toml'
  if (ext === '.txt' || ext === '.md') return 'text'
  return 'json'
}

export function parseSource(file: string, text: string, format: SourceFormat): SourceDocument {
  switch (format) {
    case 'json':
      return parseJson(file, text)
    case 'yaml':
      return parseYaml(file, text)
    case 'toml':
      return parseTomlDoc(file, text)
    case 'text':
      return {file, format, text, value: text, locate: () => ({line: 1, column: 1})}
  }
}

/** Offsets of line starts, for offset → line/column. */
function lineIndex(text: string): (offset: number) => Position {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  return (offset: number) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return {line: lo + 1, column: offset - starts[lo] + 1}
  }
}

/** Walk a pointer down to the deepest node that exists, then position it. Shared by all formats. */
function locateWith<N>(find: (pointer: string) => N | undefined, offsetOf: (node: N) => number, pos: (o: number) => Position) {
  return (pointer: string): Position => {
    let p = pointer
    for (;;) {
      const node = find(p)
      if (node !== undefined) return pos(offsetOf(node))
      if (p === '') return {line: 1, column: 1}
      p = parent(p)
    }
  }
}

const JSON_ERRORS: Record<number, string> = {
  1: 'invalid symbol',
  2: 'invalid number format',
  3: 'property name expected',
  4: 'value expected',
  5: 'colon expected',
  6: 'comma expected',
  7: 'closing brace expected',
  8: 'closing bracket expected',
  9: 'end of file expected',
  10: 'invalid comment token',
  11: 'unexpected end of comment',
  12: 'unexpected end of string',
  13: 'unexpected end of number',
  14: 'invalid unicode escape',
  15: 'invalid escape character',
  16: 'invalid character',
}

/** JSON with comments and trailing commas (JSONC), which VS Code, Zed and Cursor files use. */
export function parseJson(file: string, text: string): SourceDocument {
  const pos = lineIndex(text)
  const tooDeep = jsonDepthExceeded(text, MAX_INPUT_DEPTH)
  if (tooDeep !== undefined) throw nestedTooDeep(file, pos(tooDeep))
  const errors: jsonc.ParseError[] = []
  const root = jsonc.parseTree(text, errors, {allowTrailingComma: true, disallowComments: false, allowEmptyContent: false})
  if (errors.length > 0 || root === undefined) {
    const e = errors[0]
    const at = e ? pos(e.offset) : {line: 1, column: 1}
    throw new InputError(`malformed JSON: ${e ? JSON_ERRORS[e.error] ?? 'syntax error' : 'empty file'}`, {file, ...at}, 'fix the syntax; the file must be JSON (comments and trailing commas are allowed)')
  }
  const value = jsonValue(root)
  const find = (pointer: string): jsonc.Node | undefined => {
    let node: jsonc.Node | undefined = root
    let holder: jsonc.Node | undefined
    for (const t of parsePointer(pointer)) {
      if (node?.type === 'object') {
        holder = node.children?.find((p) => p.children?.[0]?.value === t)
        node = holder?.children?.[1]
      } else if (node?.type === 'array') {
        holder = undefined
        node = /^\d+$/.test(t) ? node.children?.[Number(t)] : undefined
      } else return undefined
      if (!node) return undefined
    }
    // Point at the property (its key) rather than the value: that is the line a reader looks at.
    return holder ?? node
  }
  return {file, format: 'json', text, value, locate: locateWith(find, (n) => n.offset, pos)}
}

/**
 * Offset of the bracket that opens level `max + 1`, or undefined. jsonc-parser's parser recurses once
 * per level; its scanner does not, so the depth is measured with the scanner first (about a tenth of
 * the cost of the parse), skipping strings and comments as the parser would.
 */
function jsonDepthExceeded(text: string, max: number): number | undefined {
  // A container takes two characters: a short text cannot be too deep.
  if (text.length <= max * 2) return undefined
  const scanner = jsonc.createScanner(text, false)
  let depth = 0
  for (let t = scanner.scan(); t !== jsonc.SyntaxKind.EOF; t = scanner.scan()) {
    if (t === jsonc.SyntaxKind.OpenBraceToken || t === jsonc.SyntaxKind.OpenBracketToken) {
      if (++depth > max) return scanner.getTokenOffset()
    } else if (t === jsonc.SyntaxKind.CloseBraceToken || t === jsonc.SyntaxKind.CloseBracketToken) depth--
  }
  return undefined
}

function nestedTooDeep(file: string, at: Position, what = `nested deeper than ${MAX_INPUT_DEPTH} levels`): InputError {
  return new InputError(what, {file, ...at}, 'no MCP config, manifest, lock or policy nests this deep: the file is damaged or hostile')
}

/** Depth of a parsed value, walked with an explicit stack (the value may be as deep as the parser allowed). */
function valueDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d + 1 > max) return true
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1])
  }
  return false
}

/** Build the plain value from the tree, without prototype pollution: objects are null-prototype-safe. */
function jsonValue(node: jsonc.Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? []
        if (!k || !v) continue
        Object.defineProperty(out, String(k.value), {value: jsonValue(v), enumerable: true, writable: true, configurable: true})
      }
      return out
    }
    case 'array':
      return (node.children ?? []).map((c) => jsonValue(c))
    default:
      return node.value
  }
}

export function parseYaml(file: string, text: string): SourceDocument {
  if (text.length > MAX_YAML_BYTES) throw new InputError(`YAML file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB`, {file}, 'no policy or client config is this large: the file is damaged or hostile')
  const {isMap, isScalar, isSeq, LineCounter, parseDocument} = yaml()
  const lineCounter = new LineCounter()
  // Duplicate keys are checked below in one pass: the parser's own check (uniqueKeys) compares each
  // key with every earlier one, which a hostile file of 100k keys turns into minutes of CPU.
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: false, merge: false})
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    const at = lineCounter.linePos(e.pos[0])
    // The yaml parser recurses per level and reports its own stack overflow as a parse error.
    if (/call stack/i.test(e.message)) throw nestedTooDeep(file, {line: at.line, column: at.col}, 'nested too deep for the YAML parser')
    throw new InputError(`malformed YAML: ${e.message.split('\n')[0]}`, {file, line: at.line, column: at.col}, 'fix the YAML syntax')
  }
  const dup = firstDuplicateKey(doc.contents)
  if (dup !== undefined) {
    const at = lineCounter.linePos(dup)
    throw new InputError('malformed YAML: Map keys must be unique', {file, line: at.line, column: at.col}, 'fix the YAML syntax')
  }
  let value: unknown
  try {
    value = doc.toJS({maxAliasCount: 100})
  } catch (error) {
    if (error instanceof RangeError) throw nestedTooDeep(file, {line: 1, column: 1})
    throw error
  }
  if (valueDepthExceeds(value, MAX_INPUT_DEPTH)) throw nestedTooDeep(file, {line: 1, column: 1})
  const find = (pointer: string): YamlNode | undefined => {
    const tokens = parsePointer(pointer)
    let node: unknown = doc.contents
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]
      if (isMap(node)) {
        const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === t)
        if (!pair) return undefined
        // The last segment lands on the key, the line a reader looks at; others walk into the value.
        if (i === tokens.length - 1 && isScalar(pair.key)) return pair.key
        node = pair.value
      } else if (isSeq(node)) {
        node = node.items[Number(t)]
      } else return undefined
    }
    return (node as YamlNode | null) ?? undefined
  }
  return {
    file,
    format: 'yaml',
    text,
    value,
    locate: locateWith(find, (n) => n.range?.[0] ?? 0, (o) => {
      const p = lineCounter.linePos(o)
      return {line: p.line, column: p.col}
    }),
  }
}

/** Offset of the first key repeated in its mapping, in one pass over the tree (explicit stack). */
function firstDuplicateKey(root: unknown): number | undefined {
  const {isMap, isScalar, isSeq} = yaml()
  const stack: unknown[] = [root]
  let first: number | undefined
  while (stack.length > 0) {
    const node = stack.pop()
    if (isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        const k = pair.key
        const id = isScalar(k) ? `s:${typeof k.value}:${String(k.value)}` : `n:${String(k)}`
        if (seen.has(id)) {
          const at = (k as YamlNode | null)?.range?.[0] ?? 0
          if (first === undefined || at < first) first = at
        }
        seen.add(id)
        stack.push(pair.value)
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item)
  }
  return first
}

/**
 * TOML (Codex's config.toml). smol-toml keeps no positions, so a second pass over the text
 * (toml-positions.ts) indexes every table header, key and array element by pointer: a finding lands
 * on `[mcp_servers.NAME]`, on the key below it, or on one argument of a multi-line `args` array.
 */
export function parseTomlDoc(file: string, text: string): SourceDocument {
  const {parse: parseToml, TomlError} = toml()
  let value: unknown
  try {
    value = parseToml(text)
  } catch (error) {
    if (error instanceof TomlError) throw new InputError(`malformed TOML: ${error.message.split('\n')[0]}`, {file, line: error.line, column: error.column}, 'fix the TOML syntax')
    throw error
  }
  let positions: Map<string, Position> | undefined
  const locate = (pointer: string): Position => {
    positions ??= tomlPositions(text)
    for (let p = pointer; p !== ''; p = parent(p)) {
      const at = positions.get(p)
      if (at) return at
    }
    return {line: 1, column: 1}
  }
  return {file, format: 'toml', text, value, locate}
}
