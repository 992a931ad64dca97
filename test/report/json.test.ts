// The JSON report is the contract scripts read (DESIGN.md "Findings"): checked against a schema of
// that shape, so a renamed or missing field fails here before it breaks someone's pipeline.
import AjvModule from 'ajv'
import {describe, expect, it} from 'vitest'
import {CATEGORIES} from '../../src/core/finding.js'
import {SEVERITIES} from '../../src/core/severity.js'
import {renderJson} from '../../src/report/json.js'
import {FIXTURES, runCli} from '../helpers/cli.js'
import {finding} from '../helpers/findings.js'
import {GOLDEN_RULES} from '../helpers/golden-rules.js'

const count = {type: 'integer', minimum: 0}
export const FINDINGS_SCHEMA = {
  type: 'object',
  required: ['version', 'tool', 'findings', 'summary'],
  properties: {
    version: {const: 1},
    tool: {type: 'object', required: ['name', 'version'], properties: {name: {const: 'mcp-warden'}, version: {type: 'string', minLength: 1}}},
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['ruleId', 'category', 'severity', 'message', 'owasp', 'location', 'fingerprint'],
        properties: {
          ruleId: {type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$'},
          category: {enum: [...CATEGORIES]},
          severity: {enum: [...SEVERITIES]},
          message: {type: 'string', minLength: 1},
          owasp: {type: 'array', items: {type: 'string', pattern: '^MCP(0[1-9]|10):2025$'}},
          location: {
            type: 'object',
            required: ['file', 'line', 'column', 'pointer'],
            properties: {
              file: {type: 'string', minLength: 1},
              line: {type: 'integer', minimum: 1},
              column: {type: 'integer', minimum: 1},
              pointer: {type: 'string', pattern: '^(/.*)?$'},
              server: {type: 'string'},
              kind: {enum: ['tool', 'prompt', 'resource', 'resourceTemplate', 'server', 'config', 'message']},
              name: {type: 'string'},
            },
          },
          evidence: {type: 'string'},
          fingerprint: {type: 'string', minLength: 16},
        },
      },
    },
    summary: {
      type: 'object',
      required: [...SEVERITIES, 'suppressed', 'maxSeverity'],
      properties: {...Object.fromEntries([...SEVERITIES, 'suppressed'].map((k) => [k, count])), maxSeverity: {enum: [...SEVERITIES, 'none']}},
    },
  },
}

// ajv is CommonJS with a `default` export; under NodeNext the default import is the module.
const validate = new AjvModule.default({allErrors: true}).compile(FINDINGS_SCHEMA)

describe('json report', () => {
  it('has the DESIGN.md shape and counts suppressed findings apart', () => {
    const doc = JSON.parse(renderJson({findings: [finding(), finding({severity: 'low', suppressed: {reason: 'reviewed'}})], rules: GOLDEN_RULES, inputs: []}))
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(doc.summary).toEqual({critical: 0, high: 1, medium: 0, low: 0, info: 0, suppressed: 1, maxSeverity: 'high'})
    expect(doc.findings[1].suppressed).toEqual({reason: 'reviewed'})
  })

  it('summary.maxSeverity is the worst unsuppressed severity, "none" without one', () => {
    const max = (findings: ReturnType<typeof finding>[]) => JSON.parse(renderJson({findings, rules: GOLDEN_RULES, inputs: []})).summary.maxSeverity
    expect(max([])).toBe('none')
    expect(max([finding({severity: 'critical', suppressed: {reason: 'r'}})])).toBe('none')
    expect(max([finding({severity: 'low'}), finding({severity: 'medium'}), finding({severity: 'info'})])).toBe('medium')
    expect(max([finding({severity: 'info'})])).toBe('info')
  })

  it('CLI: scan --format json prints one parseable document in that shape', () => {
    const r = runCli(['scan', `${FIXTURES}/scan/inputs`, '--format', 'json'])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
  })
})

describe('masking a JSON report', () => {
  it('masks value by value and keeps the document valid JSON, whatever the secret sits next to', async () => {
    const {maskReport} = await import('../../src/cli/output.js')
    const pw = ['Pg', 'x9Kq7vX2pLm9wRt4', '\\'].join('')
    const doc = {findings: [{message: `postgres://app:${pw}"@db/app`, evidence: `url postgres://app:${pw}@db`}], summary: {critical: 1}}
    const text = JSON.stringify(doc, null, 2) + '\n'
    const out = maskReport(text, 'json')
    const parsed = JSON.parse(out)
    expect(out).not.toContain('x9Kq7vX2pLm9wRt4')
    expect(parsed.summary).toEqual({critical: 1})
    expect(maskReport('{"a": 1}\n', 'json')).toBe('{"a": 1}\n')
  })
})
