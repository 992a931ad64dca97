// `check` end to end: lock a set of rug-pulling fixture servers, flip each to one variant between
// lock and check, and expect the right drift rule on a committed line, through real exit codes.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {FIXTURES, runCli} from '../helpers/cli.js'
import {tempDir} from '../lock/helpers.js'

const RUG = path.join(FIXTURES, 'servers/probe-rug.mjs')
const HANG = path.join(FIXTURES, 'servers/probe-hang.mjs')
const NO_KEY = {MCP_WARDEN_KEY: undefined}

interface JsonFinding {
  ruleId: string
  severity: string
  location: {file: string; line: number; pointer: string; server?: string; name?: string}
}

/** Variant of the rug server → the drift rule it must fire, and where the finding lands. */
const VARIANTS: Record<string, {rule: string; file: 'mcp.lock' | '.mcp.json'; name?: string}> = {
  description: {rule: 'drift-description-changed', file: 'mcp.lock', name: 'read_file'},
  title: {rule: 'drift-description-changed', file: 'mcp.lock', name: 'read_file'},
  schema: {rule: 'drift-schema-changed', file: 'mcp.lock', name: 'read_file'},
  enum: {rule: 'drift-schema-changed', file: 'mcp.lock', name: 'search'},
  default: {rule: 'drift-schema-changed', file: 'mcp.lock', name: 'fetch_url'},
  required: {rule: 'drift-schema-changed', file: 'mcp.lock', name: 'read_file'},
  added: {rule: 'drift-item-added', file: '.mcp.json', name: 'send_email'},
  removed: {rule: 'drift-item-removed', file: 'mcp.lock', name: 'delete_file'},
  renamed: {rule: 'drift-item-renamed', file: 'mcp.lock', name: 'find_text'},
  instructions: {rule: 'drift-instructions-changed', file: 'mcp.lock'},
  annotations: {rule: 'drift-annotations-changed', file: 'mcp.lock', name: 'delete_file'},
  version: {rule: 'drift-server-version-changed', file: 'mcp.lock'},
  'prompt-added': {rule: 'drift-item-added', file: '.mcp.json', name: 'exfiltrate'},
  'prompt-removed': {rule: 'drift-item-removed', file: 'mcp.lock', name: 'review'},
  'prompt-changed': {rule: 'drift-description-changed', file: 'mcp.lock', name: 'review'},
  'resource-added': {rule: 'drift-item-added', file: '.mcp.json', name: 'file:///etc/passwd'},
  'resource-removed': {rule: 'drift-item-removed', file: 'mcp.lock', name: 'file:///workspace/config.json'},
  'resource-changed': {rule: 'drift-field-changed', file: 'mcp.lock', name: 'file:///workspace/config.json'},
  'template-changed': {rule: 'drift-description-changed', file: 'mcp.lock', name: 'file:///workspace/{path}'},
}

function setup(names: string[]): string {
  const dir = tempDir('mcp-warden-check-')
  mkdirSync(path.join(dir, '.git'))
  mkdirSync(path.join(dir, 'variants'))
  const servers: Record<string, unknown> = {}
  for (const n of names) {
    writeFileSync(path.join(dir, 'variants', n), 'base\n')
    servers[n] = {command: 'node', args: [RUG], env: {RUG_VARIANT_FILE: path.join(dir, 'variants', n)}}
  }
  writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({mcpServers: servers}, null, 2))
  return dir
}

const flip = (dir: string, server: string, variant: string) => writeFileSync(path.join(dir, 'variants', server), variant + '\n')

describe('check against every rug pull', () => {
  const names = Object.keys(VARIANTS)
  let dir: string
  beforeAll(() => {
    dir = setup([...names, 'steady', 'reorder'])
    const r = runCli(['lock', '--sandbox', 'basic', '--concurrency', '8'], {cwd: dir, env: NO_KEY})
    expect(r.code, r.stderr).toBe(0)
  })

  it('passes while nothing changed, and when a server only lists in another order', () => {
    flip(dir, 'reorder', 'reorder')
    const r = runCli(['check', '--sandbox', 'basic', '--concurrency', '8', '--format', 'json'], {cwd: dir, env: NO_KEY})
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.findings.filter((f: JsonFinding) => f.ruleId.startsWith('drift-'))).toEqual([])
    expect(doc.summary.drift).toBe(0)
  })

  it('fails with the right drift rule, on a committed line, for each variant', () => {
    for (const n of names) flip(dir, n, n)
    const lockBefore = readFileSync(path.join(dir, 'mcp.lock'), 'utf8')
    const r = runCli(['check', '--sandbox', 'basic', '--concurrency', '8', '--format', 'json'], {cwd: dir, env: NO_KEY})
    expect(r.code, r.stderr).toBe(1)
    // check never writes the lock: the drift is still there on the next run.
    expect(readFileSync(path.join(dir, 'mcp.lock'), 'utf8')).toBe(lockBefore)
    const doc = JSON.parse(r.stdout)
    const findings = doc.findings as JsonFinding[]
    const files = {'mcp.lock': readFileSync(path.join(dir, 'mcp.lock'), 'utf8').split('\n'), '.mcp.json': readFileSync(path.join(dir, '.mcp.json'), 'utf8').split('\n')}
    const problems: string[] = []
    for (const [variant, want] of Object.entries(VARIANTS)) {
      const mine = findings.filter((f) => f.location.server === variant && f.ruleId.startsWith('drift-'))
      const hit = mine.find((f) => f.ruleId === want.rule && (want.name === undefined || f.location.name === want.name))
      if (!hit) {
        problems.push(`${variant}: expected ${want.rule}${want.name ? ` on ${want.name}` : ''}, got ${mine.map((f) => `${f.ruleId}(${f.location.name})`).join(', ') || 'nothing'}`)
        continue
      }
      if (hit.severity !== 'high') problems.push(`${variant}: ${hit.ruleId} is ${hit.severity}, expected high`)
      if (hit.location.file !== want.file) problems.push(`${variant}: finding in ${hit.location.file}, expected ${want.file}`)
      // The line is the server's own: its entry in the config, or a line inside its entry in the lock.
      const line = files[want.file][hit.location.line - 1] ?? ''
      if (want.file === '.mcp.json' && !line.includes(`"${variant}"`)) problems.push(`${variant}: .mcp.json line ${hit.location.line} is not the server's entry: ${line}`)
      if (want.file === 'mcp.lock' && !hit.location.pointer.startsWith(`/servers/${variant}/`)) problems.push(`${variant}: pointer ${hit.location.pointer} is not inside the server's entry`)
      if (want.file === 'mcp.lock' && want.name && !hit.location.pointer.includes(want.name.replace(/\//g, '~1')) && !(variant === 'renamed' && hit.location.pointer.includes('/search/'))) {
        problems.push(`${variant}: pointer ${hit.location.pointer} is not the item's`)
      }
      if (hit.location.line <= 1) problems.push(`${variant}: finding on line ${hit.location.line}`)
    }
    expect(problems).toEqual([])
    // The untouched servers stay clean; the renamed tool is called a rename.
    expect(findings.filter((f) => (f.location.server === 'steady' || f.location.server === 'reorder') && f.ruleId.startsWith('drift-'))).toEqual([])
    expect(findings.find((f) => f.ruleId === 'drift-item-renamed')).toMatchObject({message: expect.stringMatching(/"search" was renamed to "find_text" \(same content, new name\)/)})
    expect(doc.servers.find((s: {name: string}) => s.name === 'version')).toMatchObject({status: 'probed', drift: true})
    // The live manifest is scanned too: the poisoned description is found, on the lock's line.
    expect(findings.some((f) => f.location.server === 'description' && f.ruleId === 'sensitive-file-access' && f.location.file === 'mcp.lock')).toBe(true)
  })
})

describe('check: servers that fail, unlocked servers, --no-probe', () => {
  it('exits 4 naming a hanging server, quickly, and still reports the others', () => {
    const dir = setup(['rug'])
    expect(runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY}).code).toBe(0)
    flip(dir, 'rug', 'description')
    // A server that was locked while it worked (its entry copied from rug's) and now hangs.
    const lock = JSON.parse(readFileSync(path.join(dir, 'mcp.lock'), 'utf8'))
    lock.servers.stuck = lock.servers.rug
    writeFileSync(path.join(dir, 'mcp.lock'), JSON.stringify(lock, null, 2))
    const config = JSON.parse(readFileSync(path.join(dir, '.mcp.json'), 'utf8'))
    config.mcpServers.stuck = {command: 'node', args: [HANG]}
    writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(config, null, 2))
    const started = Date.now()
    const r = runCli(['check', '--sandbox', 'basic', '--timeout', '2', '--format', 'json'], {cwd: dir, env: NO_KEY})
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/server "stuck": timed out after 2s/)
    expect(Date.now() - started).toBeLessThan(20_000)
    const doc = JSON.parse(r.stdout)
    expect(doc.servers.find((s: {name: string}) => s.name === 'stuck')).toMatchObject({status: 'failed'})
    expect(doc.findings.some((f: JsonFinding) => f.location.server === 'rug' && f.ruleId === 'drift-description-changed')).toBe(true)
  })

  it('a fork-style run: --no-probe launches nothing and checks the configs against the lock', () => {
    const dir = setup(['rug'])
    expect(runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY}).code).toBe(0)
    const clean = runCli(['check', '--no-probe'], {cwd: dir, env: {MCP_WARDEN_KEY: ''}})
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.stderr).toMatch(/--no-probe: no server was launched/)

    // The PR points the locked server at another script and adds a server nobody locked. Neither
    // command exists: --no-probe must not try to run them.
    const config = JSON.parse(readFileSync(path.join(dir, '.mcp.json'), 'utf8'))
    config.mcpServers.rug.args = ['/nonexistent/evil.mjs']
    config.mcpServers.extra = {command: '/nonexistent/extra-server', args: []}
    writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify(config, null, 2))
    const r = runCli(['check', '--no-probe', '--format', 'json'], {cwd: dir, env: {MCP_WARDEN_KEY: ''}})
    expect(r.code, r.stderr).toBe(1)
    const doc = JSON.parse(r.stdout)
    const lines = readFileSync(path.join(dir, '.mcp.json'), 'utf8').split('\n')
    const launch = doc.findings.find((f: JsonFinding) => f.ruleId === 'drift-launch-changed')
    expect(launch.location.file).toBe('.mcp.json')
    expect(lines[launch.location.line - 1]).toContain('"args"')
    const unlocked = doc.findings.find((f: JsonFinding) => f.ruleId === 'unlocked-server')
    expect(unlocked).toMatchObject({severity: 'high', location: {file: '.mcp.json', server: 'extra'}, owasp: ['MCP09:2025']})
    expect(lines[unlocked.location.line - 1]).toContain('"extra"')
  })

  it('reports a locked server that no config declares as info', () => {
    const dir = setup(['rug'])
    expect(runCli(['lock', '--sandbox', 'basic'], {cwd: dir, env: NO_KEY}).code).toBe(0)
    writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({mcpServers: {}}))
    const r = runCli(['check', '--format', 'json'], {cwd: dir, env: NO_KEY})
    expect(r.code).toBe(0)
    const drift = JSON.parse(r.stdout).findings.filter((f: JsonFinding & {category: string}) => f.category === 'drift')
    expect(drift).toMatchObject([{ruleId: 'stale-lock-entry', severity: 'info', location: {file: 'mcp.lock', server: 'rug', line: 5}}])
  })
})
