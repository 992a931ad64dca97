import {describe, expect, it} from 'vitest'
import {findSecrets} from '../../src/secrets/patterns.js'
import {surrogate, surrogateSecrets} from '../../src/secrets/surrogate.js'

const SECRETS = {
  aws: 'AKIAQ3EGRWXZ7PLM4N2B',
  github: 'ghp_R8x2pQ7mLk4VnZ1tYc9BwE3sHfJ6uDa0GqXi',
  slack: 'xoxb-2048-1024-AbCdEfGhIjKlMnOpQrStUvWx',
}

describe('secret stand-ins for recordings', () => {
  it('replaces each secret by a different value that the same pattern still recognizes', () => {
    for (const secret of Object.values(SECRETS)) {
      const [found] = findSecrets(secret)
      expect(found, secret).toBeDefined()
      const s = surrogate(secret, found.pattern.id)
      expect(s).not.toBe(secret)
      expect(s).toHaveLength(secret.length)
      expect(findSecrets(s).map((m) => m.pattern.id)).toContain(found.pattern.id)
      // Nothing of the secret beyond its kind's prefix survives.
      expect(s.slice(8)).not.toBe(secret.slice(8))
    }
  })

  it('gives one secret one stand-in, keeps everything else, and keeps JSON valid', () => {
    const line = JSON.stringify({jsonrpc: '2.0', id: 1, result: {content: [{type: 'text', text: `key ${SECRETS.aws} and again ${SECRETS.aws}; token ${SECRETS.github}`}]}})
    const out = surrogateSecrets(line)
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret)
    const text = (JSON.parse(out) as {result: {content: Array<{text: string}>}}).result.content[0].text
    const [a, b] = text.match(/AKIA[0-9A-Z]{16}/g) ?? []
    expect(a).toBe(b)
    expect(text.startsWith('key AKIA')).toBe(true)
    expect(surrogateSecrets('nothing secret here')).toBe('nothing secret here')
  })
})
