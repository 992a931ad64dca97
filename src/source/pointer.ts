// RFC 6901 JSON pointers: the way rules point at structure. One step (source/document.ts) later
// turns a pointer into file, line and column.

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** Append path segments to a pointer: `join('/tools/0', 'inputSchema', 'properties', 'a/b')`. */
export function join(base: string, ...tokens: Array<string | number>): string {
  let out = base
  for (const t of tokens) out += '/' + escapeToken(t)
  return out
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer: ${pointer}`)
  return pointer.slice(1).split('/').map(unescapeToken)
}

/** The pointer one level up; '' stays ''. */
export function parent(pointer: string): string {
  const i = pointer.lastIndexOf('/')
  return i <= 0 ? '' : pointer.slice(0, i)
}

/** Read the value a pointer designates, or undefined. Own properties only (no prototype walk). */
export function get(value: unknown, pointer: string): unknown {
  let cur: unknown = value
  for (const token of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined
    if (!Object.prototype.hasOwnProperty.call(cur, token)) return undefined
    cur = (cur as Record<string, unknown>)[token]
  }
  return cur
}
