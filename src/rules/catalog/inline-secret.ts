// Secrets written into a client config: in env values, arguments, headers, URLs and any other field
// of the entry (Zed `settings`, Codex `bearer_token`). A reference (`${VAR}`) is the fix, not a finding.
import {OWASP} from '../../core/finding.js'
import {argPointer, envPointer, headerPointer} from '../../config/parse.js'
import {argSecrets, urlSecrets, type FoundSecret} from '../../config/redact.js'
import {inspectValue} from '../../secrets/classify.js'
import {join} from '../../source/pointer.js'
import type {ConfigView} from '../scope.js'
import {defineRule, type RuleContext} from '../types.js'

// Fields of an entry read through the normalized ServerConfig; everything else is walked raw.
const NORMALIZED = new Set(['command', 'cmd', 'args', 'env', 'envs', 'environment', 'url', 'serverUrl', 'httpUrl', 'uri', 'endpoint', 'headers', 'http_headers'])
// Fields that hold variable names, never values (Codex, goose).
const NAMES_ONLY = new Set(['env_vars', 'bearer_token_env_var', 'env_http_headers', 'env_keys', 'inputs'])
const MAX_WALK = 500

function article(label: string): string {
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`
}

function describe(s: FoundSecret): string {
  if (s.placeholder) return `what looks like a sample ${s.label}`
  return s.label.startsWith('credentials') ? s.label : article(s.label)
}

export default defineRule({
  meta: {
    id: 'inline-secret',
    summary: 'a secret is written inline in a client config',
    description:
      'An API token, password, private key or other credential is written directly into a client config: an env value, an argument (`--api-key=...`, `--token VALUE`), an HTTP header, a URL (`https://user:pass@host`, `?api_key=...`) or another field of the server entry. Config files are committed, synced and shared; a secret in one is readable by anyone who can read the repository, its forks and its history, and by every tool that reads the config. Known token formats (GitHub, OpenAI, Anthropic, AWS, Slack, Stripe and others) are critical; a generic high-entropy value under a secret-sounding name (`*_TOKEN`, `*_SECRET`, `*PASSWORD*`, `*_API_KEY`) is high. References (`${VAR}`, `${env:VAR}`, `${input:id}`, `${VAR:-default}`, `$VAR`) and placeholders (`<your-token>`, `YOUR_API_KEY`, `changeme`) are not reported.',
    category: 'secrets',
    severity: 'critical',
    confidence: 'high',
    owasp: [OWASP.MCP01],
    cwe: [798],
    remediation:
      'Revoke the secret now: it is in the file\'s history. Then write a reference instead of the value: `${GITHUB_TOKEN}` (Claude Code, Cursor `${env:GITHUB_TOKEN}`), an `${input:...}` with `"password": true` (VS Code), `env_vars`/`bearer_token_env_var` (Codex), or the client\'s secret store, and set the variable outside the repository.',
  },
  config(view, ctx) {
    const e = view.entry
    const where = `server "${e.name}"`
    for (const [k, v] of Object.entries(e.env)) {
      const found = inspectValue(v, k).map((s) => ({...s, name: k, at: s.index}))
      report(ctx, view, found, envPointer(e, k), `env "${k}" of ${where}`, `${k}=${maskSpans(v, found)}`)
    }
    for (const [k, v] of Object.entries(e.headers)) {
      const found = inspectValue(v, k).map((s) => ({...s, name: k, at: s.index}))
      report(ctx, view, found, headerPointer(e, k), `header "${k}" of ${where}`, `${k}: ${maskSpans(v, found)}`)
    }
    if (e.url !== undefined) {
      const found = urlSecrets(e.url)
      report(ctx, view, found, e.pointers.url ?? e.pointer, `the url of ${where}`, maskSpans(e.url, found))
    }
    // Arguments split out of a one-string command all sit on the command's line.
    const split = e.command !== undefined && !e.pointers.args && e.args.length > 0
    const words = split ? [e.command!, ...e.args] : e.args
    for (let i = split ? 1 : 0; i < words.length; i++) {
      const found = argSecrets(words, i)
      const flag = found.some((f) => f.name && f.at === 0 && f.name === words[i - 1]) ? `${words[i - 1]} ` : ''
      const pointer = split ? (e.pointers.command ?? e.pointer) : argPointer(e, i)
      report(ctx, view, found, pointer, split ? `the command of ${where}` : `argument ${i + 1} of ${where}`, flag + maskSpans(words[i], found), split ? `arg${i}` : undefined)
    }
    if (e.command !== undefined) {
      const found = inspectValue(e.command).map((s) => ({...s, at: s.index}))
      report(ctx, view, found, e.pointers.command ?? e.pointer, `the command of ${where}`, maskSpans(e.command, found), 'command')
    }
    walkRaw(view, ctx, e.raw, view.pointer, where)
  },
})

/** `text` with every found secret replaced by its mask. */
function maskSpans(text: string, found: FoundSecret[]): string {
  let out = text
  for (const s of [...found].sort((a, b) => b.at - a.at)) {
    if (text.slice(s.at, s.at + s.value.length) !== s.value) return found.length > 0 ? found[0].masked : text
    out = out.slice(0, s.at) + s.masked + out.slice(s.at + s.value.length)
  }
  return out
}

function report(ctx: RuleContext, view: ConfigView, found: FoundSecret[], pointer: string, where: string, evidence: string, key?: string): void {
  for (const [n, s] of found.entries()) {
    const named = s.name && !where.includes(`"${s.name}"`) ? ` (${s.name})` : ''
    ctx.report({
      at: view,
      pointer,
      message: `${where}${named} holds ${describe(s)} written inline`,
      severity: s.severity,
      confidence: s.confidence,
      evidence,
      key: `${key ?? ''}#${n}:${s.kind}`,
    })
  }
}

/** Strings in fields the normalized entry does not cover, judged by the key they sit under. */
function walkRaw(view: ConfigView, ctx: RuleContext, raw: Record<string, unknown>, base: string, where: string): void {
  let budget = MAX_WALK
  const visit = (v: unknown, pointer: string, name: string | undefined, depth: number) => {
    if (--budget < 0 || depth > 6) return
    if (typeof v === 'string') {
      const found = /^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v) ? urlSecrets(v) : inspectValue(v, name).map((s) => ({...s, at: s.index}))
      report(ctx, view, found, pointer, `field "${name ?? pointer}" of ${where}`, `${name ? `${name}: ` : ''}${maskSpans(v, found)}`, pointer)
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, join(pointer, i), name, depth + 1))
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, join(pointer, k), k, depth + 1)
  }
  for (const [k, v] of Object.entries(raw)) {
    if (NORMALIZED.has(k) || NAMES_ONLY.has(k)) continue
    if (k === 'requestOptions' && v && typeof v === 'object' && !Array.isArray(v)) {
      // Continue: headers are read through the entry; the rest (proxy, client certificate) here.
      for (const [rk, rv] of Object.entries(v)) if (rk !== 'headers') visit(rv, join(base, k, rk), rk, 1)
      continue
    }
    visit(v, join(base, k), k, 0)
  }
}
