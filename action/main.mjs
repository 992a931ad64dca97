// The steps of the mcp-warden GitHub Action (action.yml), in plain Node with no dependencies:
//   run     resolve the CLI, run it, write the step outputs and the job summary
//   upload  send the SARIF report to GitHub code scanning
//   finish  fail the job by mcp-warden's exit code, after the upload
// Inputs arrive as MCP_WARDEN_ACTION_* environment variables (action.yml maps each input with
// `env:`): nothing a user or a pull request controls is ever pasted into a shell script, and the
// CLI gets its arguments as an array. Each phase is a function taking the environment, so the tests
// drive the whole action on this machine the way a runner would (test/action/).

import {spawnSync} from 'node:child_process'
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {gzipSync} from 'node:zlib'

export const MODES = ['check', 'lock', 'scan', 'replay']
export const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none']
export const SANDBOXES = ['auto', 'strict', 'basic', 'off']
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info']
/** Exact versions only: a range or a dist-tag such as `latest` would run whatever npm serves today. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/
/** GitHub's limits: 1 MiB of job summary a step; 10 MB of gzipped SARIF an upload. */
export const SUMMARY_LIMIT = 1024 * 1024
export const SARIF_GZIP_LIMIT = 10 * 1000 * 1000
const MIN_NODE = [20, 19]

const EXIT_MEANING = {
  0: 'nothing at or above the fail-on severity',
  1: 'findings at or above the fail-on severity (drift counts as a finding)',
  2: 'a usage or input error: a flag, a file or a config is wrong (the log says which and where)',
  3: 'an integrity failure: the lock signature is wrong or missing its key, the lock is malformed, or an audit chain is broken',
  4: 'a server could not be probed (launch failed, timed out or the handshake failed)',
}

/** A problem with the action's inputs or set-up: printed as an annotation, exit 2 like the CLI's input errors. */
export class ActionError extends Error {
  constructor(message, hint) {
    super(message)
    this.hint = hint
  }
}

// ---- small helpers ----

/** A workflow command's message, escaped so that text from a server cannot start a command of its own. */
export function escapeData(s) {
  return String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function input(env, name, fallback = '') {
  const v = env[`MCP_WARDEN_ACTION_${name}`]
  return v === undefined ? fallback : v.trim()
}

/** The input's name as action.yml writes it: FAIL_ON → fail-on. */
const inputName = (name) => name.toLowerCase().replace(/_/g, '-')

function oneOf(env, name, allowed, fallback) {
  const v = input(env, name, fallback) || fallback
  if (!allowed.includes(v)) throw new ActionError(`input ${inputName(name)} is "${v}"`, `use one of: ${allowed.join(', ')}`)
  return v
}

function bool(env, name, fallback) {
  const v = input(env, name, fallback).toLowerCase() || fallback
  if (v === 'true') return true
  if (v === 'false') return false
  throw new ActionError(`input ${inputName(name)} is "${v}"`, 'use true or false')
}

/** One value per line (blank lines and surrounding spaces dropped): how list inputs are written in YAML. */
export function lines(s) {
  return s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

function noNewline(name, v) {
  if (/[\r\n]/.test(v)) throw new ActionError(`input ${name} holds a line break`, 'give a single path')
  return v
}

/** Step outputs, in the `name<<DELIMITER` form, which no value can break out of. */
export function writeOutputs(env, outputs) {
  const file = env.GITHUB_OUTPUT
  if (!file) return
  let text = ''
  for (const [k, v] of Object.entries(outputs)) {
    const value = String(v)
    let delimiter = 'MCP_WARDEN_EOF'
    while (value.includes(delimiter)) delimiter += '_'
    text += `${k}<<${delimiter}\n${value}\n${delimiter}\n`
  }
  appendFileSync(file, text)
}

// ---- run ----

/** Which CLI to run: the bundle in the action's own checkout (offline), or an exact npm version. */
export function resolveCli(env, {install = installFromNpm} = {}) {
  const version = input(env, 'VERSION')
  if (version === '') {
    const actionPath = input(env, 'PATH') || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
    const bundled = path.join(actionPath, 'action', 'cli', 'run.mjs')
    if (!existsSync(bundled)) {
      throw new ActionError(`the action's checkout has no bundled CLI (${bundled})`, 'set the input version to an exact mcp-warden version from npm, for example 0.1.0')
    }
    return bundled
  }
  if (!EXACT_VERSION.test(version)) {
    throw new ActionError(`input version is "${version}", not an exact version`, 'give an exact version such as 0.1.0: a range or "latest" would run whatever npm serves on the day')
  }
  return install(version, env)
}

function installFromNpm(version, env) {
  const prefix = path.join(env.RUNNER_TEMP || path.resolve('.mcp-warden-action'), `mcp-warden-${version}`)
  mkdirSync(prefix, {recursive: true})
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  // --ignore-scripts: installing a scanner must not run code from its dependency tree.
  const r = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `mcp-warden@${version}`], {stdio: ['ignore', 'inherit', 'inherit']})
  if (r.status !== 0) throw new ActionError(`npm could not install mcp-warden@${version} (exit ${r.status ?? r.signal})`, 'check the version exists on npm, or leave version empty to run the CLI bundled with the action')
  return path.join(prefix, 'node_modules', 'mcp-warden', 'bin', 'run.js')
}

function checkNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number)
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    throw new ActionError(`mcp-warden needs Node.js ${MIN_NODE.join('.')} or later; this runner has ${version}`, 'add a step with actions/setup-node (node-version: 20) before this action')
  }
}

/** The command lines to run, by mode: what a user would type, with the reports going to files. */
export function plan(env, files) {
  const mode = oneOf(env, 'MODE', MODES, 'check')
  const failOn = oneOf(env, 'FAIL_ON', FAIL_ON, 'high')
  const sandbox = oneOf(env, 'SANDBOX', SANDBOXES, 'auto')
  const probe = bool(env, 'PROBE', 'true')
  const lock = noNewline('lock', input(env, 'LOCK', 'mcp.lock') || 'mcp.lock')
  const policy = noNewline('policy', input(env, 'POLICY'))
  const configs = lines(input(env, 'CONFIG'))
  const targets = lines(input(env, 'FILES'))
  const policyArgs = policy ? ['--policy', policy] : []
  const configArgs = configs.flatMap((c) => ['--config', c])
  const report = ['--fail-on', failOn, '--format', 'json', '--output', files.json, '--sarif', files.sarif, '--markdown', files.markdown]
  switch (mode) {
    case 'check':
      return {mode, failOn, steps: [['check', '--lock', lock, ...configArgs, ...policyArgs, '--sandbox', sandbox, ...(probe ? [] : ['--no-probe']), ...report]]}
    case 'scan':
      return {mode, failOn, steps: [['scan', ...(targets.length > 0 ? targets : ['.']), ...configs, ...policyArgs, ...report]]}
    case 'replay':
      if (targets.length !== 1) throw new ActionError(`mode replay needs one trace file in the input files (got ${targets.length})`, 'set files: path/to/trace.jsonl')
      return {mode, failOn, steps: [['replay', targets[0], ...policyArgs, ...(existsSync(lock) ? ['--lock', lock] : []), ...report]]}
    case 'lock':
      // Lock, then scan what was locked: the report shows what the new lock trusts.
      return {mode, failOn, steps: [['lock', '--lock', lock, ...configArgs, '--sandbox', sandbox], ['scan', lock, ...policyArgs, ...report]]}
  }
}

/** DESIGN.md's precedence when several exit codes apply: 2, then 3, then 4, then 1. */
export function worstExit(codes) {
  for (const c of [2, 3, 4, 1]) if (codes.includes(c)) return c
  return codes.find((c) => c !== 0) ?? 0
}

/** Counts, max severity and drift from the CLI's JSON report (DESIGN.md's findings document). */
export function outputsFromReport(doc) {
  const s = doc?.summary ?? {}
  const out = {}
  for (const k of SEVERITIES) out[k] = Number.isInteger(s[k]) ? s[k] : 0
  out['max-severity'] = SEVERITIES.includes(s.maxSeverity) ? s.maxSeverity : (SEVERITIES.find((k) => out[k] > 0) ?? 'none')
  // Servers that differ from the lock or are not in it (check only). Not `summary.drift`, which counts
  // drift-category findings, the info-level "locked server in no config" among them.
  out.drift = String(Number(s.serversDrifted ?? 0) > 0)
  return out
}

/** The job summary, cut at a line boundary under GitHub's 1 MiB limit with a note saying so. */
export function boundedSummary(markdown, limit = SUMMARY_LIMIT) {
  if (Buffer.byteLength(markdown) <= limit) return markdown
  const note = '\n\n_The report is longer than GitHub allows in a job summary and was cut here: the SARIF report and code scanning list every finding._\n'
  let cut = Buffer.from(markdown).subarray(0, limit - Buffer.byteLength(note)).toString('utf8')
  cut = cut.replace(/\uFFFD$/, '')
  const nl = cut.lastIndexOf('\n')
  return (nl > 0 ? cut.slice(0, nl) : cut) + note
}

export function run(env = process.env, {install, spawn = spawnSync, log = (s) => process.stdout.write(s)} = {}) {
  checkNode()
  // A folder of its own for every run: a job may run the action several times, and a run whose CLI
  // wrote nothing must not report, summarise or upload what an earlier run left.
  const base = env.RUNNER_TEMP || path.resolve('.mcp-warden-action')
  mkdirSync(base, {recursive: true})
  const dir = mkdtempSync(path.join(base, 'mcp-warden-'))
  const sarifInput = noNewline('sarif-file', input(env, 'SARIF_FILE'))
  const files = {json: path.join(dir, 'report.json'), markdown: path.join(dir, 'summary.md'), sarif: path.resolve(sarifInput || path.join(dir, 'mcp-warden.sarif'))}
  // A SARIF path the user chose may hold an earlier run's report.
  rmSync(files.sarif, {force: true})
  const p = plan(env, files)
  const cli = resolveCli(env, {install})

  const codes = []
  for (const args of p.steps) {
    log(`mcp-warden ${args.join(' ')}\n`)
    const r = spawn(process.execPath, [cli, ...args], {stdio: 'inherit', env})
    // Killed by a signal (out of memory, a runner timeout) or not started: not "findings".
    if (r.error || r.status === null) throw new ActionError(`mcp-warden ${args[0]} did not finish (${r.error ? r.error.message : `killed by ${r.signal}`})`, 'see the step log above; a runner that ran out of memory needs a larger machine or fewer servers at once (--concurrency)')
    const code = r.status
    codes.push(code)
    // A lock that could not be written (bad input, integrity) leaves nothing worth scanning.
    if (code === 2 || code === 3) break
  }
  const exitCode = worstExit(codes)

  let counts = outputsFromReport(undefined)
  if (existsSync(files.json)) {
    try {
      counts = outputsFromReport(JSON.parse(readFileSync(files.json, 'utf8')))
    } catch (error) {
      throw new ActionError(`the JSON report ${files.json} cannot be read (${error.message})`, 'report this with the step log: mcp-warden should always write valid JSON')
    }
  }
  const sarifWritten = existsSync(files.sarif) && statSync(files.sarif).size > 0
  writeOutputs(env, {'sarif-file': sarifWritten ? files.sarif : '', ...counts, 'exit-code': exitCode})

  if (bool(env, 'SUMMARY', 'true') && env.GITHUB_STEP_SUMMARY) {
    const md = existsSync(files.markdown)
      ? readFileSync(files.markdown, 'utf8')
      : `## mcp-warden\n\n\`mcp-warden ${p.mode}\` exited ${exitCode}: ${EXIT_MEANING[exitCode] ?? 'an unexpected error'}. The step's log says what happened and what to do.\n`
    appendFileSync(env.GITHUB_STEP_SUMMARY, boundedSummary(md))
  }
  return exitCode
}

// ---- upload ----

/** A pull request from a fork gets a read-only token: code scanning refuses its upload. */
export function isForkPullRequest(env) {
  // pull_request_target runs with the base repository's token: it can upload.
  if (env.GITHUB_EVENT_NAME !== 'pull_request') return false
  if (!env.GITHUB_EVENT_PATH || !existsSync(env.GITHUB_EVENT_PATH)) return false
  const pr = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')).pull_request
  if (!pr) return false
  // A deleted fork leaves head.repo null: still a fork's read-only token.
  if (!pr.head?.repo) return true
  const head = pr.head.repo.full_name
  const base = pr.base?.repo?.full_name
  return Boolean(pr.head.repo.fork) || (head !== undefined && base !== undefined && head !== base)
}

/** The SARIF as code scanning takes it: every run tagged with the category, gzipped, base64. */
export function encodeSarif(text, category) {
  const sarif = JSON.parse(text)
  // Like github/codeql-action/upload-sarif: the category becomes the runs' automationDetails.id,
  // unless a run already carries one.
  for (const r of sarif.runs ?? []) if (category && !r.automationDetails?.id) r.automationDetails = {...r.automationDetails, id: category.endsWith('/') ? category : `${category}/`}
  const gz = gzipSync(Buffer.from(JSON.stringify(sarif)))
  if (gz.length > SARIF_GZIP_LIMIT) throw new ActionError(`the SARIF report is ${gz.length} bytes gzipped, over GitHub's limit of ${SARIF_GZIP_LIMIT}`, 'raise fail-on-severity or suppress findings in mcp-warden.yaml to make it smaller')
  return gz.toString('base64')
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export async function upload(env = process.env, {fetchImpl = fetch, log = (s) => process.stdout.write(s)} = {}) {
  const file = input(env, 'SARIF_FILE')
  if (!file || !existsSync(file)) {
    log('mcp-warden: no SARIF report to upload\n')
    return 0
  }
  if (isForkPullRequest(env)) {
    log(`::notice title=mcp-warden::${escapeData('Not uploaded to code scanning: pull requests from forks get a read-only token. The job summary and the annotations show the findings.')}\n`)
    return 0
  }
  const token = input(env, 'TOKEN')
  if (!token) throw new ActionError('no token for the code scanning upload', 'leave the input token at its default (github.token), or set upload: false')
  for (const k of ['GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF']) if (!env[k]) throw new ActionError(`${k} is not set: the upload runs only inside GitHub Actions`, 'set upload: false to run the action elsewhere')

  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  const headers = {authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'mcp-warden-action'}
  const body = {
    commit_sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    sarif: encodeSarif(readFileSync(file, 'utf8'), input(env, 'CATEGORY', 'mcp-warden')),
    tool_name: 'mcp-warden',
    ...(env.GITHUB_WORKSPACE ? {checkout_uri: pathToFileURL(env.GITHUB_WORKSPACE).href} : {}),
  }
  const res = await fetchImpl(`${api}/repos/${env.GITHUB_REPOSITORY}/code-scanning/sarifs`, {method: 'POST', headers, body: JSON.stringify(body)})
  const answer = await res.json().catch(() => ({}))
  if (res.status === 403 || res.status === 404) {
    throw new ActionError(`code scanning refused the upload (HTTP ${res.status}: ${answer.message ?? res.statusText})`, 'give the job `permissions: security-events: write`; on a private repository code scanning needs GitHub Advanced Security; or set upload: false')
  }
  if (!res.ok) throw new ActionError(`code scanning upload failed (HTTP ${res.status}: ${answer.message ?? res.statusText})`, 'the step log of the run above has the SARIF file; retry the job')
  log(`mcp-warden: SARIF uploaded to code scanning (id ${answer.id})\n`)

  // Wait for GitHub to process it, so that a SARIF it rejects fails here and not silently.
  const every = Number(env.MCP_WARDEN_ACTION_POLL_MS ?? 5000)
  const deadline = Date.now() + Number(env.MCP_WARDEN_ACTION_POLL_TIMEOUT_MS ?? 120_000)
  while (answer.id && Date.now() < deadline) {
    await sleep(every)
    const r = await fetchImpl(`${api}/repos/${env.GITHUB_REPOSITORY}/code-scanning/sarifs/${encodeURIComponent(answer.id)}`, {headers})
    if (!r.ok) break
    const status = await r.json()
    if (status.processing_status === 'complete') {
      log('mcp-warden: code scanning processed the report\n')
      return 0
    }
    if (status.processing_status === 'failed') throw new ActionError(`code scanning rejected the report: ${(status.errors ?? []).join('; ') || 'no reason given'}`, 'open an issue with mcp-warden and attach the SARIF file')
  }
  log('mcp-warden: code scanning is still processing the report; alerts appear when it is done\n')
  return 0
}

// ---- finish ----

export function finish(env = process.env, {log = (s) => process.stdout.write(s)} = {}) {
  const code = Number(input(env, 'EXIT_CODE', '0'))
  const failOn = input(env, 'FAIL_ON', 'high')
  if (code === 0) {
    log(`mcp-warden: nothing at or above ${failOn}\n`)
    return 0
  }
  let detail = code === 1 ? ` (highest: ${input(env, 'MAX_SEVERITY', 'unknown')}, fail-on-severity: ${failOn})` : ''
  // A fork's pull request gets no secrets, so a signed lock cannot be verified there.
  if (code === 3 && isForkPullRequest(env)) detail = '. Pull requests from forks get no secrets, so MCP_WARDEN_KEY is empty and a signed lock cannot be verified: skip this job for forks, or keep the lock unsigned'
  log(`::error title=mcp-warden::${escapeData(`mcp-warden exited ${code}: ${EXIT_MEANING[code] ?? 'an unexpected error'}${detail}. The job summary lists the findings; accept a reviewed change with \`mcp-warden lock\` and commit mcp.lock, or suppress a finding with a reason in mcp-warden.yaml.`)}\n`)
  return code
}

// ---- entry ----

async function main(phase) {
  try {
    // The run step succeeds whatever mcp-warden found: the upload comes next, and `finish` fails
    // the job by the exit code written to the step outputs.
    if (phase === 'run') {
      run()
      return 0
    }
    if (phase === 'upload') return await upload()
    if (phase === 'finish') return finish()
    throw new ActionError(`unknown phase "${phase}"`, 'use run, upload or finish')
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    process.stdout.write(`::error title=mcp-warden action::${escapeData(`${error.message}${error.hint ? `. ${error.hint}` : ''}`)}\n`)
    return 2
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv[2])
}
