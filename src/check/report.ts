// What `check` reports beside its findings: per server what happened (probed, failed, not probed,
// unlocked, stale) and the classified drift, in the JSON document; the drift as a readable diff in
// Markdown; and a few lines on stderr that say what was and was not checked.

import type {Finding} from '../core/finding.js'
import {hasDrift, serverDrifted} from '../diff/diff.js'
import {diffJson, renderDiffMarkdown} from '../diff/render.js'
import type {SignatureStatus} from '../lock/sign.js'
import {KEY_ENV} from '../lock/sign.js'
import {activeRules} from '../policy/apply.js'
import type {LoadedPolicy} from '../policy/load.js'
import {active, type ReportInput} from '../report/result.js'
import {RULES} from '../rules/registry.js'
import type {CheckOutput} from './check.js'

export type ServerStatus = 'probed' | 'failed' | 'not-probed' | 'unlocked' | 'stale'

export interface ServerReport {
  name: string
  status: ServerStatus
  /** The server differs from its lock entry. */
  drift: boolean
  sandbox?: string
  error?: string
}

export function serverReports(out: CheckOutput): ServerReport[] {
  const drifted = new Set(out.diff.servers.filter(serverDrifted).map((s) => s.name))
  const byName = new Map<string, ServerReport>()
  const put = (r: Omit<ServerReport, 'drift'>) => byName.set(r.name, {...r, drift: drifted.has(r.name) || r.status === 'unlocked'})
  for (const s of out.scope.servers) put({name: s.name, status: 'not-probed'})
  for (const o of out.probed) put({name: o.config.name, ...(o.result ? {status: 'probed', sandbox: o.result.sandbox} : {status: 'failed', error: o.error?.message ?? 'failed'})})
  for (const n of out.stale) put({name: n, status: 'stale'})
  // Unlocked wins over probed: what matters first about it is that nothing pins it.
  for (const n of out.unlocked) put({name: n, status: 'unlocked', ...(byName.get(n)?.sandbox ? {sandbox: byName.get(n)!.sandbox} : {})})
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

export function checkReport(out: CheckOutput, findings: Finding[], policy: LoadedPolicy, inputs: string[]): ReportInput {
  const servers = serverReports(out)
  return {
    findings,
    rules: activeRules(RULES, policy),
    inputs,
    extra: {servers, drift: diffJson(out.diff)},
    extraSummary: {drift: active(findings).filter((f) => f.category === 'drift').length, servers: servers.length},
    ...(hasDrift(out.diff) ? {markdownAppendix: renderDiffMarkdown(out.diff)} : {}),
  }
}

/** Lines for stderr: what was verified, what was launched, what was left out and why. */
export function checkNotes(out: CheckOutput, opts: {lock: string; signature: SignatureStatus; probed: boolean}): string {
  const lines: string[] = []
  const sig = opts.signature.signed ? `signature ok (key ${opts.signature.keyId})` : `not signed (${KEY_ENV} is not set)`
  lines.push(`mcp-warden: ${opts.lock}: ${sig}`)
  if (!opts.probed) lines.push('mcp-warden: --no-probe: no server was launched; the lock, its signature and the configs were checked')
  if (opts.probed && out.remote.length > 0) lines.push(`mcp-warden: not probed (remote, launch compared only): ${out.remote.join(', ')}`)
  if (out.stale.length > 0) lines.push(`mcp-warden: locked but in no config found (not checked): ${out.stale.join(', ')}`)
  if (out.unlocked.length > 0) lines.push(`mcp-warden: in a config but not locked: ${out.unlocked.join(', ')}; run \`mcp-warden lock\``)
  return lines.join('\n') + '\n'
}
