// Applying a policy: suppressions by rule, server, tool and file, expiry, the findings that keep
// suppressions honest (expired, unused), severity overrides and rules turned off.
import {describe, expect, it} from 'vitest'
import {activeRules, applyPolicy, applyToFinding} from '../../src/policy/apply.js'
import {parsePolicy} from '../../src/policy/load.js'
import {RULES} from '../../src/rules/registry.js'
import {parseSource} from '../../src/source/document.js'
import {finding} from '../helpers/findings.js'

const policy = (yaml: string) => parsePolicy(parseSource('mcp-warden.yaml', yaml, 'yaml'))
const TODAY = '2026-03-01'

// Findings come from the real policy rules' ids so that the loader accepts suppressions naming them.
const inFs = finding({ruleId: 'suppression-unused', severity: 'high', location: {server: 'fs', name: 'read_file', kind: 'tool', file: 'servers/fs.json'}})
const inGit = finding({ruleId: 'suppression-unused', severity: 'high', location: {server: 'git', name: 'commit', kind: 'tool', file: 'servers/git.json'}})

const suppressed = (list: ReturnType<typeof applyPolicy>) => list.filter((f) => f.suppressed).map((f) => f.location.server)

describe('applyPolicy', () => {
  it('suppresses by rule and server, tool or file, and keeps the suppressed finding with its reason', () => {
    for (const target of ['server: fs', 'tool: read_file', 'file: ./servers/fs.json']) {
      const out = applyPolicy([inFs, inGit], policy(`suppressions:\n  - rule: suppression-unused\n    ${target}\n    reason: reviewed\n`), TODAY)
      expect(suppressed(out), target).toEqual(['fs'])
      expect(out.find((f) => f.suppressed)!.suppressed).toEqual({reason: 'reviewed'})
    }
  })

  it('suppresses every rule of one server with "*"', () => {
    const other = finding({ruleId: 'suppression-expired', location: {server: 'fs'}})
    const out = applyPolicy([inFs, other, inGit], policy('suppressions:\n  - rule: "*"\n    server: fs\n    reason: legacy server\n'), TODAY)
    expect(suppressed(out)).toEqual(['fs', 'fs'])
  })

  it('keeps a suppression through its expiry day, then reports the finding again and the expiry', () => {
    const p = policy('suppressions:\n  - rule: suppression-unused\n    server: fs\n    reason: until the fix ships\n    expires: 2026-03-01\n')
    expect(suppressed(applyPolicy([inFs], p, '2026-03-01'))).toEqual(['fs'])
    const after = applyPolicy([inFs], p, '2026-03-02')
    expect(suppressed(after)).toEqual([])
    const expired = after.find((f) => f.ruleId === 'suppression-expired')!
    expect(expired.message).toBe('suppression of rule suppression-unused on server fs expired on 2026-03-01: the finding it hid is reported again')
    expect(expired.location).toMatchObject({file: 'mcp-warden.yaml', line: 2, pointer: '/suppressions/0'})
    expect(after.some((f) => f.ruleId === 'suppression-unused' && f.location.file === 'mcp-warden.yaml')).toBe(false)
  })

  it('says when an expired suppression would not match anything anymore', () => {
    const out = applyPolicy([inGit], policy('suppressions:\n  - rule: suppression-unused\n    server: fs\n    reason: r\n    expires: 2020-01-01\n'), TODAY)
    expect(out.find((f) => f.ruleId === 'suppression-expired')!.message).toMatch(/expired on 2020-01-01 and matches no finding now: remove it$/)
  })

  it('reports a suppression that matched nothing, on its line', () => {
    const out = applyPolicy([inGit], policy('version: 1\nsuppressions:\n  - rule: suppression-unused\n    server: fs\n    reason: r\n'), TODAY)
    const unused = out.filter((f) => f.ruleId === 'suppression-unused' && f.location.file === 'mcp-warden.yaml')
    expect(unused).toHaveLength(1)
    expect(unused[0]).toMatchObject({severity: 'info', category: 'policy', location: {line: 3}})
  })

  it('overrides severities, also of the policy findings, and drops rules turned off', () => {
    const p = policy('rules:\n  suppression-unused: {severity: low}\n  suppression-expired: off\nsuppressions:\n  - rule: suppression-unused\n    server: nobody\n    reason: r\n  - rule: suppression-unused\n    server: gone\n    reason: r\n    expires: 2020-01-01\n')
    const out = applyPolicy([inFs, finding({ruleId: 'suppression-expired'})], p, TODAY)
    expect(out.map((f) => [f.ruleId, f.severity, f.location.file])).toEqual([
      ['suppression-unused', 'low', 'servers/fs.json'],
      ['suppression-unused', 'low', 'mcp-warden.yaml'],
    ])
    expect(activeRules(RULES, p).map((r) => r.meta.id)).not.toContain('suppression-expired')
  })

  it('reports nothing about suppressions when there is no policy file', () => {
    expect(applyPolicy([inFs], {policy: {}, locate: () => ({line: 1, column: 1})}, TODAY)).toEqual([inFs])
  })

  it('keeps the run\'s findings first, in their order, and the policy findings after them', () => {
    const p = policy('suppressions:\n  - rule: suppression-unused\n    server: nobody\n    reason: r\n')
    const out = applyPolicy([inGit, inFs], p, TODAY)
    expect(out.map((f) => f.location.file)).toEqual(['servers/git.json', 'servers/fs.json', 'mcp-warden.yaml'])
  })

  it('settles one finding at a time for the runtime, without suppression findings', () => {
    const p = policy('rules:\n  suppression-expired: off\n  suppression-unused: {severity: critical}\nsuppressions:\n  - rule: suppression-unused\n    server: fs\n    reason: reviewed\n  - rule: "*"\n    server: nobody\n    reason: r\n')
    expect(applyToFinding(inFs, p, TODAY)).toMatchObject({severity: 'critical', suppressed: {reason: 'reviewed'}})
    expect(applyToFinding(inGit, p, TODAY)).toMatchObject({severity: 'critical'})
    expect(applyToFinding(inGit, p, TODAY)!.suppressed).toBeUndefined()
    expect(applyToFinding(finding({ruleId: 'suppression-expired'}), p, TODAY)).toBeUndefined()
  })
})
