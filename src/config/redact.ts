// Where a launch line holds values, and under which name: `--api-key=V`, `--token V`, `-e NAME=V`,
// `NAME=V`, `--header "Authorization: Bearer V"`, URL query parameters. The inline-secret rule reads
// secrets out of them; every other rule masks them before quoting a launch line as evidence, because
// the engine's masking only knows token formats, not a generic password after `--password`.

import {inspectValue, type InlineSecret} from '../secrets/classify.js'
import {maskSecrets} from '../secrets/patterns.js'
import {commandLine, splitScript} from './command.js'

export interface NamedValue {
  /** What the value is assigned to: a flag, a variable, a header or a query parameter name. */
  name?: string
  /** Offset of the value inside the word. */
  offset: number
  value: string
}

const VAR_ASSIGN = /^([A-Za-z_][A-Za-z0-9_]{0,127})=/
const HEADER = /^([A-Za-z][A-Za-z0-9-]{0,63}):\s{0,10}/

/** The value part of argument `i` and the name it is given, from the argument itself or the flag before it. */
export function argValue(args: readonly string[], i: number): NamedValue {
  const a = args[i]
  const long = /^(--?[A-Za-z][A-Za-z0-9_-]{0,63})=/.exec(a)
  if (long) return {name: long[1], offset: long[0].length, value: a.slice(long[0].length)}
  const assign = VAR_ASSIGN.exec(a)
  if (assign) return {name: assign[1], offset: assign[0].length, value: a.slice(assign[0].length)}
  const header = HEADER.exec(a)
  if (header && !/^[a-z][a-z0-9+.-]*:\/\//i.test(a)) return {name: header[1], offset: header[0].length, value: a.slice(header[0].length)}
  const prev = i > 0 ? args[i - 1] : undefined
  if (prev && /^--?[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(prev) && !a.startsWith('-')) return {name: prev, offset: 0, value: a}
  return {offset: 0, value: a}
}

export interface FoundSecret extends InlineSecret {
  /** Name the value was assigned to, if any. */
  name?: string
  /** Offset of the secret inside the word it was found in. */
  at: number
}

const QUERY_SECRET_NAMES = new Set(['key', 'apikey', 'api_key', 'sig', 'signature', 'auth', 'pass', 'pw', 'access_token', 'token', 'secret', 'password', 'client_secret'])

/** Secrets in a URL: known formats anywhere, userinfo passwords, and secret-named query parameters. */
export function urlSecrets(url: string): FoundSecret[] {
  const out: FoundSecret[] = inspectValue(url).map((s) => ({...s, at: s.index}))
  const q = url.indexOf('?')
  if (q < 0) return out
  let pos = q + 1
  const end = url.indexOf('#', q) < 0 ? url.length : url.indexOf('#', q)
  for (const part of url.slice(q + 1, end).split('&')) {
    const eq = part.indexOf('=')
    if (eq > 0) {
      const name = safeDecode(part.slice(0, eq))
      const raw = part.slice(eq + 1)
      const start = pos + eq + 1
      const covered = out.some((s) => s.at < start + raw.length && s.at + s.value.length > start)
      if (!covered) {
        const probeName = QUERY_SECRET_NAMES.has(name.toLowerCase()) ? 'api_key' : name
        for (const s of inspectValue(safeDecode(raw), probeName)) out.push({...s, name, at: start, value: raw, masked: s.masked})
      }
    }
    pos += part.length + 1
  }
  return out
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** Secrets in argument `i` (flag-aware); a shell script argument is read word by word. */
export function argSecrets(args: readonly string[], i: number): FoundSecret[] {
  const a = args[i]
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(a)) return urlSecrets(a)
  if (/\s/.test(a) && !HEADER.test(a)) {
    // A script (`sh -c "TOKEN=... npx ..."`): its words, in their own context. Offsets are lost, so
    // the whole argument is masked when something is found.
    const out: FoundSecret[] = []
    for (const words of splitScript(a)) {
      for (let k = 0; k < words.length; k++) {
        for (const s of argSecrets(words, k)) out.push({...s, at: 0, value: a})
      }
    }
    if (out.length > 0) return out
  }
  const nv = argValue(args, i)
  if (nv.name && /^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(nv.value)) return urlSecrets(nv.value).map((s) => ({...s, at: s.at + nv.offset}))
  return inspectValue(nv.value, nv.name).map((s) => ({...s, ...(nv.name ? {name: nv.name} : {}), at: nv.offset + s.index}))
}

/** A word with every secret found in it masked. */
function maskWord(word: string, found: FoundSecret[]): string {
  let out = word
  for (const s of [...found].sort((a, b) => b.at - a.at)) {
    if (s.at === 0 && s.value === word) return s.masked
    out = out.slice(0, s.at) + s.masked + out.slice(s.at + s.value.length)
  }
  return out
}

/** Arguments with their inline secrets masked, generic ones included. */
export function maskArgs(args: readonly string[]): string[] {
  return args.map((a, i) => maskSecrets(maskWord(a, argSecrets(args, i))))
}

/** A launch line (`command args...`) safe to print. */
export function maskedCommandLine(command: string | undefined, args: readonly string[]): string {
  const words = command === undefined ? [...args] : [command, ...args]
  return commandLine(maskArgs(words).map((text) => ({text})))
}

/** A URL safe to print. */
export function maskUrl(url: string): string {
  return maskSecrets(maskWord(url, urlSecrets(url)))
}
