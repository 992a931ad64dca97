// Secrets never leak: every command, run against inputs holding known canary secrets in every place a
// secret can hide (config env values, args, URLs, headers, tool descriptions and instructions, tool
// results and arguments, trace lines, policy files, a server's stderr), and then every byte it
// produced (stdout, stderr, reports in four formats, SARIF, Markdown, the lock, the recording, the
// audit log) is searched for each canary: whole, without the four characters a mask shows, JSON-escaped,
// and base64-encoded. The canaries are built here at run time, so no file holds a live-looking token.
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli, type CliResult} from '../helpers/cli.js'
import {server, wrapProcess} from '../proxy/helpers.js'
import {TraceRecorder} from '../../src/trace/record.js'

const node = process.execPath
const FIXTURE = server('runtime-canary.mjs')
const j = (...parts: string[]) => parts.join('')
const alnum = (seed: string, n: number) => Array.from({length: n}, (_, i) => 'aB3dE5gH7jK9mN2pQ4sT6vW8yZ'[(seed.charCodeAt(i % seed.length) + i * 7) % 26]).join('')

// What the secret patterns must recognize, and the part of each that must never be printed.
const AWS_ID = j('AKIA', 'QW7Z', 'CNRY', '4TXB', 'K2MP')
const AWS_SECRET = j('wJalr', 'XUtnFEMI', '/K7MDENG', '/bPxRfiCY', 'CANARYKEY1')
const GITHUB = j('gh', 'p_', alnum('github', 36))
const SLACK = j('xo', 'xb-', '2049331', '77014', '-', '4182', '8830321', '-', alnum('slack', 24))
const STRIPE = j('sk', '_live_', alnum('stripe', 24))
const JWT = j('ey', 'JhbGciOiJIUzI1NiJ9', '.', 'ey', 'JzdWIiOiJjYW5hcnkiLCJyb2xlIjoiYWRtaW4ifQ', '.', alnum('jwtsig', 43))
const PEM_BODY = Array.from({length: 4}, (_, i) => alnum(`pem${i}`, 64)).join('\n')
const PEM = j('-----BEGIN ', 'RSA PRIVATE KEY', '-----\n', PEM_BODY, '\n-----END ', 'RSA PRIVATE KEY', '-----')
const BEARER = alnum('bearer', 40)
const DB_PASSWORD = j('Pg', alnum('dbpass', 18), '!x')
const DB_URL = `postgres://app_user:${DB_PASSWORD}@db.internal.example:5432/app`
// Only ever in the config's env: the lock keeps env NAMES, never values.
const NPM_ENV_ONLY = j('np', 'm_', alnum('npmtoken', 36))

/** Needles for a canary: the value, and the part after what a mask keeps. */
const SECRETS: Record<string, string> = {AWS_ID, AWS_SECRET, GITHUB, SLACK, STRIPE, JWT, BEARER, DB_PASSWORD, PEM_LINE: PEM_BODY.split('\n')[1], NPM_ENV_ONLY}

/**
 * Where a canary may be, and why:
 * - a lock records each tool's descriptor and the server's instructions word for word (DESIGN.md:
 *   drift is shown in words, and each item's hash is checked against its descriptor), so the canaries
 *   the server publishes are there by design; the launch's args and URL are masked (test/lock), and
 *   an env value is never there.
 */
const ALLOWED: Record<string, string[]> = {
  'mcp.lock': ['AWS_ID', 'AWS_SECRET', 'GITHUB', 'SLACK', 'STRIPE', 'JWT', 'BEARER', 'DB_PASSWORD', 'PEM_LINE'],
  'new.lock': ['AWS_ID', 'AWS_SECRET', 'GITHUB', 'SLACK', 'STRIPE', 'JWT', 'BEARER', 'DB_PASSWORD', 'PEM_LINE'],
}
const ALL = [AWS_ID, GITHUB, SLACK, STRIPE, JWT, PEM, `Bearer ${BEARER}`, DB_URL, `aws_secret_access_key=${AWS_SECRET}`]

function needles(value: string): string[] {
  const out = new Set([value, value.slice(4), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')])
  return [...out].filter((n) => n.length >= 12)
}

/** Every canary found in `text`, as `NAME in WHERE`. */
function canariesIn(where: string, text: string): string[] {
  const out: string[] = []
  for (const [name, value] of Object.entries(SECRETS)) {
    if (ALLOWED[where]?.includes(name)) continue
    const hit = needles(value).find((n) => text.includes(n))
    if (hit !== undefined) out.push(`${name} in ${where} (as ${JSON.stringify(hit.slice(0, 12))}…)`)
  }
  return out
}

let dir: string
const at = (f: string) => path.join(dir, f)
const env = {CANARIES: JSON.stringify(ALL), MCP_WARDEN_KEY: undefined}
const run = (args: string[]): CliResult => runCli(args, {cwd: dir, env})
const outputs: Array<[string, string]> = []
const record = (label: string, r: CliResult) => {
  outputs.push([`${label} stdout`, r.stdout], [`${label} stderr`, r.stderr])
  return r
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-canary-'))
  const config = {
    mcpServers: {
      canary: {
        command: 'node',
        args: [FIXTURE, '--api-key', STRIPE, `--db=${DB_URL}`],
        env: {CANARIES: JSON.stringify(ALL), AWS_ACCESS_KEY_ID: AWS_ID, AWS_SECRET_ACCESS_KEY: AWS_SECRET, GITHUB_TOKEN: GITHUB, DATABASE_URL: DB_URL, NPM_TOKEN: NPM_ENV_ONLY},
      },
      remote: {type: 'http', url: `https://mcp.example.com/mcp?access_token=${BEARER}`, headers: {Authorization: `Bearer ${BEARER}`, 'X-Slack': SLACK}},
    },
  }
  writeFileSync(at('.mcp.json'), JSON.stringify(config, null, 2))
  writeFileSync(at('tools.json'), JSON.stringify({tools: ALL.map((s, i) => ({name: `t${i}`, description: `Use the key ${s} to call the API.`, inputSchema: {type: 'object', properties: {}}}))}))
  writeFileSync(at('notes.txt'), `Deploy notes\n${ALL.join('\n')}\n`)
  // Policy: a secret in a suppression reason (valid file), and one where a value is expected (invalid file).
  writeFileSync(at('policy.yaml'), `suppressions:\n  - rule: pii-in-message\n    reason: "reviewed with ${GITHUB}"\n`)
  writeFileSync(at('bad-policy.yaml'), `fail-on: ${STRIPE}\n`)
  writeFileSync(at('bad-policy-2.yaml'), `servers:\n  canary:\n    trust: "${JWT}"\n`)
  // A trace written by hand: secrets in messages, in a line that is not JSON, and in an envelope.
  const ts = (i: number) => `2026-11-21T10:00:0${i}.000Z`
  writeFileSync(
    at('hand.jsonl'),
    [
      JSON.stringify({ts: ts(0), server: 'canary', dir: 'c2s', msg: {jsonrpc: '2.0', id: 1, method: 'tools/call', params: {name: 'leak', arguments: {token: GITHUB, url: DB_URL}}}}),
      JSON.stringify({ts: ts(1), server: 'canary', dir: 's2c', msg: {jsonrpc: '2.0', id: 1, result: {content: [{type: 'text', text: ALL.join('\n')}]}}}),
      `{"ts":"${ts(2)}","server":"canary","dir":"s2c","msg":"not json ${SLACK} ${STRIPE}"}`,
      `{"ts":"${ts(3)}","server":"${AWS_ID}","dir":"c2s","msg":{"jsonrpc":"2.0","id":"${JWT}","method":"ping"}}`,
      `garbage line with ${STRIPE} and ${JWT}`,
    ].join('\n') + '\n',
  )
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('the recording', () => {
  it('replaces a secret that follows a JSON escape (\\n, \\t, \\") in the raw message, keeping valid JSON', async () => {
    // In the raw bytes `...\nAKIA...` the key follows a letter, where the word boundary of the patterns
    // failed: the recording kept such secrets as sent (found by the sweep below).
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'warden-rec-')), 'trace.jsonl')
    const rec = new TraceRecorder(file, {server: 's', report: () => {}})
    const text = `settings:\n${AWS_ID}\t${GITHUB}\"${STRIPE}`
    rec.add(Date.UTC(2026, 0, 1), 's2c', Buffer.from(JSON.stringify({jsonrpc: '2.0', id: 1, result: {content: [{type: 'text', text}]}})), true)
    await rec.close()
    const line = readFileSync(file, 'utf8')
    expect(canariesIn('recording', line)).toEqual([])
    const msg = (JSON.parse(line) as {msg: {result: {content: Array<{text: string}>}}}).msg
    expect(msg.result.content[0].text).toMatch(/^settings:\nAKIA[0-9A-Z]{16}\tghp_[A-Za-z0-9]{36}"sk_live_[A-Za-z0-9]{24}$/)
    rmSync(path.dirname(file), {recursive: true, force: true})
  })
})

describe('canary secrets never leak', () => {
  it('scan: every format, --output and --sarif, configs, manifests, plain text, policies', () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) record(`scan --format ${format}`, run(['scan', '.mcp.json', 'tools.json', '--policy', 'policy.yaml', '--format', format, '--fail-on', 'none']))
    record('scan --text', run(['scan', '--text', 'notes.txt', '--fail-on', 'none']))
    const r = record('scan --output --sarif', run(['scan', '.mcp.json', 'tools.json', '--format', 'markdown', '--output', 'scan.md', '--sarif', 'scan.sarif', '--fail-on', 'none']))
    expect(r.code, r.stderr).toBe(0)
    // The sweep must see what it looks for: the scan did find the canaries (masked).
    const json = JSON.parse(run(['scan', '.mcp.json', 'tools.json', '--format', 'json', '--fail-on', 'none']).stdout) as {findings: Array<{ruleId: string}>}
    expect(json.findings.filter((f) => f.ruleId === 'inline-secret' || f.ruleId.includes('secret')).length).toBeGreaterThan(3)
    for (const bad of ['bad-policy.yaml', 'bad-policy-2.yaml']) {
      const e = record(`scan --policy ${bad}`, run(['scan', 'tools.json', '--policy', bad]))
      expect(e.code).toBe(2)
    }
  })

  it('lock, verify, check in every format, diff', () => {
    const lock = record('lock', run(['lock', '--sandbox', 'basic']))
    expect(lock.code, lock.stderr).toBe(0)
    record('verify --lock', run(['verify', '--lock', 'mcp.lock']))
    for (const format of ['text', 'json', 'sarif', 'markdown']) record(`check --format ${format}`, run(['check', '--sandbox', 'basic', '--format', format, '--fail-on', 'none']))
    record('check --output --sarif', run(['check', '--sandbox', 'basic', '--format', 'json', '--output', 'check.json', '--sarif', 'check.sarif', '--fail-on', 'none']))
    // A second lock whose server says something else: the diff shows descriptions word by word.
    const changed = record('lock (changed)', runCli(['lock', '--sandbox', 'basic', '--lock', 'new.lock'], {cwd: dir, env: {...env, CANARIES: JSON.stringify([...ALL].reverse())}}))
    expect(changed.code, changed.stderr).toBe(0)
    for (const format of ['text', 'json', 'markdown']) record(`diff --format ${format}`, run(['diff', 'mcp.lock', 'new.lock', '--format', format, '--fail-on', 'none']))
    // A server that fails, printing the secrets on its stderr: the tail shown is masked.
    const failed = record('lock (failing server)', run(['lock', '--sandbox', 'basic', '--lock', 'failed.lock', '--', 'node', FIXTURE, '--fail']))
    expect(failed.code).toBe(4)
    expect(failed.stderr).toContain('runtime-canary: cannot start with')
  })

  it('wrap --record --audit, then replay in every format and verify --audit', async () => {
    const w = wrapProcess(['--name', 'canary', '--policy', 'policy.yaml', '--audit', 'audit.jsonl', '--record', 'trace.jsonl', '--', node, FIXTURE], {cwd: dir, env: {CANARIES: JSON.stringify(ALL)}})
    await w.peer.initialize()
    await w.peer.request('tools/list')
    await w.peer.request('tools/call', {name: 'leak', arguments: {note: `${GITHUB} ${STRIPE} ${DB_URL} ${PEM}`}})
    w.peer.send(`not json ${SLACK} ${JWT}\n`)
    await w.peer.request('ping')
    w.child.stdin.end()
    expect((await w.exit).code).toBe(0)
    outputs.push(['wrap stderr', w.stderr()])
    for (const trace of ['trace.jsonl', 'hand.jsonl']) {
      for (const format of ['text', 'json', 'sarif', 'markdown']) record(`replay ${trace} --format ${format}`, run(['replay', trace, '--policy', 'policy.yaml', '--format', format, '--fail-on', 'none']))
    }
    record('replay --output --sarif', run(['replay', 'hand.jsonl', '--format', 'markdown', '--output', 'replay.md', '--sarif', 'replay.sarif', '--fail-on', 'none']))
    const v = record('verify --audit', run(['verify', '--audit', 'audit.jsonl']))
    expect(v.code, v.stderr).toBe(0)
  })

  it('init and rules', () => {
    record('init', run(['init', '--policy', 'init.yaml']))
    record('rules', run(['rules']))
    record('rules inline-secret', run(['rules', 'inline-secret']))
  })

  it('no output, and no file written, holds a canary', () => {
    // Inputs the test wrote hold the canaries on purpose; everything else in the folder was written by mcp-warden.
    const inputs = new Set(['.mcp.json', 'tools.json', 'notes.txt', 'policy.yaml', 'bad-policy.yaml', 'bad-policy-2.yaml', 'hand.jsonl'])
    const written = readdirSync(dir).filter((f) => !inputs.has(f))
    expect(written).toEqual(expect.arrayContaining(['mcp.lock', 'new.lock', 'scan.md', 'scan.sarif', 'check.json', 'check.sarif', 'trace.jsonl', 'audit.jsonl', 'replay.md', 'replay.sarif', 'init.yaml']))
    expect(outputs.length).toBeGreaterThan(40)
    const leaks = [...outputs.flatMap(([where, text]) => canariesIn(where, text)), ...written.flatMap((f) => canariesIn(f, readFileSync(at(f), 'utf8')))]
    expect(leaks).toEqual([])
  })
})


