// The policy file through the CLI: found by default in the working folder, severity overrides,
// rules turned off, and suppressions that expired or match nothing reported on their line.
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'

const S = path.join(FIXTURES, 'scan')
const CLEAN = path.join(S, 'inputs/tools-list.json')
const json = (args: string[], cwd = S) => JSON.parse(runCli([...args, '--format', 'json'], {cwd}).stdout)

describe('policy in scan', () => {
  it('reads mcp-warden.yaml from the working folder by default', () => {
    const r = runCli(['scan'], {cwd: path.join(S, 'with-policy')})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^mcp-warden\.yaml:6:5: high: suppression of rule \* on server nobody matched no finding/)
  })

  it('--policy names another file', () => {
    expect(runCli(['scan', '--policy', path.join(S, 'policies/rule-off.yaml')], {cwd: path.join(S, 'with-policy')}).code).toBe(0)
  })

  it('a rule turned off reports nothing', () => {
    expect(json(['scan', CLEAN, '--policy', 'policies/rule-off.yaml']).findings).toEqual([])
  })

  it('an expired suppression is reported, as low, on its line', () => {
    const doc = json(['scan', CLEAN, '--policy', 'policies/expired.yaml'])
    expect(doc.findings).toHaveLength(1)
    expect(doc.findings[0]).toMatchObject({ruleId: 'suppression-expired', severity: 'low', category: 'policy', location: {file: 'policies/expired.yaml', line: 3, pointer: '/suppressions/0'}})
    expect(doc.findings[0].message).toBe('suppression of rule * on server get_forecast expired on 2020-01-31 and matches no finding now: remove it')
  })

  it('a suppression hides a real finding, which is counted as suppressed', () => {
    const dir = path.join(FIXTURES, 'rules/suppression-unused/good-used')
    const doc = json(['scan'], dir)
    expect(doc.summary.suppressed).toBeGreaterThan(0)
    expect(doc.findings.filter((f: {suppressed?: unknown}) => !f.suppressed)).toEqual([])
    expect(runCli(['scan'], {cwd: dir}).code).toBe(0)
    // The same input without the policy fails: the suppression is what makes it pass.
    expect(runCli(['scan', '.mcp.json', '--policy', path.join(S, 'policies/rule-off.yaml')], {cwd: dir}).code).toBe(1)
  })
})
