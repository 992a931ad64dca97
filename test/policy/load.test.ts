// A policy mistake is exit 2 with the file, the line of the offending key, the reason and a fix:
// a half-loaded policy would silently drop a suppression or an override.
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/core/errors.js'
import {parsePolicy} from '../../src/policy/load.js'
import {POLICY_TEMPLATE} from '../../src/policy/template.js'
import {parseSource} from '../../src/source/document.js'

const load = (yaml: string) => parsePolicy(parseSource('mcp-warden.yaml', yaml, 'yaml'))

function failure(yaml: string): InputError {
  try {
    load(yaml)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected the policy to be rejected')
}

describe('policy file validation', () => {
  it('accepts the template that init writes', () => {
    expect(load(POLICY_TEMPLATE).policy['fail-on']).toBe('high')
  })

  it('accepts an empty file as "no settings"', () => {
    expect(load('# nothing yet\n').policy).toEqual({})
  })

  it('names an unknown key with its line and suggests the key that was meant', () => {
    const e = failure('version: 1\nfail-on: high\nsupressions: []\n')
    expect(e.message).toBe('invalid policy: unknown key "supressions"')
    expect(e.place).toMatchObject({file: 'mcp-warden.yaml', line: 3, pointer: '/supressions'})
    expect(e.hint).toMatch(/^did you mean "suppressions"\?; known keys here: version, fail-on, rules, suppressions/)
  })

  it('points at an unknown key inside a suppression and lists the keys a suppression has', () => {
    const e = failure('suppressions:\n  - rule: suppression-unused\n    server: fs\n    resaon: reviewed\n')
    expect(e.format()).toMatch(/^mcp-warden\.yaml:4:5: invalid policy: unknown key "resaon"/)
    expect(e.hint).toContain('did you mean "reason"?')
    expect(e.hint).toContain('known keys here: rule, server, tool, file, reason, expires')
  })

  it('rejects a bad severity override on the line of the severity', () => {
    const e = failure('rules:\n  suppression-unused:\n    severity: severe\n')
    expect(e.message).toBe('invalid policy: "severe" is not a valid severity: expected one of critical, high, medium, low, info')
    expect(e.place).toMatchObject({line: 3, pointer: '/rules/suppression-unused/severity'})
  })

  it('explains what a rule setting may be', () => {
    const e = failure('rules:\n  suppression-unused: of\n')
    expect(e.message).toMatch(/^invalid policy: a rule setting is "off", or a mapping with "enabled"/)
    expect(e.place.line).toBe(2)
  })

  it('rejects a suppression without a reason, or with a blank one', () => {
    for (const yaml of ['suppressions:\n  - rule: suppression-unused\n    server: fs\n', 'suppressions:\n  - rule: suppression-unused\n    reason: "   "\n']) {
      const e = failure(yaml)
      expect(e.message).toBe('invalid policy: a suppression needs a reason')
      expect(e.place.line).toBeGreaterThanOrEqual(2)
    }
  })

  it('rejects an expiry that is not a real date', () => {
    expect(failure('suppressions:\n  - rule: suppression-unused\n    reason: r\n    expires: 2027-02-30\n').message).toBe('invalid policy: expires is not a real date')
    const e = failure('suppressions:\n  - rule: suppression-unused\n    reason: r\n    expires: next week\n')
    expect(e.message).toBe('invalid policy: expires must be a date, YYYY-MM-DD')
    expect(e.place.line).toBe(4)
  })

  it('refuses a suppression of every rule that names no target', () => {
    expect(failure('suppressions:\n  - rule: "*"\n    reason: too noisy\n').message).toBe('invalid policy: a suppression of every rule ("*") must name a server, tool or file')
    expect(load('suppressions:\n  - rule: "*"\n    server: legacy\n    reason: being replaced\n').policy.suppressions).toHaveLength(1)
  })

  it('rejects unknown rule ids with a suggestion', () => {
    const e = failure('suppressions:\n  - rule: suppression-unsued\n    reason: r\n')
    expect(e.message).toBe('invalid policy: unknown rule "suppression-unsued" in suppression')
    expect(e.hint).toMatch(/^did you mean "suppression-unused"\?/)
    expect(failure('rules:\n  no-such-rule-anywhere: off\n').place.line).toBe(2)
  })

  it('rejects a bad fail-on and a list at the top level', () => {
    expect(failure('fail-on: severe\n').message).toBe('invalid policy: "severe" is not a valid fail-on: expected one of critical, high, medium, low, none')
    expect(failure('- rule: x\n').message).toBe('invalid policy: expected a mapping of settings at the top level')
    expect(failure('rules: [a, b]\n').message).toBe('invalid policy: "rules" must be a mapping (key: value), not a list')
  })

  it('reports the first problem in file order and counts the others', () => {
    const e = failure('version: 1\nfail-on: sometimes\nrules:\n  suppression-unused:\n    severity: severe\nbogus: 1\n')
    expect(e.place.line).toBe(2)
    expect(e.message).toMatch(/\(and 2 more problems\)$/)
  })
})
