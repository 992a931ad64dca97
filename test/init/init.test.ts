import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadPolicy} from '../../src/policy/load.js'
import {POLICY_TEMPLATE} from '../../src/policy/template.js'
import {runCli} from '../helpers/cli.js'

describe('init', () => {
  it('writes a policy that validates and whose values are the defaults', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-init-'))
    const r = runCli(['init'], {cwd: dir})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('wrote mcp-warden.yaml')
    expect(r.stdout).toMatch(/mcp-warden lock/)
    const file = path.join(dir, 'mcp-warden.yaml')
    expect(readFileSync(file, 'utf8')).toBe(POLICY_TEMPLATE)
    const loaded = loadPolicy(file)
    expect(loaded.policy['fail-on']).toBe('high')
    expect(loaded.policy.actions).toEqual({injection: 'reject', secrets: 'redact', pii: 'flag', hidden: 'reject'})
  })

  it('refuses to overwrite an existing policy without --force (exit 2), and overwrites with it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-init-'))
    writeFileSync(path.join(dir, 'mcp-warden.yaml'), 'fail-on: low\n')
    const r = runCli(['init'], {cwd: dir})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('mcp-warden.yaml: policy file already exists')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(readFileSync(path.join(dir, 'mcp-warden.yaml'), 'utf8')).toBe('fail-on: low\n')
    expect(runCli(['init', '--force'], {cwd: dir}).code).toBe(0)
    expect(readFileSync(path.join(dir, 'mcp-warden.yaml'), 'utf8')).toBe(POLICY_TEMPLATE)
  })
})
