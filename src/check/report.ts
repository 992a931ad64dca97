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
import {codeSpan} from '../report/md-escape.js'
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

export function checkReport(out: CheckOutput, findings: Finding[], policy: LoadedPolicy, inputs: string[], lockFile = 'mcp.lock'): ReportInput {
  const servers = serverReports(out)
  const drifted = hasDrift(out.diff) || out.unlocked.length > 0
  const lock = codeSpan(lockFile, {inTable: false})
  const actions = drifted
    ? [
        `**Accept a change** you reviewed (a new server, tool or description that is meant to be there): run \`mcp-warden lock\` (with \`${KEY_ENV}\` set when the lock is signed), review ${codeSpan(`git diff ${lockFile}`, {inTable: false})}, then ${codeSpan(`git add ${lockFile}`, {inTable: false})} and commit it. \`check\` never updates ${lock} itself: drift stays until someone re-locks.`,
        '**Reject a change**: pin the server back to the locked version in its client config (e.g. `npx -y pkg@1.2.3`), or remove it.',
      ]
    : []
  return {
    findings,
    rules: activeRules(RULES, policy),
    inputs,
    extra: {servers, drift: diffJson(out.diff)},
    // `serversDrifted`: servers that differ from the lock or are not in it; > 0 is "there is drift".
    extraSummary: {drift: active(findings).filter((f) => f.category === 'drift').length, servers: servers.length, serversDrifted: servers.filter((r) => r.drift).length},
    markdownAppendix: [serversMarkdown(servers), ...(hasDrift(out.diff) ? [renderDiffMarkdown(out.diff, `### Changes against ${lock}`, {footer: ''})] : [])].join('\n\n'),
    markdownActions: actions,
  }
}

const STATUS_WORDS: Record<ServerStatus, string> = {probed: 'probed', failed: 'could not be probed', 'not-probed': 'not probed', unlocked: 'not in the lock', stale: 'in the lock but in no config'}
const MAX_NAMES = 20

/** One line per server state, names in code spans (they come from configs and servers). */
function serversMarkdown(servers: ServerReport[]): string {
  const names = (list: ServerReport[]) => {
    const shown = list.slice(0, MAX_NAMES).map((r) => codeSpan(r.name, {inTable: false, max: 80}))
    return shown.join(', ') + (list.length > MAX_NAMES ? ` and ${list.length - MAX_NAMES} more` : '')
  }
  const out = ['### Servers', '']
  if (servers.length === 0) return [...out, 'No servers were checked.'].join('\n')
  const drift = servers.filter((r) => r.drift)
  out.push(`${servers.length} server${servers.length === 1 ? '' : 's'} checked; ${drift.length === 0 ? 'none differs from the lock' : `${drift.length} ${drift.length === 1 ? 'differs' : 'differ'} from the lock: ${names(drift)}`}.`, '')
  for (const status of Object.keys(STATUS_WORDS) as ServerStatus[]) {
    const list = servers.filter((r) => r.status === status)
    if (list.length > 0) out.push(`- ${STATUS_WORDS[status]} (${list.length}): ${names(list)}`)
  }
  return out.join('\n')
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
