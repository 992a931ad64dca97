// Input errors are exit 2 with the file, the place and the reason, and never a stack trace: the
// message is what a user fixes their file from.
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'

const S = path.join(FIXTURES, 'scan')
const CLEAN = path.join(S, 'inputs/tools-list.json')

function fails(args: string[]): string {
  const r = runCli(args, {cwd: S})
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).not.toMatch(/^\s+at /m)
  expect(r.stderr).not.toMatch(/Error:/)
  return r.stderr
}

describe('scan input errors (exit 2)', () => {
  it('malformed JSON: line, column and reason', () => {
    expect(fails(['scan', 'broken/malformed.json'])).toMatch(/^mcp-warden: broken\/malformed\.json:6:7: malformed JSON: comma expected\n {2}hint: /)
  })

  it('malformed YAML: line and reason', () => {
    expect(fails(['scan', 'broken/malformed.yaml'])).toMatch(/^mcp-warden: broken\/malformed\.yaml:5:\d+: malformed YAML: /)
  })

  it('malformed TOML: line and reason', () => {
    expect(fails(['scan', 'broken/malformed.toml'])).toMatch(/^mcp-warden: broken\/malformed\.toml:4:\d+: malformed TOML: /)
  })

  it('a JSON file that is not an MCP file says what was expected', () => {
    const err = fails(['scan', 'broken/not-mcp.json'])
    expect(err).toMatch(/^mcp-warden: broken\/not-mcp\.json:1:1: not a recognized MCP file/)
    expect(err).toContain('hint: expected a tools/list result')
  })

  it('a manifest whose tool has no name points at that tool', () => {
    expect(fails(['scan', 'broken/nameless-tool.json'])).toMatch(/^mcp-warden: broken\/nameless-tool\.json:4:5: malformed manifest: tool is missing "name" \(at \/tools\/1\/name\)/)
  })

  it('a missing file', () => {
    expect(fails(['scan', 'no/such/file.json'])).toMatch(/^mcp-warden: no\/such\/file\.json: cannot read file: no such file/)
    expect(fails(['scan', '--text', 'no-such.txt'])).toMatch(/^mcp-warden: no-such\.txt: cannot read file/)
  })

  it('a policy file with an unknown key: file, line, reason and the key that was meant', () => {
    const err = fails(['scan', CLEAN, '--policy', 'policies/unknown-key.yaml'])
    expect(err).toMatch(/^mcp-warden: policies\/unknown-key\.yaml:3:1: invalid policy: unknown key "supressions"/)
    expect(err).toContain('did you mean "suppressions"?')
  })

  it('a policy file with a bad severity', () => {
    expect(fails(['scan', CLEAN, '--policy', 'policies/bad-severity.yaml'])).toMatch(
      /^mcp-warden: policies\/bad-severity\.yaml:4:5: invalid policy: "severe" is not a valid severity: expected one of critical, high, medium, low, info/,
    )
  })

  it('a policy file with a suppression without a reason', () => {
    expect(fails(['scan', CLEAN, '--policy', 'policies/no-reason.yaml'])).toMatch(/^mcp-warden: policies\/no-reason\.yaml:3:\d+: invalid policy: a suppression needs a reason/)
  })

  it('a missing policy file', () => {
    expect(fails(['scan', CLEAN, '--policy', 'policies/none.yaml'])).toMatch(/^mcp-warden: policies\/none\.yaml: cannot read file: no such file/)
  })
})
