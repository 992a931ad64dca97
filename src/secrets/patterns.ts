// Credential patterns: known token formats with fixed prefixes (low false positives), plus private
// key blocks and credentials inside URLs. Shared by the config rules, the runtime secret scanner and
// the masking of every evidence we print, so a secret found anywhere is masked everywhere.

export interface SecretPattern {
  id: string
  label: string
  /** Global regex; group `secret` (when present) is the part to mask, otherwise the whole match. */
  re: RegExp
}

// Each regex is linear-time: fixed prefixes, bounded character classes, no nested quantifiers.
export const SECRET_PATTERNS: SecretPattern[] = [
  {id: 'aws-access-key', label: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g},
  {id: 'github-token', label: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g},
  {id: 'github-pat', label: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g},
  {id: 'gitlab-token', label: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,64}\b/g},
  {id: 'slack-token', label: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,250}\b/g},
  {id: 'slack-webhook', label: 'Slack webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,40}/g},
  {id: 'anthropic-key', label: 'Anthropic API key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}\b/g},
  {id: 'openai-key', label: 'OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}\b|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}\b/g},
  {id: 'stripe-key', label: 'Stripe key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,99}\b/g},
  {id: 'google-api-key', label: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g},
  {id: 'npm-token', label: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g},
  {id: 'pypi-token', label: 'PyPI token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}\b/g},
  {id: 'huggingface-token', label: 'Hugging Face token', re: /\bhf_[A-Za-z]{34}\b/g},
  {id: 'sendgrid-key', label: 'SendGrid key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g},
  {id: 'twilio-key', label: 'Twilio key', re: /\bSK[0-9a-f]{32}\b/g},
  {id: 'jwt', label: 'JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g},
  {id: 'private-key', label: 'private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,8000}?-----END (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----/g},
  {id: 'url-credentials', label: 'credentials in a URL', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,100}:(?<secret>[^\s@/]{3,200})@/g},
  {id: 'bearer-token', label: 'bearer token', re: /\bBearer\s+(?<secret>[A-Za-z0-9._~+/-]{20,500}=*)/g},
]

export interface SecretMatch {
  pattern: SecretPattern
  index: number
  /** The secret itself (never print it: use `mask`). */
  value: string
}

export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = []
  for (const pattern of SECRET_PATTERNS) {
    pattern.re.lastIndex = 0
    for (const m of text.matchAll(pattern.re)) {
      const secret = m.groups?.secret ?? m[0]
      const offset = m.groups?.secret ? m[0].indexOf(secret) : 0
      out.push({pattern, index: (m.index ?? 0) + offset, value: secret})
    }
  }
  return out.sort((a, b) => a.index - b.index)
}

/** Keep a short recognizable prefix, hide the rest: `ghp_****` (never more than 4 characters shown). */
export function mask(secret: string): string {
  const keep = secret.length >= 16 ? 4 : 0
  return secret.slice(0, keep) + '****'
}

/** Replace every secret found in `text` by its mask. */
export function maskSecrets(text: string): string {
  const found = findSecrets(text)
  if (found.length === 0) return text
  let out = ''
  let last = 0
  for (const s of found) {
    if (s.index < last) continue
    out += text.slice(last, s.index) + mask(s.value)
    last = s.index + s.value.length
  }
  return out + text.slice(last)
}
