// The bytes of `mcp.lock`: two-space indent, keys sorted recursively (UTF-16 code unit order, as in
// RFC 8785), LF, a trailing newline, no timestamps. The same servers always give the same bytes, so
// git shows only real change. Invisible characters (zero-width, bidi, tag characters, odd spaces) are
// written as `\uXXXX` escapes: the lock's diff is what a reviewer reads, and a hidden instruction must
// be visible there. Escapes change the bytes, not the parsed value, so hashes and signatures ignore them.

// Default-ignorable code points (zero-width, bidi, tags, variation selectors, Hangul fillers), format
// and control characters, private use, line and paragraph separators, and every space but U+0020.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Zs}]/gu

function quote(s: string): string {
  // JSON.stringify escapes quotes, backslashes, C0 controls and lone surrogates; the rest is ours.
  return JSON.stringify(s).replace(INVISIBLE, (ch) => {
    if (ch === ' ') return ch
    let out = ''
    for (let i = 0; i < ch.length; i++) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0')
    return out
  })
}

function write(value: unknown, indent: string): string {
  if (typeof value === 'string') return quote(value)
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value)
    if (s === undefined) throw new Error(`cannot write a ${typeof value} into mcp.lock`)
    return s
  }
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return '[\n' + value.map((v) => inner + write(v === undefined ? null : v, inner)).join(',\n') + '\n' + indent + ']'
  }
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
  if (keys.length === 0) return '{}'
  return '{\n' + keys.map((k) => inner + quote(k) + ': ' + write((value as Record<string, unknown>)[k], inner)).join(',\n') + '\n' + indent + '}'
}

/** Deterministic JSON text of a lock (or any plain JSON value), ending with a newline. */
export function stringifyLock(value: unknown): string {
  return write(value, '') + '\n'
}
