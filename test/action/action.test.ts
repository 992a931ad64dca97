// The GitHub Action: action.yml against the Actions schema and the pinning and injection rules, the
// committed bundle against the sources, and the action's steps driven end to end the way a runner
// drives them (inputs as env, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, a code scanning API on loopback).
import {spawn, spawnSync} from 'node:child_process'
import {copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'
import AjvModule from 'ajv'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import YAML from 'yaml'
import {FIXTURES, ROOT, runCli} from '../helpers/cli.js'
import {githubProblems, schemaErrors} from '../helpers/sarif.js'
import {tempDir} from '../lock/helpers.js'
// @ts-expect-error: plain .mjs without types; the action runs it with bare Node
import * as action from '../../action/main.mjs'

const MAIN = path.join(ROOT, 'action/main.mjs')
const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
  if?: string
}

function yamlFile(file: string): any {
  return YAML.parse(readFileSync(path.join(ROOT, file), 'utf8'))
}

const workflows = readdirSync(path.join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`)

function allSteps(): {file: string; step: Step}[] {
  const out: {file: string; step: Step}[] = []
  for (const step of yamlFile('action.yml').runs.steps as Step[]) out.push({file: 'action.yml', step})
  for (const file of workflows) for (const job of Object.values(yamlFile(file).jobs) as {steps?: Step[]}[]) for (const step of job.steps ?? []) out.push({file, step})
  return out
}

describe('action.yml', () => {
  const meta = yamlFile('action.yml')

  it('is valid against the GitHub Actions metadata schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/schemas/github-action.json'), 'utf8'))
    // CommonJS with a `default` export; under NodeNext the default import is the module.
    const ajv = new AjvModule.default({strict: false, allErrors: true})
    const validate = ajv.compile(schema)
    expect(validate(meta), JSON.stringify(validate.errors, null, 2)).toBe(true)
    expect(meta.runs.using).toBe('composite')
  })

  it('has the inputs and outputs teams rely on, with safe defaults', () => {
    for (const k of ['mode', 'config', 'lock', 'policy', 'fail-on-severity', 'sarif-file', 'upload', 'probe', 'summary', 'version']) expect(meta.inputs, k).toHaveProperty(k)
    expect(meta.inputs.mode.default).toBe('check')
    expect(meta.inputs['fail-on-severity'].default).toBe('high')
    expect(meta.inputs.upload.default).toBe('true')
    expect(meta.inputs.probe.default).toBe('true')
    expect(meta.inputs.summary.default).toBe('true')
    // Never "latest": an empty version runs the bundled CLI.
    expect(meta.inputs.version.default).toBe('')
    for (const k of ['sarif-file', 'critical', 'high', 'medium', 'low', 'info', 'max-severity', 'drift']) expect(meta.outputs, k).toHaveProperty(k)
  })

  it('never expands an expression inside a script: inputs reach scripts through env only', () => {
    for (const {file, step} of allSteps()) {
      if (step.run === undefined) continue
      expect(step.run, `${file}: step ${step.name ?? step.id}`).not.toContain('${{')
    }
  })

  it('pins every action it calls by commit SHA', () => {
    const uses = allSteps().filter(({step}) => step.uses && !step.uses.startsWith('./'))
    expect(uses.length).toBeGreaterThan(0)
    for (const {file, step} of uses) expect(step.uses, file).toMatch(SHA_PIN)
  })

  it('uploads SARIF before the step that fails on findings, and uploads even when findings fail the job', () => {
    const names = meta.runs.steps.map((s: Step) => s.name)
    const upload = names.indexOf('Upload SARIF to code scanning')
    const fail = names.indexOf('Fail on findings')
    expect(upload).toBeGreaterThan(-1)
    expect(upload).toBeLessThan(fail)
    expect(meta.runs.steps[upload].if).toContain('!cancelled()')
  })

  it('self-test and README workflows grant only the permissions they need', () => {
    const wf = yamlFile('.github/workflows/self-test.yml')
    expect(wf.permissions).toEqual({contents: 'read'})
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const example = /```yaml\n(# \.github\/workflows\/mcp-warden\.yml[\s\S]*?)```/.exec(readme)
    expect(example, 'README has the example workflow').not.toBeNull()
    const doc = YAML.parse(example![1])
    expect(doc.permissions).toEqual({contents: 'read'})
    const job = Object.values(doc.jobs)[0] as {permissions: Record<string, string>; steps: Step[]}
    expect(job.permissions).toEqual({contents: 'read', 'security-events': 'write'})
    for (const s of job.steps) if (s.uses && !s.uses.includes('mcp-warden')) expect(s.uses).toMatch(SHA_PIN)
  })
})

describe('the bundled CLI (action/cli)', () => {
  it('is the bundle the current sources give (run `npm run build && npm run bundle` after changing src/)', () => {
    const out = tempDir('mcp-warden-bundle-')
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle-action.mjs'), '--out', out], {cwd: ROOT, encoding: 'utf8'})
    expect(r.status, r.stderr).toBe(0)
    for (const f of ['mcp-warden.mjs', 'package.json', 'run.mjs', 'pattern-facts.json']) {
      const fresh = readFileSync(path.join(out, f))
      const committed = readFileSync(path.join(ROOT, 'action/cli', f))
      expect(fresh.equals(committed), `action/cli/${f} is stale: run \`npm run build && npm run bundle\` and commit it`).toBe(true)
    }
  })

  it('runs offline from a copy of the action with no node_modules beside it', () => {
    const dir = tempDir('mcp-warden-bundle-run-')
    cpSync(path.join(ROOT, 'action/cli'), path.join(dir, 'action/cli'), {recursive: true})
    const v = spawnSync(process.execPath, [path.join(dir, 'action/cli/run.mjs'), '--version'], {cwd: dir, encoding: 'utf8'})
    expect(v.status, v.stderr).toBe(0)
    expect(v.stdout).toContain(`mcp-warden/${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}`)
    const bundled = spawnSync(process.execPath, [path.join(dir, 'action/cli/run.mjs'), 'scan', path.join(FIXTURES, 'demo'), '--format', 'json', '--fail-on', 'none'], {cwd: ROOT, encoding: 'utf8'})
    const built = runCli(['scan', path.join(FIXTURES, 'demo'), '--format', 'json', '--fail-on', 'none'])
    expect(bundled.status, bundled.stderr).toBe(0)
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(built.stdout))
    // Dependencies the CLI loads lazily (libphonenumber for PII) are inside the bundle too.
    const phone = spawnSync(process.execPath, [path.join(dir, 'action/cli/run.mjs'), 'scan', '--text', '-', '--format', 'json', '--fail-on', 'none'], {cwd: dir, input: 'Call me at (415) 555-2671 any time.', encoding: 'utf8'})
    expect(phone.status, phone.stderr).toBe(0)
    expect(JSON.parse(phone.stdout).findings.map((f: {ruleId: string}) => f.ruleId)).toContain('pii-in-message')
  })
})

/** A runner's view of one action step: its env, the files GitHub reads back, and what it printed. */
function runStep(phase: string, inputs: Record<string, string>, opts: {cwd?: string; env?: Record<string, string>; temp?: string} = {}) {
  const temp = opts.temp ?? tempDir('mcp-warden-runner-')
  const files = {output: path.join(temp, 'output'), summary: path.join(temp, 'summary.md')}
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  const env: Record<string, string> = {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? temp, GITHUB_ACTIONS: 'true', RUNNER_TEMP: temp, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_WORKSPACE: ROOT, MCP_WARDEN_ACTION_PATH: ROOT, ...opts.env}
  for (const [k, v] of Object.entries(inputs)) env[`MCP_WARDEN_ACTION_${k.toUpperCase().replace(/-/g, '_')}`] = v
  const r = spawnSync(process.execPath, [MAIN, phase], {cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: parseOutputs(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8'), temp}
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^([\w-]+)<<(\w+)\n([\s\S]*?)\n\2$/gm
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]] = m[3]
  return out
}

describe('the action, run as a runner runs it', () => {
  it('scan: outputs the counts of the JSON report, writes SARIF and the job summary, annotates the findings', () => {
    const r = runStep('run', {mode: 'scan', files: 'fixtures/demo', 'fail-on': 'high'})
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const cli = JSON.parse(runCli(['scan', 'fixtures/demo', '--format', 'json', '--fail-on', 'none']).stdout).summary
    for (const k of ['critical', 'high', 'medium', 'low', 'info']) expect(Number(r.outputs[k]), k).toBe(cli[k])
    expect(r.outputs['max-severity']).toBe('critical')
    expect(r.outputs.drift).toBe('false')
    expect(r.outputs['exit-code']).toBe('1')
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'))
    expect([...schemaErrors(sarif), ...githubProblems(sarif)]).toEqual([])
    expect(r.summary).toContain('## mcp-warden')
    expect(r.stdout).toMatch(/^::error file=fixtures\/demo\/[^,]+,line=\d+/m)
  })

  it('check: a locked server that did not change passes; the same server rug-pulling fails with drift', () => {
    const project = path.join(FIXTURES, 'action/project')
    const clean = runStep('run', {mode: 'check', sandbox: 'basic'}, {cwd: project, env: {RUG_VARIANT: 'base'}})
    expect(clean.outputs['exit-code'], clean.stdout + clean.stderr).toBe('0')
    expect(clean.outputs.drift).toBe('false')
    const rug = runStep('run', {mode: 'check', sandbox: 'basic'}, {cwd: project, env: {RUG_VARIANT: 'description'}})
    expect(rug.outputs['exit-code'], rug.stdout + rug.stderr).toBe('1')
    expect(rug.outputs.drift).toBe('true')
    expect(rug.summary).toContain('read_file')
    const fin = runStep('finish', {'exit-code': rug.outputs['exit-code'], 'fail-on': 'high', 'max-severity': rug.outputs['max-severity']})
    expect(fin.code).toBe(1)
    expect(fin.stdout).toMatch(/^::error title=mcp-warden::mcp-warden exited 1: findings/m)
  })

  it('check with probe: false launches nothing (pull requests from forks)', () => {
    // The server would rug-pull if it ran: exit 0 shows it did not.
    const project = path.join(FIXTURES, 'action/project')
    const r = runStep('run', {mode: 'check', probe: 'false'}, {cwd: project, env: {RUG_VARIANT: 'description'}})
    expect(r.outputs['exit-code'], r.stdout + r.stderr).toBe('0')
    expect(r.stderr).toContain('--no-probe')
  })

  it('lock: probes, writes the lock, and reports on what it locked', () => {
    const dir = tempDir('mcp-warden-action-lock-')
    mkdirSync(path.join(dir, '.git'))
    copyFileSync(path.join(FIXTURES, 'action/project/.mcp.json'), path.join(dir, '.mcp.json'))
    writeFileSync(path.join(dir, '.mcp.json'), readFileSync(path.join(dir, '.mcp.json'), 'utf8').replace('${workspaceFolder}', ROOT.replace(/\\/g, '/')))
    const r = runStep('run', {mode: 'lock', sandbox: 'basic'}, {cwd: dir, env: {RUG_VARIANT: 'base'}})
    expect(existsSync(path.join(dir, 'mcp.lock')), r.stdout + r.stderr).toBe(true)
    expect(['0', '1']).toContain(r.outputs['exit-code'])
    expect(existsSync(r.outputs['sarif-file'])).toBe(true)
  })

  it('a second run in the same job never reports what the first one left', () => {
    const temp = tempDir('mcp-warden-runner-')
    const first = runStep('run', {mode: 'scan', files: 'fixtures/demo'}, {temp})
    expect(first.outputs['max-severity']).toBe('critical')
    // The second run stops on an input error before writing any report.
    const second = runStep('run', {mode: 'scan', files: 'no-such-file.json'}, {temp})
    expect(second.outputs['exit-code']).toBe('2')
    expect(second.outputs['max-severity']).toBe('none')
    expect(second.outputs['sarif-file']).toBe('')
    expect(second.summary).toContain('exited 2')
  })

  it('explains exit 3 on a pull request from a fork: no secrets there, so a signed lock cannot be verified', () => {
    const event = path.join(tempDir('mcp-warden-event-'), 'event.json')
    // A deleted fork leaves head.repo null.
    writeFileSync(event, JSON.stringify({pull_request: {head: {repo: null}, base: {repo: {full_name: 'octo/repo'}}}}))
    const fin = runStep('finish', {'exit-code': '3'}, {env: {GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event}})
    expect(fin.code).toBe(3)
    expect(fin.stdout).toContain('Pull requests from forks get no secrets')
    expect(action.isForkPullRequest({GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: event})).toBe(false)
  })

  it('refuses a version that is not exact, and never runs "latest"', () => {
    for (const v of ['latest', '^0.1.0', '0.1', '>=0.1.0', '0.1.0 || 9', '0.1.0;id', '$(id)']) {
      const r = runStep('run', {mode: 'scan', files: 'fixtures/demo', version: v})
      expect(r.code, v).toBe(2)
      expect(r.stdout).toMatch(/^::error title=mcp-warden action::input version is/m)
      expect(r.outputs).toEqual({})
    }
    let asked = ''
    const bin = action.resolveCli({MCP_WARDEN_ACTION_VERSION: '0.1.0'}, {install: (v: string) => ((asked = v), '/x/run.js')})
    expect(asked).toBe('0.1.0')
    expect(bin).toBe('/x/run.js')
  })

  it('treats inputs as data: shell syntax and workflow commands in an input do nothing', () => {
    const dir = tempDir('mcp-warden-inject-')
    const pwned = path.join(dir, 'pwned')
    const r = runStep('run', {mode: 'scan', files: `fixtures/demo\n$(touch ${pwned})\n\`touch ${pwned}\``, summary: 'false'})
    expect(existsSync(pwned)).toBe(false)
    // The odd "files" are reported as unreadable input (exit 2), not executed.
    expect(r.outputs['exit-code']).toBe('2')
    const bad = runStep('run', {mode: 'scan\n::set-output name=x::y'})
    expect(bad.code).toBe(2)
    expect(bad.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([expect.stringMatching(/^::error title=mcp-warden action::input mode is "scan%0A::set-output name=x::y"/)])
  })

  it('keeps the job summary under GitHub\'s 1 MiB limit and says it was cut', () => {
    const big = '| a | b |\n'.repeat(200_000)
    const cut = action.boundedSummary(big)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(action.SUMMARY_LIMIT)
    expect(cut).toContain('was cut here')
    expect(action.boundedSummary('small\n')).toBe('small\n')
  })

  it('ranks exit codes as DESIGN.md does: 2, then 3, then 4, then 1', () => {
    expect(action.worstExit([0, 1])).toBe(1)
    expect(action.worstExit([4, 1])).toBe(4)
    expect(action.worstExit([1, 3])).toBe(3)
    expect(action.worstExit([3, 2])).toBe(2)
    expect(action.worstExit([0, 0])).toBe(0)
  })
})

describe('the SARIF upload', () => {
  let server: Server
  let api: string
  const requests: {method: string; url: string; headers: IncomingMessage['headers']; body: string}[] = []
  let answer = 202
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        requests.push({method: req.method!, url: req.url!, headers: req.headers, body})
        res.setHeader('content-type', 'application/json')
        if (req.method === 'POST') {
          res.statusCode = answer
          res.end(JSON.stringify(answer === 202 ? {id: 'abc-123', url: `${api}/x`} : {message: 'Resource not accessible by integration'}))
        } else res.end(JSON.stringify({processing_status: 'complete'}))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const sarifFile = () => {
    const file = path.join(tempDir('mcp-warden-upload-'), 'r.sarif')
    writeFileSync(file, runCli(['scan', 'fixtures/demo', '--format', 'sarif', '--fail-on', 'none']).stdout)
    return file
  }
  const gh = {GITHUB_REPOSITORY: 'octo/repo', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/pull/7/merge', MCP_WARDEN_ACTION_POLL_MS: '10'}

  it('posts the gzipped SARIF with the category, then waits until code scanning has processed it', async () => {
    requests.length = 0
    answer = 202
    const file = sarifFile()
    const r = await runAsync('upload', {'sarif-file': file, token: 'tok-123', category: 'mcp-warden'}, {...gh, GITHUB_API_URL: api})
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const post = requests.find((q) => q.method === 'POST')!
    expect(post.url).toBe('/repos/octo/repo/code-scanning/sarifs')
    expect(post.headers.authorization).toBe('Bearer tok-123')
    const body = JSON.parse(post.body)
    expect(body.commit_sha).toBe(gh.GITHUB_SHA)
    expect(body.ref).toBe(gh.GITHUB_REF)
    const sent = JSON.parse(gunzipSync(Buffer.from(body.sarif, 'base64')).toString('utf8'))
    const original = JSON.parse(readFileSync(file, 'utf8'))
    expect(sent.runs[0].automationDetails.id).toBe('mcp-warden/')
    delete sent.runs[0].automationDetails
    expect(sent).toEqual(original)
    expect(requests.some((q) => q.method === 'GET' && q.url === '/repos/octo/repo/code-scanning/sarifs/abc-123')).toBe(true)
    expect(r.stdout).not.toContain('tok-123')
  })

  it('says which permission is missing when code scanning refuses the token', async () => {
    answer = 403
    const r = await runAsync('upload', {'sarif-file': sarifFile(), token: 'tok'}, {...gh, GITHUB_API_URL: api})
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/^::error title=mcp-warden action::code scanning refused the upload \(HTTP 403.*security-events: write/m)
  })

  it('skips the upload with a notice on a pull request from a fork', async () => {
    requests.length = 0
    const event = path.join(tempDir('mcp-warden-event-'), 'event.json')
    writeFileSync(event, JSON.stringify({pull_request: {head: {repo: {full_name: 'fork/repo', fork: true}}, base: {repo: {full_name: 'octo/repo'}}}}))
    const r = await runAsync('upload', {'sarif-file': sarifFile(), token: 'tok'}, {...gh, GITHUB_API_URL: api, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^::notice title=mcp-warden::Not uploaded to code scanning: pull requests from forks/m)
    expect(requests).toEqual([])
  })
})

/** Like runStep, but without blocking the event loop (the fake API server lives in this process). */
function runAsync(phase: string, inputs: Record<string, string>, extra: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
  const env: Record<string, string> = {PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', ...extra}
  for (const [k, v] of Object.entries(inputs)) env[`MCP_WARDEN_ACTION_${k.toUpperCase().replace(/-/g, '_')}`] = v
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, phase], {cwd: ROOT, env})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}
