import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import YAML from 'yaml'
import {WORKFLOW_FILE, workflowTemplate} from '../../src/init/workflow.js'
import {loadPolicy} from '../../src/policy/load.js'
import {POLICY_TEMPLATE} from '../../src/policy/template.js'
import {ROOT, runCli} from '../helpers/cli.js'

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

describe('init --github', () => {
  it('writes the workflow the README shows, pinned, with minimal permissions, and says what to run next', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-init-'))
    const r = runCli(['init', '--github'], {cwd: dir})
    expect(r.code, r.stderr).toBe(0)
    const file = path.join(dir, WORKFLOW_FILE)
    const text = readFileSync(file, 'utf8')
    expect(text).toBe(workflowTemplate())
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme, 'README shows the workflow init writes').toContain('```yaml\n' + text + '```')
    const doc = YAML.parse(text)
    expect(doc.permissions).toEqual({contents: 'read'})
    expect(doc.jobs['mcp-warden'].permissions).toEqual({contents: 'read', 'security-events': 'write'})
    for (const s of doc.jobs['mcp-warden'].steps) if (!String(s.uses).startsWith('mcp-warden/')) expect(s.uses).toMatch(/@[0-9a-f]{40}$/)
    expect(r.stdout).toContain(`wrote ${WORKFLOW_FILE}`)
    const next = r.stdout.split('next:\n')[1].trim().split('\n')
    expect(next).toHaveLength(3)
    expect(next[0]).toContain('mcp-warden lock')
  })

  it('writes nothing when one of the files exists (exit 2), and everything with --force', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-init-'))
    mkdirSync(path.join(dir, '.github/workflows'), {recursive: true})
    writeFileSync(path.join(dir, WORKFLOW_FILE), 'name: mine\n')
    const r = runCli(['init', '--github'], {cwd: dir})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${WORKFLOW_FILE}: workflow file already exists`)
    expect(existsSync(path.join(dir, 'mcp-warden.yaml'))).toBe(false)
    expect(runCli(['init', '--github', '--force'], {cwd: dir}).code).toBe(0)
    expect(readFileSync(path.join(dir, WORKFLOW_FILE), 'utf8')).toBe(workflowTemplate())
  })
})
