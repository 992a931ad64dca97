// What the GitHub Action reads from one `check` step: the JSON report (--output), SARIF (--sarif)
// and the job-summary Markdown (--markdown), all from one run. The JSON paths tested here are the
// ones action.yml reads: summary.<severity>, summary.maxSeverity, summary.serversDrifted.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'
import {tempDir} from '../lock/helpers.js'

const RUG = path.join(FIXTURES, 'servers/probe-rug.mjs')
const NO_KEY = {MCP_WARDEN_KEY: undefined}

describe('check: the reports the Action reads', () => {
  let dir: string
  const flip = (variant: string) => writeFileSync(path.join(dir, 'variant'), variant + '\n')
  const check = (extra: string[] = [], env: Record<string, string | undefined> = NO_KEY) =>
    runCli(['check', '--sandbox', 'basic', '--format', 'json', '--output', 'out/r.json', '--sarif', 'out/r.sarif', '--markdown', 'out/r.md', ...extra], {cwd: dir, env})
  const read = (f: string) => readFileSync(path.join(dir, 'out', f), 'utf8')

  beforeAll(() => {
    dir = tempDir('mcp-warden-check-report-')
    mkdirSync(path.join(dir, '.git'))
    writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({mcpServers: {rug: {command: 'node', args: [RUG], env: {RUG_VARIANT_FILE: path.join(dir, 'variant')}}}}, null, 2))
    flip('base')
    expect(runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY}).code).toBe(0)
  })

  it('no drift: serversDrifted 0, and the Markdown says every server matches', () => {
    const r = check(['--fail-on', 'none'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('')
    const doc = JSON.parse(read('r.json'))
    expect(doc.summary).toMatchObject({serversDrifted: 0, servers: 1, drift: 0})
    expect(['critical', 'high', 'medium', 'low', 'info', 'none']).toContain(doc.summary.maxSeverity)
    const md = read('r.md')
    expect(md).toContain('1 server checked; none differs from the lock.')
    expect(md).not.toContain('### Changes against')
  })

  it('drift: counts, max severity and drift in the JSON; before and after in the Markdown; one SARIF run', () => {
    flip('description')
    const r = check()
    expect(r.code).toBe(1)
    const doc = JSON.parse(read('r.json'))
    for (const k of ['critical', 'high', 'medium', 'low', 'info', 'suppressed']) expect(Number.isInteger(doc.summary[k])).toBe(true)
    expect(doc.summary.high).toBeGreaterThanOrEqual(1)
    expect(doc.summary.maxSeverity).toBe('critical')
    expect(doc.summary.serversDrifted).toBe(1)
    expect(doc.servers).toEqual([expect.objectContaining({name: 'rug', status: 'probed', drift: true})])

    const md = read('r.md')
    expect(md).toMatch(/^## mcp-warden\n/)
    expect(md).toContain('### Changes against `mcp.lock`')
    expect(md).toContain('- **tool `read_file` changed**')
    expect(md).toContain('    - before: Read a file from the workspace.\n')
    expect(md).toMatch(/ {4}- after: Read a file from the workspace\. \\<IMPORTANT\\>/)
    expect(md).toContain('### What to do')
    expect(md).toContain('run `mcp-warden lock`')
    expect(md).toContain('`git add mcp.lock`')
    expect(md).toMatch(/```yaml\n {2}suppressions:\n {4}- rule: "[a-z-]+"\n {6}server: "rug"\n {6}tool: "read_file"\n {6}reason: .*\n {6}expires: \d{4}-\d{2}-\d{2}\n {2}```/)

    const sarif = JSON.parse(read('r.sarif'))
    expect(sarif.runs).toHaveLength(1)
    expect(sarif.runs[0].results.length).toBe(doc.findings.length)
  })

  it('in GitHub Actions with --output, annotates the worst findings on stdout', () => {
    flip('description')
    const r = check([], {...NO_KEY, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir})
    expect(r.code).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true)
    expect(lines.some((l) => l.startsWith('::error file=mcp.lock,line='))).toBe(true)
  })
})
