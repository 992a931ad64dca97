// `--format sarif`: SARIF 2.1.0 shaped for GitHub code scanning (FACTS.md), which rejects a whole
// upload for one result without a physical location, and silently drops what exceeds its limits.

import {existsSync, statSync} from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import type {Artifact, Log, Notification, ReportingDescriptor, Result, Run} from 'sarif'
import {OWASP_TITLES, type Finding} from '../core/finding.js'
import {maxSeverity, severityRank, type Confidence, type Severity} from '../core/severity.js'
import {TOOL} from '../core/version.js'
import {docsUrl, getRule} from '../rules/registry.js'
import type {Rule, RuleMeta} from '../rules/types.js'
import type {ReportInput} from './result.js'

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'
export const INFORMATION_URI = 'https://github.com/mcp-warden/mcp-warden'
/** GitHub's limits for one run of one upload. */
export const GITHUB_MAX_RESULTS = 25_000
export const GITHUB_MAX_GZIP_BYTES = 10 * 1024 * 1024
/** The artifact name standard input gets, so its results still carry a physical location. */
export const STDIN_URI = 'stdin'

const LEVEL: Record<Severity, Result.level> = {critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'}

// GitHub buckets security-severity as >9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below that low.
// Within a bucket, confidence orders alerts, so a sure finding sorts above a guess of equal severity.
const SECURITY_SEVERITY: Record<Severity, Record<Confidence, string>> = {
  critical: {high: '9.8', medium: '9.5', low: '9.2'},
  high: {high: '8.8', medium: '8.0', low: '7.2'},
  medium: {high: '6.5', medium: '5.5', low: '4.5'},
  low: {high: '3.5', medium: '2.5', low: '1.5'},
  info: {high: '0.5', medium: '0.3', low: '0.1'},
}

export function securitySeverity(severity: Severity, confidence: Confidence): string {
  return SECURITY_SEVERITY[severity][confidence]
}

export interface SarifOptions {
  /** Folder URIs are relative to: the repository root GitHub resolves them against. */
  root?: string
  maxResults?: number
  maxGzipBytes?: number
}

/** PascalCase of the id: SARIF's `name` is meant to read as an identifier. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_s, _d, c: string) => c.toUpperCase())
}

function suppressionExample(id: string): string {
  return [
    'suppressions:',
    `  - rule: ${id}`,
    '    server: my-server      # optional: limit to one server',
    '    tool: my_tool          # optional: limit to one tool, prompt or resource',
    '    reason: reviewed, why this is acceptable here',
    '    expires: 2027-01-01    # optional: reported again after this date',
  ].join('\n')
}

function descriptor(meta: RuleMeta, severity: Severity): ReportingDescriptor {
  const owasp = meta.owasp.map((o) => `${o} ${OWASP_TITLES[o]}`)
  const cwe = meta.cwe.map((c) => `CWE-${c}`)
  const refs = [`OWASP MCP Top 10: ${owasp.join('; ')}`, ...(cwe.length > 0 ? [`CWE: ${cwe.join(', ')}`] : [])]
  const cweLinks = meta.cwe.map((c) => `[CWE-${c}](https://cwe.mitre.org/data/definitions/${c}.html)`)
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: {text: meta.summary},
    fullDescription: {text: meta.description},
    helpUri: docsUrl(meta.id),
    help: {
      text: [meta.description, `How to fix: ${meta.remediation}`, `Suppress (in mcp-warden.yaml, with a reason):\n${suppressionExample(meta.id)}`, ...refs, `Docs: ${docsUrl(meta.id)}`].join('\n\n'),
      markdown: [
        meta.description,
        `## How to fix\n\n${meta.remediation}`,
        `## Suppress\n\nAfter review, accept the finding in \`mcp-warden.yaml\` with a reason (expired and unused suppressions are reported):\n\n\`\`\`yaml\n${suppressionExample(meta.id)}\n\`\`\``,
        `## References\n\n- OWASP MCP Top 10: ${owasp.join('; ')}\n${cweLinks.length > 0 ? `- ${cweLinks.join(', ')}\n` : ''}- [Rule documentation](${docsUrl(meta.id)})`,
      ].join('\n\n'),
    },
    defaultConfiguration: {level: LEVEL[meta.severity]},
    properties: {
      tags: ['security', meta.category, ...meta.owasp.map((o) => `external/owasp-mcp/${o}`), ...meta.cwe.map((c) => `external/cwe/cwe-${c}`)],
      precision: meta.confidence,
      'security-severity': securitySeverity(severity, meta.confidence),
    },
  }
}

/** A finding whose rule is not in the registry (a probe or lock step reporting on its own) still needs a descriptor. */
function metaOf(id: string, rules: Map<string, Rule>, sample: Finding): RuleMeta {
  const known = rules.get(id) ?? getRule(id)
  if (known) return known.meta
  return {id, summary: id.replace(/-/g, ' '), description: sample.message, category: sample.category, severity: sample.severity, confidence: sample.confidence, owasp: sample.owasp, cwe: sample.cwe, remediation: 'See the rule documentation.'}
}

/** The repository root (nearest folder above `from` holding `.git`), else `from` itself. */
export function findRoot(from = process.cwd()): string {
  let dir = path.resolve(from)
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir
    const up = path.dirname(dir)
    if (up === dir) return path.resolve(from)
    dir = up
  }
}

/**
 * A URI relative to the root with forward slashes and no `..`: what GitHub maps onto the checkout.
 * A file outside the root cannot be annotated; it keeps its base name so the result still has a
 * location (and the path as given stays in the result's properties).
 */
export function artifactUri(file: string, root: string): string {
  if (file === '-') return STDIN_URI
  const p = (isOutside(file, root) ? path.basename(file) : path.relative(root, path.resolve(file))).split(path.sep).join('/')
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%40/g, '@'))
    .join('/')
}

/** `server/tool/name` for an item, just the server for the server itself or its config entry. */
function qualifiedName(f: Finding): string {
  const {server, kind, name} = f.location
  if (kind === 'config' || kind === 'server' || name === undefined || name === server) return server ?? name ?? ''
  return [server, kind, name].filter((x) => x !== undefined && x !== '').join('/')
}

function isOutside(file: string, root: string): boolean {
  if (file === '-') return false
  const rel = path.relative(root, path.resolve(file))
  return rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory()
  } catch {
    return false
  }
}

/** Which findings to keep under a result limit: unsuppressed first, then worst severity first. */
function keepIndexes(findings: Finding[], max: number): Set<number> {
  const order = findings.map((_f, i) => i)
  order.sort((a, b) => Number(!!findings[a].suppressed) - Number(!!findings[b].suppressed) || severityRank(findings[b].severity) - severityRank(findings[a].severity) || a - b)
  return new Set(order.slice(0, max))
}

export function buildSarif(input: ReportInput, opts: SarifOptions = {}): Log {
  const root = opts.root ?? findRoot()
  const maxResults = opts.maxResults ?? GITHUB_MAX_RESULTS

  // Every rule that ran is listed, with or without results: a reviewer sees what was checked, and
  // ruleIndex stays stable for a given set of rules. Rules a policy turned off did not run and are
  // not listed (the command passes only the rules it ran).
  const ran = new Map(input.rules.map((r) => [r.meta.id, r]))
  const ids = new Set([...ran.keys(), ...input.findings.map((f) => f.ruleId)])
  const sorted = [...ids].sort()
  const index = new Map(sorted.map((id, i) => [id, i]))
  const rules = sorted.map((id) => {
    const sample = input.findings.find((f) => f.ruleId === id)
    const meta = sample ? metaOf(id, ran, sample) : ran.get(id)!.meta
    // GitHub takes an alert's severity from its rule, not the result: use the worst severity this
    // run actually gave the rule (policy overrides and context adjustments included).
    const effective = maxSeverity(input.findings.filter((f) => f.ruleId === id && !f.suppressed).map((f) => f.severity)) ?? meta.severity
    return descriptor(meta, effective)
  })

  const artifactFiles = [...new Set([...input.inputs.filter((f) => !isFolder(f)), ...input.findings.map((f) => f.location.file)])]
  const artifactUris = [...new Set(artifactFiles.map((f) => artifactUri(f, root)))].sort()
  const artifactIndex = new Map(artifactUris.map((u, i) => [u, i]))
  const artifacts: Artifact[] = artifactUris.map((uri) => ({location: {uri, uriBaseId: '%SRCROOT%'}}))

  const notifications: Notification[] = []
  let findings = input.findings
  if (findings.length > maxResults) {
    const keep = keepIndexes(findings, maxResults)
    findings = findings.filter((_f, i) => keep.has(i))
    notifications.push({
      level: 'warning',
      descriptor: {id: 'results-truncated'},
      message: {text: `${input.findings.length - findings.length} of ${input.findings.length} results were left out: GitHub accepts at most ${maxResults} results a run. The least severe were dropped; the JSON report has them all.`},
    })
  }

  const toResult = (f: Finding): Result => {
    const uri = artifactUri(f.location.file, root)
    const r: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: {text: f.evidence ? `${f.message}\nEvidence: ${f.evidence}` : f.message},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri, uriBaseId: '%SRCROOT%', index: artifactIndex.get(uri)!},
            region: {startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column)},
          },
          ...(f.location.server !== undefined || f.location.name !== undefined
            ? {
                logicalLocations: [
                  {
                    name: f.location.name ?? f.location.server,
                    fullyQualifiedName: qualifiedName(f),
                    ...(f.location.kind ? {kind: f.location.kind} : {}),
                  },
                ],
              }
            : {}),
        },
      ],
      partialFingerprints: {'mcpWarden/v1': f.fingerprint},
      properties: {
        severity: f.severity,
        confidence: f.confidence,
        category: f.category,
        owasp: f.owasp,
        'security-severity': securitySeverity(f.severity, f.confidence),
        ...(f.location.pointer ? {pointer: f.location.pointer} : {}),
        ...(isOutside(f.location.file, root) ? {file: f.location.file} : {}),
      },
    }
    if (f.suppressed) {
      r.suppressions = [{kind: 'external', status: 'accepted', justification: f.suppressed.reason + (f.suppressed.expires ? ` (until ${f.suppressed.expires})` : '')}]
    }
    return r
  }

  const run = (kept: Finding[], notes: Notification[]): Log => {
    const r: Run = {
      tool: {driver: {name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, informationUri: INFORMATION_URI, rules}},
      // No automationDetails.id: it would override the `category` the upload step is given (FACTS.md).
      invocations: [{executionSuccessful: true, ...(notes.length > 0 ? {toolExecutionNotifications: notes} : {})}],
      artifacts,
      columnKind: 'utf16CodeUnits',
      results: kept.map(toResult),
    }
    return {$schema: SARIF_SCHEMA, version: '2.1.0', runs: [r]}
  }

  const log = run(findings, notifications)
  const maxGzip = opts.maxGzipBytes ?? GITHUB_MAX_GZIP_BYTES
  const fits = (l: Log) => gzipSync(JSON.stringify(l)).length <= maxGzip
  // Gzip never makes text larger than it is, so only measure when the raw form could be over.
  if (JSON.stringify(log).length <= maxGzip || fits(log)) return log
  const note = (dropped: number): Notification => ({
    level: 'warning',
    descriptor: {id: 'results-truncated'},
    message: {text: `${dropped} more results were left out to stay under GitHub's limit of ${Math.round(maxGzip / 1024 / 1024)} MB gzipped a file. The least severe were dropped; the JSON report has them all.`},
  })
  const trial = (n: number): Log => {
    const keep = keepIndexes(findings, n)
    return run(
      findings.filter((_f, i) => keep.has(i)),
      [...notifications, note(findings.length - n)],
    )
  }
  // Binary search for the largest count of (most severe) results that still fits.
  let lo = 0
  let hi = findings.length - 1
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (fits(trial(mid))) lo = mid
    else hi = mid - 1
  }
  return trial(lo)
}

export function renderSarif(input: ReportInput, opts: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(input, opts), null, 2) + '\n'
}
