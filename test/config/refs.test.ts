// Variable references: found in every syntax the clients use, never taken for secrets, resolved
// only for launching, with every missing name reported.
import {describe, expect, it} from 'vitest'
import {blankReferences, findReferences, referencedInputs, referencedVariables, resolveLaunch, resolveReferences} from '../../src/config/refs.js'
import {servers} from './helpers.js'

describe('findReferences', () => {
  it('finds every syntax', () => {
    const refs = findReferences('${A} ${B:-x} ${C-y} ${env:D} ${input:tok} $E ${{ secrets.F }} ${workspaceFolder} ${userHome}/x')
    expect(refs.map((r) => [r.kind, r.name])).toEqual([
      ['env', 'A'],
      ['env', 'B'],
      ['env', 'C'],
      ['env', 'D'],
      ['input', 'tok'],
      ['env', 'E'],
      ['secret', 'F'],
      ['builtin', 'workspaceFolder'],
      ['builtin', 'userHome'],
    ])
    expect(refs[1].fallback).toEqual({text: 'x', whenEmpty: true})
    expect(refs[2].fallback).toEqual({text: 'y', whenEmpty: false})
  })

  it('is not fooled by dollars inside words, escapes and prices', () => {
    expect(findReferences('pa$sword \\$HOME $$ $1 ${} ${a b} $')).toEqual([])
  })

  it('handles nested fallbacks and keeps offsets when blanking', () => {
    const text = 'Bearer ${TOKEN:-${LEGACY_TOKEN}}!'
    const [r] = findReferences(text)
    expect(r.raw).toBe('${TOKEN:-${LEGACY_TOKEN}}')
    expect(blankReferences(text)).toBe('Bearer ' + ' '.repeat(r.raw.length) + '!')
  })
})

describe('referencedVariables', () => {
  it('lists the environment names a server needs, from every field, plus Codex and goose pass-through names', () => {
    const s = servers(
      '.mcp.json',
      JSON.stringify({
        mcpServers: {
          a: {
            command: '${TOOLS_DIR}/bin/server',
            args: ['--token', '$API_TOKEN', '--db=${env:DB_URL}', '${input:ignored}'],
            env: {X: '${X_SOURCE:-${X_FALLBACK}}'},
            env_vars: ['PASSED'],
            bearer_token_env_var: 'BEARER',
          },
        },
      }),
    ).get('a')!
    expect(referencedVariables(s)).toEqual(['API_TOKEN', 'BEARER', 'DB_URL', 'PASSED', 'TOOLS_DIR', 'X_FALLBACK', 'X_SOURCE'])
    expect(referencedInputs(s)).toEqual(['ignored'])
  })
})

describe('resolveReferences', () => {
  const env = {HOME: '/home/a', EMPTY: '', TOKEN: 't0k'}
  it('resolves with shell fallback semantics', () => {
    expect(resolveReferences('${HOME}/x ${EMPTY:-d1} ${EMPTY-d2} ${UNSET:-${TOKEN}} $TOKEN ${env:HOME}', env)).toEqual({ok: true, value: '/home/a/x d1  t0k t0k /home/a'})
  })

  it('reports each missing name once, inputs as input:id', () => {
    expect(resolveReferences('${A} ${A} $B ${input:pat} ${workspaceFolder}', env)).toEqual({ok: false, missing: ['A', 'B', 'input:pat', 'workspaceFolder']})
    expect(resolveReferences('${input:pat} ${workspaceFolder}', env, {inputs: {pat: 'p'}, builtins: {workspaceFolder: '/repo'}})).toEqual({ok: true, value: 'p /repo'})
  })

  it('leaves text without references untouched', () => {
    expect(resolveReferences('plain $ text', env)).toEqual({ok: true, value: 'plain $ text'})
  })

  it('resolves a whole launch for the probe, passing Codex env_vars through', () => {
    const s = servers('config.toml', '[mcp_servers.a]\ncommand = "npx"\nargs = ["--key", "${KEY}"]\nenv = { URL = "${BASE:-https://x}/api" }\nenv_vars = ["PASS", "NOPE"]\n').get('a')!
    expect(resolveLaunch(s, {KEY: 'k', PASS: 'p'})).toEqual({command: 'npx', args: ['--key', 'k'], env: {URL: 'https://x/api', PASS: 'p'}, headers: {}, missing: ['NOPE']})
  })
})
