// `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One run; every result has a physical
// location (file relative to the working folder, startLine); stable partialFingerprints.

import type {Log, ReportingDescriptor, Result} from 'sarif'
import type {Finding} from '../core/finding.js'
import type {Severity} from '../core/severity.js'
import {TOOL} from '../core/version.js'
import {docsUrl} from '../rules/registry.js'
import type {Rule} from '../rules/types.js'
import type {ReportInput} from './result.js'

const LEVEL: Record<Severity, Result.level> = {critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'}
const SECURITY_SEVERITY: Record<Severity, string> = {critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0'}
const PRECISION = {high: 'high', medium: 'medium', low: 'low'} as const

function descriptor(rule: Rule): ReportingDescriptor {
  const m = rule.meta
  return {
    id: m.id,
    name: m.id.replace(/(^|-)([a-z])/g, (_s, _d, c: string) => c.toUpperCase()),
    shortDescription: {text: m.summary},
    fullDescription: {text: m.description},
    helpUri: docsUrl(m.id),
    help: {
      text: `${m.description}\n\nHow to fix: ${m.remediation}`,
      markdown: `${m.description}\n\n**How to fix.** ${m.remediation}\n\n**Suppress** (in \`mcp-warden.yaml\`, with a reason):\n\n\`\`\`yaml\nsuppressions:\n  - rule: ${m.id}\n    server: my-server\n    tool: my_tool\n    reason: reviewed; why this is acceptable\n    expires: 2027-01-01\n\`\`\`\n\n[Rule documentation](${docsUrl(m.id)})`,
    },
    defaultConfiguration: {level: LEVEL[m.severity]},
    properties: {
      tags: ['security', m.category, ...m.owasp.map((o) => `owasp-mcp/${o}`), ...m.cwe.map((c) => `external/cwe/cwe-${c}`)],
      precision: PRECISION[m.confidence],
      'security-severity': SECURITY_SEVERITY[m.severity],
    },
  }
}

function uri(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '')
}

export function renderSarif(input: ReportInput): string {
  const rules = [...input.rules]
  const index = new Map(rules.map((r, i) => [r.meta.id, i]))
  const results: Result[] = input.findings.map((f: Finding) => {
    const r: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: {text: f.evidence ? `${f.message} (evidence: ${f.evidence})` : f.message},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: uri(f.location.file === '-' ? 'stdin' : f.location.file), uriBaseId: '%SRCROOT%'},
            region: {startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column)},
          },
          ...(f.location.server || f.location.name
            ? {logicalLocations: [{name: f.location.name ?? f.location.server, fullyQualifiedName: [f.location.server, f.location.kind, f.location.name].filter(Boolean).join('/'), kind: f.location.kind}]}
            : {}),
        },
      ],
      partialFingerprints: {'mcpWarden/v1': f.fingerprint},
      properties: {severity: f.severity, confidence: f.confidence, category: f.category, owasp: f.owasp, 'security-severity': SECURITY_SEVERITY[f.severity]},
    }
    if (f.suppressed) r.suppressions = [{kind: 'external', status: 'accepted', justification: f.suppressed.reason}]
    return r
  })
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, informationUri: 'https://github.com/mcp-warden/mcp-warden', rules: rules.map(descriptor)}},
        originalUriBaseIds: {'%SRCROOT%': {uri: 'file:///'}},
        results,
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}
