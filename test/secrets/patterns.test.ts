// The secret patterns: every format is recognized, masking never leaks more than four characters
// (also when matches overlap), and no pattern slows down on hostile input.
import {randomBytes} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {findSecrets, mask, maskSecrets, SECRET_PATTERNS} from '../../src/secrets/patterns.js'

/** Random characters from `alphabet`: canaries differ on every run, so nothing passes by luck. */
function rand(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(n)
  let out = ''
  for (let i = 0; i < n; i++) out += alphabet[bytes[i] % alphabet.length]
  return out
}
const HEX = '0123456789abcdef'
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** One canary per pattern id, in a realistic setting; `secret` is the part that must be masked. */
function canaries(): Record<string, {text: string; secret: string}> {
  const c = (secret: string, text = `value: ${secret} end`) => ({text, secret})
  const jwt = `eyJ${rand(20)}.eyJ${rand(40)}.${rand(43)}`
  const pw = rand(18)
  return {
    'aws-access-key': c(`AKIA${rand(16, UP)}`),
    'github-token': c(`ghp_${rand(36)}`),
    'github-pat': c(`github_pat_${rand(82)}`),
    'gitlab-token': c(`glpat-${rand(20)}`),
    'slack-token': c(`xoxb-${rand(12, HEX)}-${rand(24)}`),
    'slack-app-token': c(`xapp-1-${rand(11, UP)}-${rand(13, HEX)}`),
    'slack-webhook': c(`https://hooks.slack.com/services/T${rand(8, UP)}/B${rand(8, UP)}/${rand(24)}`),
    'anthropic-key': c(`sk-ant-api03-${rand(93)}`),
    'openai-key': c(`sk-proj-${rand(64)}`),
    'openrouter-key': c(`sk-or-v1-${rand(64, HEX)}`),
    'stripe-key': c(`sk_live_${rand(24)}`),
    'stripe-webhook-secret': c(`whsec_${rand(32)}`),
    'google-api-key': c(`AIza${rand(35)}`),
    'google-oauth-secret': c(`GOCSPX-${rand(28)}`),
    'google-oauth-token': c(`ya29.${rand(60)}`),
    'npm-token': c(`npm_${rand(36)}`),
    'pypi-token': c(`pypi-AgEIcHlwaS5vcmc${rand(70)}`),
    'huggingface-token': c(`hf_${rand(34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`),
    'sendgrid-key': c(`SG.${rand(22)}.${rand(43)}`),
    'twilio-key': c(`SK${rand(32, HEX)}`),
    'notion-token': c(`ntn_${rand(46)}`),
    'linear-key': c(`lin_api_${rand(40)}`),
    'sentry-token': c(`sntryu_${rand(64, HEX)}`),
    'atlassian-token': c(`ATATT3${rand(180)}`),
    'figma-token': c(`figd_${rand(40)}`),
    'supabase-token': c(`sbp_${rand(40, HEX)}`),
    'digitalocean-token': c(`dop_v1_${rand(64, HEX)}`),
    'shopify-token': c(`shpat_${rand(32, HEX)}`),
    'groq-key': c(`gsk_${rand(52)}`),
    'xai-key': c(`xai-${rand(80)}`),
    'perplexity-key': c(`pplx-${rand(48)}`),
    'replicate-token': c(`r8_${rand(37)}`),
    'tavily-key': c(`tvly-dev-${rand(32)}`),
    'firecrawl-key': c(`fc-${rand(32, HEX)}`),
    'airtable-token': c(`pat${rand(14)}.${rand(64, HEX)}`),
    'postman-key': c(`PMAK-${rand(24, HEX)}-${rand(34, HEX)}`),
    'databricks-token': c(`dapi${rand(32, HEX)}`),
    'hubspot-token': c(`pat-na1-${rand(8, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(12, HEX)}`),
    'vault-token': c(`hvs.${rand(90)}`),
    'terraform-token': c(`${rand(14)}.atlasv1.${rand(67)}`),
    'grafana-token': c(`glsa_${rand(32)}_${rand(8, HEX)}`),
    'doppler-token': c(`dp.st.${rand(43)}`),
    'onepassword-token': c(`ops_eyJ${rand(120)}`),
    'pulumi-token': c(`pul-${rand(40, HEX)}`),
    'langsmith-key': c(`lsv2_pt_${rand(32, HEX)}_${rand(10, HEX)}`),
    'newrelic-key': c(`NRAK-${rand(27, UP)}`),
    'mapbox-secret-token': c(`sk.eyJ${rand(60)}.${rand(22)}`),
    'telegram-bot-token': c(`123456789:AA${rand(33)}`),
    'age-secret-key': c(`AGE-SECRET-KEY-1${rand(58, UP)}`),
    'aws-secret-key': {text: '', secret: ''},
    'azure-storage-key': {text: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${rand(86)}==;EndpointSuffix=core.windows.net`, secret: ''},
    jwt: c(jwt),
    'private-key': c(`-----BEGIN OPENSSH PRIVATE KEY-----\n${rand(64)}\n${rand(64)}\n-----END OPENSSH PRIVATE KEY-----`),
    'url-credentials': {text: `postgres://admin:${pw}@db.example.com/app`, secret: pw},
    'bearer-token': c(rand(40), `Authorization: Bearer ${'x'}`),
  }
}

describe('SECRET_PATTERNS', () => {
  const all = canaries()
  // Fill in the two canaries whose secret is only known once the text is built.
  const az = /AccountKey=([^;]+)/.exec(all['azure-storage-key'].text)![1]
  all['azure-storage-key'].secret = az
  const awsSecret = rand(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')
  all['aws-secret-key'] = {text: `[default]\naws_access_key_id = AKIA${rand(16, UP)}\naws_secret_access_key = ${awsSecret}\n`, secret: awsSecret}
  const bearer = rand(40)
  all['bearer-token'] = {text: `Authorization: Bearer ${bearer}`, secret: bearer}

  it('has a canary for every pattern', () => {
    expect(Object.keys(all).sort()).toEqual(SECRET_PATTERNS.map((p) => p.id).sort())
  })

  it.each(SECRET_PATTERNS.map((p) => [p.id, p] as const))('%s: recognized, and masked to at most four characters', (id) => {
    const {text, secret} = all[id]
    const found = findSecrets(text)
    expect(found.map((f) => f.pattern.id)).toContain(id)
    const masked = maskSecrets(text)
    expect(masked).not.toContain(secret)
    expect(masked).toContain('****')
    // No run of more than four characters of the secret survives.
    for (let i = 0; i + 5 <= secret.length; i++) expect(masked.includes(secret.slice(i, i + 5)) && !text.replace(secret, '').includes(secret.slice(i, i + 5))).toBe(false)
  })

  it('does not fire on ordinary text', () => {
    for (const t of [
      'Bearer authentication is required for every request',
      'use scikit-learn (sk-learn) for this',
      'AKIA is the prefix of AWS key ids',
      'https://example.com/path?user=a',
      'postgres://localhost:5432/app',
      'postgres://user:${DB_PASSWORD}@db/app',
      'postgres://user:$DB_PASSWORD@db/app',
      'the header value is Bearer ${TOKEN}',
      'eyJhbGciOi is how a JWT header starts',
      'sk_live_ is the prefix of live Stripe keys',
      'set aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY} in the environment',
      '"SecretAccessKey": "<your secret access key>"',
    ]) {
      expect(findSecrets(t).map((f) => f.pattern.id), t).toEqual([])
    }
  })

  it('finds in a long text what it finds in each of its parts', () => {
    // Past 4 KB the patterns run on windows around their literals (text/windows.ts): every canary,
    // between paragraphs that mention the literals without being secrets, must be found the same.
    const filler = 'Plain prose about keys, tokens and AKIA prefixes; see https://example.com/docs or ghp_ and sk- for what they look like. '.repeat(8)
    const parts = Object.values(all).flatMap(({text}) => [text, filler])
    const shift = (list: ReturnType<typeof findSecrets>, by: number) => list.map((f) => ({id: f.pattern.id, index: f.index + by, value: f.value, start: f.start + by, end: f.end + by}))
    const expected: ReturnType<typeof shift> = []
    let offset = 0
    for (const part of parts) {
      expected.push(...shift(findSecrets(part), offset))
      offset += part.length + 1
    }
    const text = parts.join('\n')
    expect(text.length).toBeGreaterThan(8 * 4096)
    const byPlace = (a: {index: number; value: string}, b: {index: number; value: string}) => a.index - b.index || b.value.length - a.value.length
    expect(shift(findSecrets(text), 0).sort(byPlace)).toEqual(expected.sort(byPlace))
    expect(expected.length).toBeGreaterThanOrEqual(SECRET_PATTERNS.length)
  })
})

describe('masking', () => {
  it('keeps four characters of long secrets and none of short ones', () => {
    expect(mask('ghp_' + 'a'.repeat(36))).toBe('ghp_****')
    expect(mask('short-secret')).toBe('****')
  })

  it('masks overlapping matches as one span, whatever their order', () => {
    const gh = `ghp_${rand(36)}`
    for (const text of [`Authorization: Bearer ${gh}`, `Bearer ${gh}.${rand(30)}`]) {
      const out = maskSecrets(text)
      expect(out).not.toContain(gh.slice(4))
    }
  })

  it('masks the password, not the user name, when both are the same', () => {
    const pw = rand(20)
    const out = maskSecrets(`https://${pw}:${pw}@example.com/`)
    expect(out).toBe(`https://${pw}:${pw.slice(0, 4)}****@example.com/`)
  })

  it('masks the body of a private key cut short', () => {
    const body = rand(200)
    expect(maskSecrets(`-----BEGIN RSA PRIVATE KEY-----\n${body}`)).not.toContain(body.slice(10, 30))
  })
})

describe('linear time', () => {
  // Inputs built from each pattern's own prefix, repeated: the shape that makes a backtracking
  // pattern scan the same characters again from every start.
  const prefixes = ['ghp_', 'glpat-', 'eyJ', 'eyJa.', 'sk-', 'sk-proj-', 'Bearer ', 'a://', 'a:b', 'https://a:', '-----BEGIN PRIVATE KEY-----', 'AccountKey=', 'pat', 'dp.st.', 'xoxb-', 'sk.eyJ', '1234567890:AA', 'ops_eyJ', 'a.atlasv1.']
  it.each(prefixes)('findSecrets on 200 kB of %j stays fast', (prefix) => {
    const text = prefix.repeat(Math.ceil(200_000 / prefix.length))
    const t = performance.now()
    findSecrets(text)
    findSecrets(text + '!')
    expect(performance.now() - t).toBeLessThan(1500)
  })
})

describe('AWS secret access keys', () => {
  it('are found by the name they are written under, in the forms the AWS tools write', () => {
    const key = rand(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')
    for (const text of [`AWS_SECRET_ACCESS_KEY=${key}`, `export AWS_SECRET_ACCESS_KEY="${key}"`, `{"Credentials":{"SecretAccessKey":"${key}"}}`, `secretAccessKey: '${key}'`]) {
      expect(findSecrets(text).map((f) => f.value), text).toEqual([key])
    }
    // 41 characters is not a key: the pattern does not take a prefix of a longer value.
    expect(findSecrets(`AWS_SECRET_ACCESS_KEY=${key}x`)).toEqual([])
  })
})
