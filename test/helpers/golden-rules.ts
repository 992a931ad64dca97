// Two rules that exist only for the golden files: they pin the report FORMAT on a fixed input while
// the real catalog grows, so goldens change when a reporter changes, not when a rule is added.
import {OWASP} from '../../src/core/finding.js'
import {findSecrets} from '../../src/secrets/patterns.js'
import {join} from '../../src/source/pointer.js'
import {defineRule, type Rule} from '../../src/rules/types.js'

export const GOLDEN_RULES: Rule[] = [
  defineRule({
    meta: {
      id: 'golden-instruction-block',
      summary: 'an <IMPORTANT> block in text the model reads',
      description: 'Fires on any `<IMPORTANT>` block. Test-only rule for the golden report files.',
      category: 'poisoning',
      severity: 'high',
      confidence: 'medium',
      owasp: [OWASP.MCP03, OWASP.MCP06],
      cwe: [1427],
      remediation: 'Remove the block from the description.',
    },
    text(field, ctx) {
      if (!/<important>/i.test(field.text)) return
      const what = field.item ? `${field.kind} ${field.name}` : 'text'
      ctx.report({at: field, message: `${what} hides an <IMPORTANT> block in its ${field.field}`, evidence: field.text})
    },
  }),
  defineRule({
    meta: {
      id: 'golden-inline-secret',
      summary: 'a credential written inline in a client config',
      description: 'Fires on a known token format in `env` or `headers`. Test-only rule for the golden report files.',
      category: 'secrets',
      severity: 'critical',
      confidence: 'high',
      owasp: [OWASP.MCP01],
      cwe: [798],
      remediation: 'Move the credential to an environment variable.',
    },
    config(c, ctx) {
      for (const [where, map] of [['env', c.entry.env], ['headers', c.entry.headers]] as const) {
        for (const [k, v] of Object.entries(map)) {
          const found = findSecrets(v)
          if (found.length === 0) continue
          const base = c.entry.pointers[where]
          ctx.report({
            at: c,
            ...(base ? {pointer: join(base, k)} : {}),
            message: `server ${c.name} has a ${found[0].pattern.label} written inline in ${where} ${k}`,
            evidence: `${k}: ${v}`,
            key: `${where}/${k}`,
          })
        }
      }
    },
  }),
]
