// Credential patterns: known token formats with fixed prefixes (low false positives), plus private
// key blocks and credentials inside URLs. Shared by the config rules, the runtime secret scanner and
// the masking of every evidence we print, so a secret found anywhere is masked everywhere.

import {LiteralIndex, matchBounds, requiredLiteralSets} from '../text/literals.js'
import {patternMatches, WINDOWS_FROM} from '../text/windows.js'

export interface SecretPattern {
  id: string
  label: string
  /**
   * Global regex; group `secret` (when present) is the part to mask, otherwise the whole match. A
   * pattern with a `secret` group also has the `d` flag, for the group's exact offset.
   */
  re: RegExp
  /**
   * True for shapes that say "a credential goes here" (bearer header, URL password, JWT) rather than a
   * vendor's token format with a fixed prefix: they are as likely to be a sample or a short-lived
   * token, so rules rate them one step lower than a known live-token format.
   */
  generic?: boolean
}

// Each regex is linear-time: fixed prefixes, bounded character classes, no nested quantifiers, and
// a look-behind instead of `\b` where a token may repeat its own prefix (`eyJ...`), so each run of
// token characters is scanned from one start only
// (test/secrets/patterns.test.ts checks every one with recheck). Only formats with a distinctive
// prefix belong here: the same list scans runtime messages, where a loose pattern would flood.
export const SECRET_PATTERNS: SecretPattern[] = [
  {id: 'aws-access-key', label: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g},
  {id: 'github-token', label: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g},
  {id: 'github-pat', label: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g},
  {id: 'gitlab-token', label: 'GitLab token', re: /\bgl(?:pat|ptt|dt|rt|cbt|oas|soat|ft|imt)-[A-Za-z0-9_-]{20,64}\b/g},
  {id: 'slack-token', label: 'Slack token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,250}\b/g},
  {id: 'slack-app-token', label: 'Slack app token', re: /\bxapp-\d-[A-Za-z0-9-]{10,250}\b/g},
  {id: 'slack-webhook', label: 'Slack webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,40}/g},
  {id: 'anthropic-key', label: 'Anthropic API key', re: /\bsk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{80,120}\b/g},
  {id: 'openai-key', label: 'OpenAI API key', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/g},
  {id: 'openrouter-key', label: 'OpenRouter API key', re: /\bsk-or-v1-[a-f0-9]{64}\b/g},
  {id: 'stripe-key', label: 'Stripe key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,99}\b/g},
  {id: 'stripe-webhook-secret', label: 'Stripe webhook secret', re: /\bwhsec_[A-Za-z0-9+/]{32,100}/g},
  {id: 'google-api-key', label: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g},
  {id: 'google-oauth-secret', label: 'Google OAuth client secret', re: /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g},
  {id: 'google-oauth-token', label: 'Google OAuth access token', re: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_-]{20,2000}/g},
  {id: 'npm-token', label: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g},
  {id: 'pypi-token', label: 'PyPI token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}\b/g},
  {id: 'huggingface-token', label: 'Hugging Face token', re: /\bhf_[A-Za-z]{34}\b/g},
  {id: 'sendgrid-key', label: 'SendGrid key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g},
  {id: 'twilio-key', label: 'Twilio key', re: /\bSK[0-9a-f]{32}\b/g},
  {id: 'notion-token', label: 'Notion token', re: /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,60})\b/g},
  {id: 'linear-key', label: 'Linear API key', re: /\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/g},
  {id: 'sentry-token', label: 'Sentry auth token', re: /\bsntry[us]_[A-Za-z0-9_+/=-]{40,400}/g},
  {id: 'atlassian-token', label: 'Atlassian API token', re: /\bATATT3[A-Za-z0-9_=-]{50,300}/g},
  {id: 'figma-token', label: 'Figma token', re: /\bfigd_[A-Za-z0-9_-]{40,80}/g},
  {id: 'supabase-token', label: 'Supabase key', re: /\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,80})\b/g},
  {id: 'digitalocean-token', label: 'DigitalOcean token', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g},
  {id: 'shopify-token', label: 'Shopify token', re: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g},
  {id: 'groq-key', label: 'Groq API key', re: /\bgsk_[A-Za-z0-9]{48,56}\b/g},
  {id: 'xai-key', label: 'xAI API key', re: /\bxai-[A-Za-z0-9]{70,90}\b/g},
  {id: 'perplexity-key', label: 'Perplexity API key', re: /\bpplx-[A-Za-z0-9]{40,56}\b/g},
  {id: 'replicate-token', label: 'Replicate token', re: /\br8_[A-Za-z0-9]{37}\b/g},
  {id: 'tavily-key', label: 'Tavily API key', re: /\btvly-(?:dev-|prod-)?[A-Za-z0-9]{20,64}\b/g},
  {id: 'firecrawl-key', label: 'Firecrawl API key', re: /\bfc-[a-f0-9]{32}\b/g},
  {id: 'airtable-token', label: 'Airtable token', re: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/g},
  {id: 'postman-key', label: 'Postman API key', re: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g},
  {id: 'databricks-token', label: 'Databricks token', re: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g},
  {id: 'hubspot-token', label: 'HubSpot private app token', re: /\bpat-(?:na|eu)1-[a-f0-9-]{36}\b/g},
  {id: 'vault-token', label: 'HashiCorp Vault token', re: /\bhv[sb]\.[A-Za-z0-9_-]{24,250}\b/g},
  {id: 'terraform-token', label: 'Terraform Cloud token', re: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/g},
  {id: 'grafana-token', label: 'Grafana token', re: /\b(?:glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})/g},
  {id: 'doppler-token', label: 'Doppler token', re: /\bdp\.(?:st|sa|ct|pt|scim|audit)\.[A-Za-z0-9_.-]{40,200}/g},
  {id: 'onepassword-token', label: '1Password service account token', re: /\bops_eyJ[A-Za-z0-9_=-]{50,2000}/g},
  {id: 'pulumi-token', label: 'Pulumi token', re: /\bpul-[a-f0-9]{40}\b/g},
  {id: 'langsmith-key', label: 'LangSmith API key', re: /\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b/g},
  {id: 'newrelic-key', label: 'New Relic API key', re: /\bNRAK-[A-Z0-9]{27}\b/g},
  {id: 'mapbox-secret-token', label: 'Mapbox secret token', re: /\bsk\.eyJ[A-Za-z0-9_-]{50,500}\.[A-Za-z0-9_-]{20,100}/g},
  {id: 'telegram-bot-token', label: 'Telegram bot token', re: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g},
  {id: 'age-secret-key', label: 'age secret key', re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g},
  // An AWS secret access key has no prefix of its own (40 characters of base64): only the name it is
  // written under says what it is, so the pattern needs that name (as in env files, INI/TOML
  // credentials, JSON from the AWS SDKs) and reports just the value.
  {id: 'aws-secret-key', label: 'AWS secret access key', re: /(?:secret_access_key|SECRET_ACCESS_KEY|secret-access-key|SecretAccessKey|secretAccessKey)["']?\s{0,5}[:=]{1,2}\s{0,5}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg},
  {id: 'azure-storage-key', label: 'Azure storage account key', re: /\bAccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/dg},
  {id: 'jwt', label: 'JSON Web Token', re: /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{8,2000}/g, generic: true},
  {
    id: 'private-key',
    label: 'private key',
    // The body stops at the next `-----`, so a text full of BEGIN lines is still read once; the END
    // line is optional, so a key cut short still has its body masked.
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s:,.\\]|-(?!----)){0,8000}(?:-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)?/g,
  },
  // The password of `scheme://user:password@host`; `${VAR}` and `$VAR` there are references, not secrets.
  {id: 'url-credentials', label: 'credentials in a URL', re: /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,100}:(?<secret>(?!\$\{|\$[A-Za-z_])[^\s@/]{3,200})@/dg, generic: true},
  {id: 'bearer-token', label: 'bearer token', re: /\bBearer\s{1,10}(?<secret>[A-Za-z0-9._~+/-]{20,500}={0,2})/dg, generic: true},
]

export interface SecretMatch {
  pattern: SecretPattern
  index: number
  /** The secret itself (never print it: use `mask`). */
  value: string
  /** Where the whole match starts and ends: wider than the secret for patterns that need its name (`AccountKey=`, `Bearer `). */
  start: number
  end: number
}

// Every pattern has a fixed prefix or keyword: one pass over the text finds which can match at all,
// and in a long text where (see text/windows.ts).
// A pattern may need several literals at once (a URL's "://" and the "@" after its password).
const LISTS: Array<string[] | undefined> = []
const GROUPS = SECRET_PATTERNS.map((p) => (requiredLiteralSets(p.re) ?? [undefined]).map((set) => LISTS.push(set) - 1))
const LITERALS = new LiteralIndex(LISTS)
const BOUNDS = SECRET_PATTERNS.map((p) => matchBounds(p.re))

export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = []
  const {present, hits} = text.length >= WINDOWS_FROM ? LITERALS.locate(text, text.length >> 8) : {present: LITERALS.scan(text), hits: undefined}
  for (let i = 0; i < SECRET_PATTERNS.length; i++) {
    if (!GROUPS[i].every((g) => present[g] === 1)) continue
    const pattern = SECRET_PATTERNS[i]
    for (const m of patternMatches(pattern.re, text, GROUPS[i], hits, BOUNDS[i])) {
      const group = m.indices?.groups?.secret
      const start = m.index ?? 0
      const end = start + m[0].length
      if (group && m.groups?.secret !== undefined) out.push({pattern, index: group[0], value: m.groups.secret, start, end})
      else out.push({pattern, index: start, value: m[0], start, end})
    }
  }
  return out.sort((a, b) => a.index - b.index || b.value.length - a.value.length)
}

/** Keep a short recognizable prefix, hide the rest: `ghp_****` (never more than 4 characters shown). */
export function mask(secret: string): string {
  const keep = secret.length >= 16 ? 4 : 0
  return secret.slice(0, keep) + '****'
}

/** Replace every secret found in `text` by its mask; overlapping matches are masked as one span. */
export function maskSecrets(text: string): string {
  const found = findSecrets(text)
  if (found.length === 0) return text
  let out = ''
  let last = 0
  let start = -1
  let end = -1
  const flush = () => {
    if (start < 0) return
    out += text.slice(last, start) + mask(text.slice(start, end))
    last = end
  }
  for (const s of found) {
    const sEnd = s.index + s.value.length
    if (start >= 0 && s.index < end) {
      end = Math.max(end, sEnd)
      continue
    }
    flush()
    start = s.index
    end = sEnd
  }
  flush()
  return out + text.slice(last)
}
