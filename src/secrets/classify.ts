// Decides whether one configured value (an env value, an argument, a header, a URL) is a secret
// written inline, using the name it is assigned to when there is one: known token formats anywhere,
// and generic high-entropy values under names like *_TOKEN or --api-key. References (`${VAR}`) and
// placeholders (`<your-token>`, `YOUR_API_KEY`, `changeme`) are not secrets.

import type {Confidence, Severity} from '../core/severity.js'
import {blankReferences} from '../config/refs.js'
import {findSecrets, mask} from './patterns.js'

export interface InlineSecret {
  /** Pattern id (`github-token`...), or `generic`, `password`, `basic-auth`. */
  kind: string
  label: string
  severity: Severity
  confidence: Confidence
  /** Offset of the secret in the value; `value` itself must never be printed (use `masked`). */
  index: number
  value: string
  masked: string
  /** Looks like a sample or a placeholder in a real format (`ghp_xxxx...`, `...EXAMPLE`). */
  placeholder?: boolean
}

const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'apikey', 'credential', 'credentials', 'cookie', 'authorization', 'bearer', 'pat', 'dsn', 'privatekey', 'secretkey', 'accesskey'])
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key', 'secret key', 'client secret', 'auth key', 'auth token', 'session key', 'signing key', 'encryption key', 'master key', 'license key', 'account key', 'app key', 'service key', 'connection string', 'conn string', 'x api'])
// Last words that make a secret-sounding name describe something else: TOKEN_URL, SECRET_NAME, PASSWORD_FILE.
const NOT_SECRET_LAST = new Set(['url', 'uri', 'endpoint', 'host', 'hostname', 'port', 'path', 'file', 'dir', 'directory', 'name', 'id', 'type', 'header', 'env', 'var', 'variable', 'count', 'limit', 'max', 'min', 'ttl', 'expiry', 'expires', 'expiration', 'length', 'size', 'mode', 'enabled', 'disabled', 'prefix', 'format', 'version', 'location', 'region', 'timeout', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'field', 'param', 'kind', 'source', 'provider', 'method', 'stdin', 'command', 'cmd', 'helper', 'store', 'manager', 'policy', 'rotation', 'label', 'hint', 'placeholder'])
const PUBLIC_WORDS = new Set(['public', 'publishable', 'pub', 'anon'])
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase'])

/** `githubPersonalAccessToken`, `--api-key`, `X-API-Key` → lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/^-{1,2}/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

export type NameClass = 'secret' | 'password' | 'public' | 'none'

/** What a name says about the value assigned to it. */
export function classifyName(name: string | undefined): NameClass {
  if (!name) return 'none'
  const words = nameWords(name)
  if (words.length === 0) return 'none'
  if (NOT_SECRET_LAST.has(words.at(-1)!)) return 'none'
  let secret = words.some((w) => SECRET_WORDS.has(w))
  for (let i = 0; i + 1 < words.length && !secret; i++) secret = SECRET_PAIRS.has(`${words[i]} ${words[i + 1]}`)
  // OPENAI_KEY, STRIPE_KEY: `key` last, after a word that does not make it a lookup key.
  if (!secret && words.length > 1 && words.at(-1) === 'key' && !['primary', 'sort', 'partition', 'foreign', 'cache', 'idempotency', 'public', 'pub', 'row', 'hash', 'map', 'lookup', 'shortcut', 'hot', 'group', 'object'].includes(words.at(-2)!)) secret = true
  if (!secret) return 'none'
  if (words.some((w) => PUBLIC_WORDS.has(w))) return 'public'
  if (words.some((w) => PASSWORD_WORDS.has(w))) return 'password'
  return 'secret'
}

const PLACEHOLDER_WORDS =
  /your|changeme|change[_-]me|replace[_-]?me|replace[_-]?with|placeholder|example|dummy|sample|fake|redacted|insert[_-]|todo|fixme|\.\.\.|…|\*\*\*/i
const PLACEHOLDER_VALUES = new Set(['secret', 'password', 'passwd', 'token', 'key', 'apikey', 'api_key', 'api-key', 'none', 'null', 'nil', 'undefined', 'empty', 'test', 'testing', 'tbd', 'na', 'n/a', 'value', 'string', 'xxx', 'changeit', 'default', 'admin', 'root', 'pass'])

/** A value that stands in for a secret rather than being one: `<your-token>`, `YOUR_API_KEY`, `xxx`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim()
  if (v === '') return true
  if (PLACEHOLDER_VALUES.has(v.toLowerCase())) return true
  if (PLACEHOLDER_WORDS.test(v) || /<[^<>]{0,80}>/.test(v)) return true
  if (/^[[{(<].{0,100}[\]})>]$/s.test(v)) return true
  if (/(?:^|[^a-z0-9])x{3,}(?:$|[^a-z0-9])/i.test(v)) return true
  // ghp_xxxxxxxx, sk-000000: the part after a known prefix repeats a handful of characters.
  const body = v.replace(/^[A-Za-z]{1,12}[-_]/, '')
  return body.length >= 4 && new Set(body.toLowerCase()).size <= 3
}

/** Shannon entropy, bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  return h
}

function charClasses(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(s)).length
}

/** Values that are plainly something else: paths, URLs, numbers, booleans, host names, emails, words. */
function obviouslyNotSecret(v: string): boolean {
  if (/\s/.test(v)) return true
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return true
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v)) return true
  if (/^[-+]?\d{1,30}(?:\.\d{1,30})?$/.test(v)) return true
  if (/^(?:true|false|yes|no|on|off)$/i.test(v)) return true
  if (/^[^@\s]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,24}$/i.test(v)) return true
  if (/^(?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24}$/i.test(v)) return true
  // GITHUB_TOKEN as a value names a variable (Codex env_http_headers, goose env_keys), it is not one.
  if (/^[A-Z][A-Z0-9_]{1,127}$/.test(v) && v.includes('_')) return true
  return false
}

/** Long, varied and token-shaped: what a generated API key or password looks like. */
export function isHighEntropy(v: string): boolean {
  return v.length >= 16 && v.length <= 4096 && !/\s/.test(v) && charClasses(v) >= 2 && entropy(v) >= 3.0
}

function verdict(kind: string, label: string, severity: Severity, confidence: Confidence, index: number, value: string, placeholder = false): InlineSecret {
  return {kind, label, severity, confidence, index, value, masked: mask(value), ...(placeholder ? {placeholder} : {})}
}

// The host right after a URL's `user:password@`: loopback or a container's view of its host.
const LOCAL_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|host\.docker\.internal|host\.containers\.internal)(?:[:/?#]|$)/i

// `Authorization: Bearer x`, `token x`, `Basic x`: the credential is the part after the scheme.
const AUTH_SCHEME = /^(bearer|token|basic|bot|apikey|api-key|key)\s{1,10}/i

/**
 * Inline secrets in one value. `name` is what the value is assigned to (env variable, header, flag,
 * query parameter), when known: it enables the generic checks. Known formats are found anywhere.
 */
export function inspectValue(value: string, name?: string): InlineSecret[] {
  const literal = blankReferences(value)
  if (literal.trim() === '') return []
  const out: InlineSecret[] = []
  const nameClass = classifyName(name)
  const covered: Array<[number, number]> = []
  for (const m of findSecrets(literal)) {
    if (covered.some(([s, e]) => m.index < e && m.index + m.value.length > s)) continue
    covered.push([m.index, m.index + m.value.length])
    const placeholder = isPlaceholder(m.value)
    const test = /^(?:sk|rk)_test_/.test(m.value)
    let severity: Severity = m.pattern.generic || test ? 'high' : 'critical'
    let confidence: Confidence = m.pattern.generic ? 'medium' : 'high'
    if (placeholder || nameClass === 'public') {
      severity = 'low'
      confidence = 'low'
    } else if (m.pattern.id === 'url-credentials' && (!isHighEntropy(m.value) || LOCAL_HOST.test(literal.slice(m.index + m.value.length + 1)))) {
      // `postgres:postgres@localhost`: a development database's password, not a leaked credential.
      severity = 'medium'
      confidence = 'low'
    }
    out.push(verdict(m.pattern.id, m.pattern.label + (test ? ' (test mode)' : ''), severity, confidence, m.index, m.value, placeholder))
  }
  if (out.length > 0 || (nameClass !== 'secret' && nameClass !== 'password')) return out
  // Generic: a secret-sounding name with a value that is not a reference, a placeholder or a path.
  const trimmed = literal.trim()
  const lead = literal.indexOf(trimmed)
  const scheme = AUTH_SCHEME.exec(trimmed)
  const candidate = scheme ? trimmed.slice(scheme[0].length).trim() : trimmed
  const index = lead + (scheme ? trimmed.indexOf(candidate, scheme[0].length) : 0)
  if (candidate === '') return out
  if (isPlaceholder(candidate) || obviouslyNotSecret(candidate)) return out
  if (scheme && scheme[1].toLowerCase() === 'basic') {
    const decoded = decodeBasic(candidate)
    if (decoded) return [verdict('basic-auth', 'basic-auth credentials', 'high', 'high', index, candidate)]
  }
  if (isHighEntropy(candidate)) return [verdict('generic', 'high-entropy value', 'high', 'medium', index, candidate)]
  if (candidate.length >= 4 && nameClass === 'password') return [verdict('password', 'password', 'medium', 'low', index, candidate)]
  if (candidate.length >= 8 && charClasses(candidate) >= 2 && entropy(candidate) >= 2.5) return [verdict('generic', 'secret-like value', 'medium', 'low', index, candidate)]
  return out
}

function decodeBasic(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{4,2000}={0,2}$/.test(b64)) return undefined
  const text = Buffer.from(b64, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  return colon > 0 && colon < text.length - 1 && /^[\x20-\x7e]{3,700}$/.test(text) ? text : undefined
}

/** Replace every inline secret of `value` by its mask (generic ones too, which maskSecrets cannot see). */
export function maskValue(value: string, name?: string): string {
  const found = inspectValue(value, name).sort((a, b) => b.index - a.index)
  let out = value
  for (const s of found) out = out.slice(0, s.index) + s.masked + out.slice(s.index + s.value.length)
  return out
}
