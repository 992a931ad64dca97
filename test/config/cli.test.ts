// End to end through the built CLI: config findings land on their lines in every format, exit codes
// follow DESIGN.md, and canary secrets never appear in any output, in any format.
import {randomBytes} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'

function rand(n: number): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return [...randomBytes(n)].map((b) => a[b % a.length]).join('')
}

let dir: string
const canary = {
  github: `ghp_${rand(36)}`,
  anthropic: `sk-ant-api03-${rand(93)}`,
  generic: rand(32),
  password: rand(20),
  query: rand(28),
  header: rand(40),
  zed: `glpat-${rand(24)}`,
  dockerEnv: rand(30),
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'warden-cli-'))
  const config = {
    mcpServers: {
      github: {command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: {GITHUB_PERSONAL_ACCESS_TOKEN: canary.github, ANTHROPIC_API_KEY: canary.anthropic}},
      search: {command: 'npx', args: ['-y', 'search-mcp@latest', '--api-key', canary.generic, `--db=postgres://ada:${canary.password}@db.example.com/x`]},
      remote: {type: 'http', url: `http://mcp.example.com/mcp?api_key=${canary.query}`, headers: {Authorization: `Bearer ${canary.header}`}},
      boxed: {command: 'docker', args: ['run', '-i', '--privileged', '-e', `SERVICE_TOKEN=${canary.dockerEnv}`, 'acme/boxed-mcp']},
    },
  }
  writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(config, null, 2))
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({context_servers: {gl: {command: 'gl-mcp', settings: {gitlab_token: canary.zed}}}}, null, 2))
})

afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** Every run of eight characters of a canary's secret part: none of them may be printed. */
function leaks(text: string): string[] {
  const out: string[] = []
  for (const [name, value] of Object.entries(canary)) {
    const body = value.replace(/^(?:ghp_|sk-ant-api03-|glpat-)/, '')
    for (let i = 0; i + 8 <= body.length; i += 4) if (text.includes(body.slice(i, i + 8))) out.push(`${name}: ${body.slice(i, i + 8)}`)
  }
  return out
}

describe('scan of client configs', () => {
  // One run per format (the SARIF file is written beside the text one): the CLI is the unit here.
  const out: Record<string, {code: number; printed: string; stdout?: string}> = {}
  beforeAll(() => {
    for (const format of ['text', 'json', 'markdown']) {
      const sarif = path.join(dir, 'out.sarif')
      const r = runCli(['scan', '.mcp.json', 'settings.json', '--format', format, ...(format === 'text' ? ['--sarif', sarif] : [])], {cwd: dir})
      out[format] = {code: r.code, printed: r.stdout + r.stderr, stdout: r.stdout}
      if (format === 'text') out.sarif = {code: r.code, printed: readFileSync(sarif, 'utf8')}
    }
  })

  it.each(['text', 'json', 'sarif', 'markdown'])('never prints a canary secret (--format %s)', (format) => {
    expect(out[format].code).toBe(1)
    expect(out[format].printed.length).toBeGreaterThan(200)
    expect(leaks(out[format].printed)).toEqual([])
  })

  it('reports every inline secret on its line, masked', () => {
    const findings = JSON.parse(out.json.stdout!).findings as Array<{ruleId: string; severity: string; location: {file: string; line: number; server: string}; evidence?: string}>
    const secrets = findings.filter((f) => f.ruleId === 'inline-secret').map((f) => `${f.location.file}:${f.location.line}:${f.location.server}:${f.severity}`)
    expect(secrets.sort()).toEqual(
      [
        '.mcp.json:10:github:critical',
        '.mcp.json:11:github:critical',
        '.mcp.json:20:search:high',
        '.mcp.json:21:search:high',
        '.mcp.json:26:remote:high',
        '.mcp.json:28:remote:high',
        '.mcp.json:38:boxed:high',
        'settings.json:6:gl:critical',
      ].sort(),
    )
    const rules = new Set(findings.map((f) => f.ruleId))
    for (const id of ['unpinned-package', 'insecure-remote', 'privileged-container']) expect(rules).toContain(id)
  })

  it('exits 0 on a clean config at --fail-on high and 1 on a bad one', () => {
    expect(runCli(['scan', 'fixtures/configs/claude-code/.mcp.json', 'fixtures/configs/codex/.codex/config.toml', 'fixtures/configs/goose/.config/goose/config.yaml']).code).toBe(0)
    expect(runCli(['scan', 'fixtures/rules/remote-code-pipe/bad.json']).code).toBe(1)
  })

  it('points Codex findings at the argument line of a multi-line TOML array', () => {
    const r = runCli(['scan', 'fixtures/rules/inline-secret/bad-codex.toml', '--format', 'json', '--fail-on', 'none'])
    const lines = (JSON.parse(r.stdout).findings as Array<{ruleId: string; location: {line: number}}>).filter((f) => f.ruleId === 'inline-secret').map((f) => f.location.line)
    expect(lines.sort()).toEqual([11, 7])
  })

  it('exits 2 with file, line and reason on a malformed or mistyped config', () => {
    writeFileSync(path.join(dir, 'broken.mcp.json'), '{\n  "mcpServers": {\n    "a": {"command": "npx", "args": "-y pkg"}\n  }\n}\n')
    const r = runCli(['scan', 'broken.mcp.json'], {cwd: dir})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('broken.mcp.json:3:')
    expect(r.stderr).toContain('"args" must be a list of strings, not a string')
  })
})
