// Judging one configured value: secret-sounding names, placeholders, entropy, and references.
import {describe, expect, it} from 'vitest'
import {classifyName, entropy, inspectValue, isHighEntropy, isPlaceholder, maskValue} from '../../src/secrets/classify.js'

describe('classifyName', () => {
  it.each([
    ['GITHUB_PERSONAL_ACCESS_TOKEN', 'secret'],
    ['githubPersonalAccessToken', 'secret'],
    ['--api-key', 'secret'],
    ['X-API-Key', 'secret'],
    ['Authorization', 'secret'],
    ['OPENAI_KEY', 'secret'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['client_secret', 'secret'],
    ['DB_PASSWORD', 'password'],
    ['--password', 'password'],
    ['STRIPE_PUBLISHABLE_KEY', 'public'],
    ['SUPABASE_ANON_KEY', 'public'],
    ['MAX_TOKENS', 'none'],
    ['TOKEN_URL', 'none'],
    ['SECRET_NAME', 'none'],
    ['PASSWORD_FILE', 'none'],
    ['--password-stdin', 'none'],
    ['AWS_ACCESS_KEY_ID', 'none'],
    ['PRIMARY_KEY', 'none'],
    ['LOG_LEVEL', 'none'],
    [undefined, 'none'],
  ])('%s → %s', (name, expected) => {
    expect(classifyName(name)).toBe(expected)
  })
})

describe('isPlaceholder', () => {
  it.each(['<your-token>', 'YOUR_API_KEY', 'your-key-here', 'xxx', 'sk-xxxx', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'changeme', 'CHANGE_ME', '...', 'sk-...', 'REPLACE_ME', '[TOKEN]', '{token}', 'AKIAIOSFODNN7EXAMPLE', 'dummy-secret', '********', '', 'null', 'password'])('%j is a placeholder', (v) => {
    expect(isPlaceholder(v)).toBe(true)
  })
  it.each(['q8Zr3LmX0vT5nB2wK9pD4sF7', 'ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y', 'hunter2', 'S3cret-pass'])('%j is not', (v) => {
    expect(isPlaceholder(v)).toBe(false)
  })
})

describe('entropy', () => {
  it('separates generated tokens from words and paths', () => {
    expect(entropy('aaaa')).toBe(0)
    expect(isHighEntropy('q8Zr3LmX0vT5nB2wK9pD4sF7')).toBe(true)
    expect(isHighEntropy('eeaade700a2031427eb587eea8faefe9db49db10')).toBe(true)
    expect(isHighEntropy('3f2b1c9e-4d5a-4b8c-9e7f-1a2b3c4d5e6f')).toBe(true)
    expect(isHighEntropy('development')).toBe(false)
    expect(isHighEntropy('aaaaaaaaaaaaaaaaaaaa1')).toBe(false)
  })
})

describe('inspectValue', () => {
  it('sees through references and keeps offsets', () => {
    expect(inspectValue('${GITHUB_TOKEN}', 'GITHUB_TOKEN')).toEqual([])
    expect(inspectValue('Bearer ${T}', 'Authorization')).toEqual([])
    const [s] = inspectValue('Bearer q8Zr3LmX0vT5nB2wK9pD4sF7', 'Authorization')
    expect(s).toMatchObject({kind: 'bearer-token', index: 7, value: 'q8Zr3LmX0vT5nB2wK9pD4sF7', masked: 'q8Zr****'})
    const [g] = inspectValue('  q8Zr3LmX0vT5nB2wK9pD4sF7', 'API_KEY')
    expect(g).toMatchObject({kind: 'generic', index: 2, severity: 'high'})
  })

  it('needs a name for generic values, not for known formats', () => {
    expect(inspectValue('q8Zr3LmX0vT5nB2wK9pD4sF7')).toEqual([])
    expect(inspectValue('glpat-q8Zr3LmX0vT5nB2wK9pD')[0]).toMatchObject({kind: 'gitlab-token', severity: 'critical'})
  })

  it('does not take variable names, paths or hosts for secrets', () => {
    for (const v of ['GITHUB_TOKEN', '/run/secrets/token', './secrets/key.pem', 'https://vault.example.com/v1/secret', 'api.example.com', 'ada@example.com', '12345678901234567890']) {
      expect(inspectValue(v, 'API_TOKEN'), v).toEqual([])
    }
  })

  it('masks every secret it finds, generic ones too', () => {
    expect(maskValue('Bearer q8Zr3LmX0vT5nB2wK9pD4sF7', 'Authorization')).toBe('Bearer q8Zr****')
    expect(maskValue('q8Zr3LmX0vT5nB2wK9pD4sF7', 'LOG_LEVEL')).toBe('q8Zr3LmX0vT5nB2wK9pD4sF7')
  })
})
