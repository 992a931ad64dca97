// Positions in TOML (Codex's config.toml): every table, key and array element gets its own line,
// through quoted keys, dotted keys, inline tables, arrays of tables, multi-line strings and comments.
import {describe, expect, it} from 'vitest'
import {parseTomlDoc} from '../../src/source/document.js'
import {tomlPositions} from '../../src/source/toml-positions.js'

const TEXT = `# top comment with [brackets] and = signs
title = "x" # trailing
multi = """
[not.a.table]
key = "not a key"
"""

[mcp_servers."a.b"]   # quoted name with a dot
command = 'npx'
args = [ # comment inside
  "-y",   # first
  'pkg@1.0.0',
  [ "nested", 2 ],
  { inline = true },
]
env = { TOKEN = "\${TOKEN}", "X-Y" = "z" }
dotted.key.here = 1

[[profiles]]
name = "one"

[[profiles]]
name = "two"
`

describe('tomlPositions', () => {
  const pos = tomlPositions(TEXT)
  const line = (p: string) => pos.get(p)?.line

  it('indexes tables, keys and array elements', () => {
    expect(line('/title')).toBe(2)
    expect(line('/multi')).toBe(3)
    expect(pos.has('/not')).toBe(false)
    expect(line('/mcp_servers/a.b')).toBe(8)
    expect(line('/mcp_servers/a.b/command')).toBe(9)
    expect(line('/mcp_servers/a.b/args')).toBe(10)
    expect(line('/mcp_servers/a.b/args/0')).toBe(11)
    expect(line('/mcp_servers/a.b/args/1')).toBe(12)
    expect(line('/mcp_servers/a.b/args/2/0')).toBe(13)
    expect(line('/mcp_servers/a.b/args/3/inline')).toBe(14)
    expect(line('/mcp_servers/a.b/env/TOKEN')).toBe(16)
    expect(line('/mcp_servers/a.b/env/X-Y')).toBe(16)
    expect(line('/mcp_servers/a.b/dotted/key/here')).toBe(17)
    expect(line('/profiles/0/name')).toBe(20)
    expect(line('/profiles/1/name')).toBe(23)
  })

  it('gives columns of keys and elements', () => {
    expect(pos.get('/mcp_servers/a.b/args/1')).toEqual({line: 12, column: 3})
    expect(pos.get('/mcp_servers/a.b/env/X-Y')?.column).toBe(29)
  })

  it('agrees with the parser, and locate falls back to the nearest ancestor', () => {
    const d = parseTomlDoc('c.toml', TEXT)
    expect((d.value as {mcp_servers: Record<string, {args: unknown[]}>}).mcp_servers['a.b'].args).toHaveLength(4)
    expect(d.locate('/mcp_servers/a.b/args/9')).toEqual({line: 10, column: 1})
    expect(d.locate('/nope')).toEqual({line: 1, column: 1})
  })

  it('stops quietly on text it does not understand', () => {
    expect(() => tomlPositions('a = [\n')).not.toThrow()
    expect(tomlPositions('a = 1\n=== junk').get('/a')).toEqual({line: 1, column: 1})
  })
})
