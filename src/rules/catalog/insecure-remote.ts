// Remote servers reached over plain HTTP: the token, the tool calls and their results cross the
// network readable and changeable by anyone on the path.
import {OWASP} from '../../core/finding.js'
import {argPointer} from '../../config/parse.js'
import {argValue, maskUrl} from '../../config/redact.js'
import {classifyName} from '../../secrets/classify.js'
import {findSecrets} from '../../secrets/patterns.js'
import type {ServerConfig} from '../../model/config.js'
import {defineRule} from '../types.js'

/**
 * Loopback never leaves the machine: 127.0.0.0/8, ::1, localhost and *.localhost, 0.0.0.0, and the
 * names Docker and Podman give a container for its own host.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost') || h === 'host.docker.internal' || h === 'host.containers.internal') return true
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0' || h === '::') return true
  if (/^::ffff:127\./.test(h)) return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

// Headers that carry credentials by name.
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|private-token|x-goog-api-key)$/i

/** Why requests to this entry carry credentials, or undefined. References count: the value still crosses the wire. */
function credentialsOf(e: ServerConfig, url: URL, extraArgs: string[] = []): string | undefined {
  if (url.username || url.password) return 'credentials in the url'
  for (const [k] of url.searchParams) if (/^(?:key|sig|signature|auth)$/i.test(k) || classifyName(k) !== 'none') return `the query parameter "${k}"`
  if (findSecrets(url.href).length > 0) return 'a token in the url'
  for (const k of Object.keys(e.headers)) if (CREDENTIAL_HEADER.test(k) || classifyName(k) === 'secret' || classifyName(k) === 'password') return `the "${k}" header`
  const raw = e.raw
  if (typeof raw.bearer_token_env_var === 'string' || typeof raw.bearer_token === 'string') return 'a bearer token'
  if (raw.env_http_headers && typeof raw.env_http_headers === 'object') return 'headers filled from the environment'
  if (raw.oauth || raw.auth) return 'OAuth credentials'
  for (let i = 0; i < extraArgs.length; i++) {
    const nv = argValue(extraArgs, i)
    if (nv.name && (CREDENTIAL_HEADER.test(nv.name) || classifyName(nv.name) !== 'none')) return `the "${nv.name}" header`
  }
  return undefined
}

function plainHttp(text: string): URL | undefined {
  if (!/^(?:http|ws):\/\//i.test(text)) return undefined
  try {
    const u = new URL(text)
    return isLoopback(u.hostname) ? undefined : u
  } catch {
    return undefined
  }
}

// Local stdio bridges that connect to a remote server named in their arguments.
const BRIDGES = /(?:^|\/)(?:mcp-remote|supergateway|mcp-proxy|mcp-remote-client)(?:@|$)/

export default defineRule({
  meta: {
    id: 'insecure-remote',
    summary: 'a remote server is reached over plain http',
    description:
      'An `http` or `sse` server (or a local bridge such as `mcp-remote` or `supergateway`) connects to a non-loopback host over plain `http://`. Everything the agent and the server exchange (tool calls with their arguments, results, and any token) travels unencrypted and unauthenticated: anyone on the network path can read it, and can change tool descriptions and results on the way in, which is tool poisoning without touching the server. High when the entry sends credentials (an `Authorization` or API-key header, a token or key in the URL or its query, Codex `bearer_token_env_var`), medium otherwise. Loopback addresses (127.0.0.0/8, ::1, localhost) are not reported.',
    category: 'config',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP07],
    cwe: [319],
    remediation:
      'Use `https://` (the server must offer TLS). For a server on your own network, put it behind a TLS-terminating proxy, or reach it through an SSH tunnel on loopback (`http://127.0.0.1:PORT`). Rotate any token that was sent over plain http.',
  },
  config(view, ctx) {
    const e = view.entry
    const targets: Array<{url: URL; text: string; pointer: string; via?: string}> = []
    if (e.url !== undefined) {
      const u = plainHttp(e.url)
      if (u) targets.push({url: u, text: e.url, pointer: e.pointers.url ?? e.pointer})
    }
    const bridge = e.args.findIndex((a) => BRIDGES.test(a.replace(/@[^/@]*$/, '')) || BRIDGES.test(a))
    if (bridge >= 0) {
      for (let i = bridge + 1; i < e.args.length; i++) {
        const u = plainHttp(e.args[i])
        if (u) targets.push({url: u, text: e.args[i], pointer: argPointer(e, i), via: e.args[bridge]})
      }
    }
    for (const t of targets) {
      const creds = credentialsOf(e, t.url, t.via ? e.args : [])
      const through = t.via ? ` through ${t.via.replace(/@[^/@]*$/, '')}` : ''
      ctx.report({
        at: view,
        pointer: t.pointer,
        message: creds
          ? `server "${e.name}" sends ${creds} to ${t.url.host} over plain http${through}: anyone on the network can read and replay it`
          : `server "${e.name}" talks to ${t.url.host} over plain http${through}: traffic can be read and tool results changed in transit`,
        severity: creds ? 'high' : 'medium',
        evidence: maskUrl(t.text),
        key: t.pointer,
      })
    }
  },
})
