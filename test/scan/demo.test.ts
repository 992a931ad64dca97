// The bundled demo (fixtures/demo/) is the first thing a new user runs: it must show the classic
// attacks and the risky configs, on the right lines, in every format, without leaking its canary
// token. Checked by category and severity, not rule ids, so rules can evolve underneath.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {reaches} from '../../src/core/severity.js'
import {ROOT, runCli} from '../helpers/cli.js'
import {githubProblems, schemaErrors} from '../helpers/sarif.js'

interface F {
  ruleId: string
  category: string
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info'
  location: {file: string; line: number; server?: string; name?: string; kind?: string}
  evidence?: string
}

const DEMO = 'fixtures/demo'
const CANARY = 'ghp_DEMOcanaryTOKENnotREAL00000000000000'
const scanJson = () => {
  const r = runCli(['scan', DEMO, '--format', 'json', '--fail-on', 'none'])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout).findings as F[]
}
const high = (f: F) => reaches(f.severity, 'high')
const inFile = (file: string) => (f: F) => f.location.file === path.join(DEMO, file)

/** Lines [first, last] of a server's entry in a pretty-printed config. */
function entryLines(file: string, server: string): [number, number] {
  const lines = readFileSync(path.join(ROOT, DEMO, file), 'utf8').split('\n')
  const start = lines.findIndex((l) => l.trim().startsWith(`"${server}": {`))
  const indent = lines[start].search(/\S/)
  const end = lines.findIndex((l, i) => i > start && l.search(/\S/) === indent && l.trim().startsWith('}'))
  return [start + 1, end + 1]
}

describe('demo', () => {
  const findings = scanJson()

  it('the demo script is the command these tests run', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.scripts.demo).toContain(`node bin/run.js scan ${DEMO} --fail-on none`)
  })

  it('flags the inline token, the remote-code launch and the privileged container at high or above, on their entries', () => {
    const secrets = findings.filter((f) => f.category === 'secrets' && high(f) && inFile('.mcp.json')(f) && f.location.server === 'github')
    expect(secrets.length).toBeGreaterThan(0)
    for (const [file, server] of [
      ['.mcp.json', 'weather'],
      ['.vscode/mcp.json', 'postgres'],
    ]) {
      const found = findings.filter((f) => f.category === 'config' && high(f) && inFile(file)(f) && f.location.server === server)
      expect(found.length, `${file} ${server}`).toBeGreaterThan(0)
      const [first, last] = entryLines(file, server)
      for (const f of found) expect(f.location.line, `${f.ruleId} on ${server}`).toBeGreaterThanOrEqual(first)
      for (const f of found) expect(f.location.line, `${f.ruleId} on ${server}`).toBeLessThanOrEqual(last)
    }
  })

  it('flags each poisoned tool at high or above', () => {
    for (const tool of ['add', 'send_email', 'get_fact_of_the_day']) {
      const found = findings.filter((f) => f.category === 'poisoning' && high(f) && inFile('servers/daily-facts.tools.json')(f) && f.location.name === tool)
      expect(found.length, tool).toBeGreaterThan(0)
    }
  })

  it('leaves the benign mail server clean but for the tool that is being shadowed', () => {
    const onMail = findings.filter((f) => inFile('servers/mail.json')(f) && high(f))
    expect(onMail.filter((f) => f.severity === 'critical')).toEqual([])
    expect(onMail.filter((f) => f.location.name !== 'send_email')).toEqual([])
  })

  it('fails CI by default (exit 1 at --fail-on high)', () => {
    expect(runCli(['scan', DEMO]).code).toBe(1)
  })

  it('prints a readable text report: one line per finding and a summary', () => {
    const r = runCli(['scan', DEMO, '--fail-on', 'none'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.at(-1)).toMatch(/^\d+ critical, \d+ high.* in 4 files$/)
    const findingLines = lines.filter((l) => !l.startsWith('    ') && l !== '' && l !== lines.at(-1))
    expect(findingLines).toHaveLength(findings.length)
    for (const l of findingLines) expect(l).toMatch(/^fixtures\/demo\/\S+:\d+:\d+: (critical|high|medium|low|info): .+ \[[a-z0-9-]+\]$/)
  })

  it('never prints the canary token, in any format', () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = runCli(['scan', DEMO, '--format', format, '--fail-on', 'none'])
      expect(r.stdout.length, format).toBeGreaterThan(100)
      expect(r.stdout.includes(CANARY), format).toBe(false)
      expect(r.stdout.includes(CANARY.slice(8)), format).toBe(false)
    }
  })

  it('produces SARIF that validates and that GitHub accepts', () => {
    const r = runCli(['scan', DEMO, '--format', 'sarif', '--fail-on', 'none'])
    const log = JSON.parse(r.stdout)
    expect(schemaErrors(log)).toEqual([])
    expect(githubProblems(log)).toEqual([])
    expect(log.runs[0].results.length).toBe(findings.length)
    const uris = new Set(log.runs[0].results.map((x: {locations: Array<{physicalLocation: {artifactLocation: {uri: string}}}>}) => x.locations[0].physicalLocation.artifactLocation.uri))
    expect([...uris].sort()).toEqual(['fixtures/demo/.mcp.json', 'fixtures/demo/.vscode/mcp.json', 'fixtures/demo/servers/daily-facts.tools.json', 'fixtures/demo/servers/mail.json'])
  })

  it('produces Markdown whose tables hold together and whose evidence stays in code spans', () => {
    const md = runCli(['scan', DEMO, '--format', 'markdown', '--fail-on', 'none']).stdout
    const outside = md.replace(/(?<![\\`])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '')
    expect(outside).not.toMatch(/(^|[^\\])<[a-z/!]/i)
    expect(outside).not.toMatch(/@[a-z0-9]/i)
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| where'))) {
      for (const row of block.split('\n')) expect(row.split(/(?<!\\)\|/).length, row).toBe(6)
    }
  })
})
