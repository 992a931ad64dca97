// Format-preserving stand-ins for secrets in recordings. `wrap --record` must never write a secret,
// yet a replay of the recording must reach the decisions `wrap` reached (DESIGN.md). So each secret is
// replaced by a stand-in of the same kind (same prefix, length and character classes), which the same
// pattern recognizes and the same rule redacts, but which reveals nothing: it comes from an HMAC under
// a key that lives only in this process. One secret gets one stand-in throughout a recording.

import {createHmac, randomBytes} from 'node:crypto'
import {findSecrets, mask} from './patterns.js'

const KEY = randomBytes(32)

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const DIGIT = '0123456789'

function standIn(secret: string, keep: number): string {
  // Enough HMAC output for any length: counter mode over the secret.
  const bytes: number[] = []
  for (let block = 0; bytes.length < secret.length; block++) bytes.push(...createHmac('sha256', KEY).update(`${block}\u0000${secret}`).digest())
  let out = secret.slice(0, keep)
  for (let i = keep; i < secret.length; i++) {
    const ch = secret[i]
    const b = bytes[i]
    if (ch >= 'A' && ch <= 'Z') out += UPPER[b % 26]
    else if (ch >= 'a' && ch <= 'z') out += LOWER[b % 26]
    else if (ch >= '0' && ch <= '9') out += DIGIT[b % 10]
    else out += ch
  }
  return out
}

/** The stand-in for one secret found by `patternId`, or its plain mask when no stand-in reads the same. */
export function surrogate(secret: string, patternId: string): string {
  // Keep the literal prefix that names the token's kind (`AKIA`, `ghp_`, `github_pat_`, `sk-ant-api03-`):
  // try the first four characters, then everything up to the last separator near the start.
  const sep = Math.max(secret.lastIndexOf('_', 16), secret.lastIndexOf('-', 16))
  for (const keep of [4, sep + 1]) {
    if (keep <= 0 || keep >= secret.length) continue
    const candidate = standIn(secret, keep)
    if (candidate !== secret && findSecrets(candidate).some((m) => m.pattern.id === patternId && m.value === candidate)) return candidate
  }
  return mask(secret)
}

/** Replace every secret in `text` by its stand-in. */
export function surrogateSecrets(text: string): string {
  return replaceFound(text, findSecrets(text))
}

/**
 * The same over the raw text of a JSON message. A secret right after an escape (`\n`, `\t`, `\"`)
 * sits next to a letter in the raw text, where the patterns' word boundary fails: the escapes are
 * blanked (same length, so offsets hold) to find the secrets, which are then replaced in the original.
 */
export function surrogateSecretsInJson(text: string): string {
  if (!text.includes('\\')) return surrogateSecrets(text)
  return replaceFound(text, findSecrets(text.replace(/\\[nrtbf"\\/]/g, '  ')))
}

/** `text` with each secret found (at offsets valid in `text`) replaced by its stand-in; overlaps once. */
function replaceFound(text: string, found: ReturnType<typeof findSecrets>): string {
  if (found.length === 0) return text
  let out = ''
  let last = 0
  for (const s of found) {
    if (s.index < last) continue
    out += text.slice(last, s.index) + surrogate(s.value, s.pattern.id)
    last = s.index + s.value.length
  }
  return out + text.slice(last)
}
