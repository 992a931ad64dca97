// Positions of every key, table and array element in a TOML text, by JSON pointer. smol-toml keeps no
// positions, and Codex configs put one argument per line, quote server names with dots in them and
// use sub-tables (`[mcp_servers.x.env]`): a finding must land on the argument's own line.
// The text has already been parsed successfully, so this scanner only needs to be right on valid TOML;
// on anything unexpected it stops, and what it found so far is still used.

import {escapeToken} from './pointer.js'

export interface TomlPosition {
  line: number
  column: number
}

class Scanner {
  i = 0
  line = 1
  col = 1
  constructor(readonly s: string) {}

  /** The current character ('' at the end). A method, not a getter: TypeScript would narrow a getter. */
  c(): string {
    return this.s[this.i] ?? ''
  }

  pos(): TomlPosition {
    return {line: this.line, column: this.col}
  }

  next(): void {
    if (this.s[this.i] === '\n') {
      this.line++
      this.col = 1
    } else this.col++
    this.i++
  }

  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i)
  }

  skip(n: number): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) this.next()
  }

  /** Spaces and tabs only. */
  blanks(): void {
    while (this.c() === ' ' || this.c() === '\t') this.next()
  }

  comment(): void {
    if (this.c() === '#') while (this.i < this.s.length && this.c() !== '\n') this.next()
  }

  /** Blanks, comments and newlines (inside arrays, and between statements). */
  space(): void {
    for (;;) {
      const before = this.i
      this.blanks()
      this.comment()
      if (this.c() === '\n' || this.c() === '\r') this.next()
      if (this.i === before) return
    }
  }

  eof(): boolean {
    return this.i >= this.s.length
  }
}

const BARE = /[A-Za-z0-9_-]/

function readKeyPart(sc: Scanner): string | undefined {
  if (sc.c() === '"') return readBasicString(sc)
  if (sc.c() === "'") return readLiteralString(sc)
  let out = ''
  while (BARE.test(sc.c()) && !sc.eof()) {
    out += sc.c()
    sc.next()
  }
  return out === '' ? undefined : out
}

/** A dotted key (`a."b.c".d`); returns its parts, or undefined when the text is not a key. */
function readKey(sc: Scanner): string[] | undefined {
  const parts: string[] = []
  for (;;) {
    sc.blanks()
    const part = readKeyPart(sc)
    if (part === undefined) return undefined
    parts.push(part)
    sc.blanks()
    if (sc.c() !== '.') return parts
    sc.next()
  }
}

function readBasicString(sc: Scanner): string {
  let out = ''
  sc.next()
  while (!sc.eof() && sc.c() !== '"' && sc.c() !== '\n') {
    if (sc.c() === '\\') {
      sc.next()
      const e = sc.c()
      sc.next()
      if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8
        const hex = sc.s.slice(sc.i, sc.i + n)
        sc.skip(n)
        const cp = Number.parseInt(hex, 16)
        out += Number.isFinite(cp) ? String.fromCodePoint(cp) : ''
      } else out += ({b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\'} as Record<string, string>)[e] ?? e
      continue
    }
    out += sc.c()
    sc.next()
  }
  sc.next()
  return out
}

function readLiteralString(sc: Scanner): string {
  let out = ''
  sc.next()
  while (!sc.eof() && sc.c() !== "'" && sc.c() !== '\n') {
    out += sc.c()
    sc.next()
  }
  sc.next()
  return out
}

function skipMultiline(sc: Scanner, quote: string): void {
  sc.skip(3)
  while (!sc.eof()) {
    if (quote === '"""' && sc.c() === '\\') {
      sc.skip(2)
      continue
    }
    if (sc.startsWith(quote)) {
      sc.skip(3)
      // Up to two more quote characters may close the string (`""""` ends with a quote inside).
      while (sc.c() === quote[0]) sc.next()
      return
    }
    sc.next()
  }
}

const MAX_DEPTH = 64

/** Index every position in a valid TOML text: pointer → line and column (1-based). */
export function tomlPositions(text: string): Map<string, TomlPosition> {
  const out = new Map<string, TomlPosition>()
  const sc = new Scanner(text)
  const arrayTables = new Map<string, number>()
  let table: string[] = []
  const ptr = (path: string[]) => path.map((t) => '/' + escapeToken(t)).join('')
  const record = (path: string[], at: TomlPosition) => {
    const p = ptr(path)
    if (!out.has(p)) out.set(p, at)
  }

  const value = (path: string[], depth: number): boolean => {
    if (depth > MAX_DEPTH) return false
    sc.blanks()
    if (sc.startsWith('"""') || sc.startsWith("'''")) {
      skipMultiline(sc, sc.s.slice(sc.i, sc.i + 3))
      return true
    }
    if (sc.c() === '"') {
      readBasicString(sc)
      return true
    }
    if (sc.c() === "'") {
      readLiteralString(sc)
      return true
    }
    if (sc.c() === '[') {
      sc.next()
      for (let n = 0; ; n++) {
        sc.space()
        if (sc.c() === ']') {
          sc.next()
          return true
        }
        if (sc.eof()) return false
        const at = sc.pos()
        record([...path, String(n)], at)
        if (!value([...path, String(n)], depth + 1)) return false
        sc.space()
        if (sc.c() === ',') sc.next()
      }
    }
    if (sc.c() === '{') {
      sc.next()
      for (;;) {
        sc.blanks()
        if (sc.c() === '}') {
          sc.next()
          return true
        }
        const at = sc.pos()
        const key = readKey(sc)
        if (!key) return false
        for (let k = 1; k <= key.length; k++) record([...path, ...key.slice(0, k)], at)
        sc.blanks()
        if (sc.c() !== '=') return false
        sc.next()
        if (!value([...path, ...key], depth + 1)) return false
        sc.blanks()
        if (sc.c() === ',') sc.next()
      }
    }
    // A bare scalar: number, boolean, date. It ends at a separator.
    const start = sc.i
    while (!sc.eof() && !/[,\]}\n#\r]/.test(sc.c())) sc.next()
    return sc.i > start
  }

  while (!sc.eof()) {
    sc.space()
    if (sc.eof()) break
    const at = sc.pos()
    if (sc.c() === '[') {
      const isArray = sc.startsWith('[[')
      sc.skip(isArray ? 2 : 1)
      const key = readKey(sc)
      if (!key) break
      sc.blanks()
      sc.skip(isArray ? 2 : 1)
      if (isArray) {
        const k = ptr(key)
        const n = arrayTables.get(k) ?? 0
        arrayTables.set(k, n + 1)
        for (let d = 1; d <= key.length; d++) record(key.slice(0, d), at)
        table = [...key, String(n)]
      } else table = key
      for (let d = 1; d <= table.length; d++) record(table.slice(0, d), at)
      continue
    }
    const key = readKey(sc)
    if (!key) break
    for (let k = 1; k <= key.length; k++) record([...table, ...key.slice(0, k)], at)
    sc.blanks()
    if (sc.c() !== '=') break
    sc.next()
    if (!value([...table, ...key], 0)) break
  }
  return out
}
