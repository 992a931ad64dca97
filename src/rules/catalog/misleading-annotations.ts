// Annotations are the server's own claim about a tool; clients use readOnlyHint and destructiveHint
// to skip confirmation. A tool that says it is read-only (or not destructive) while its name or its
// description says it deletes, overwrites, sends or executes talks the client out of asking the user.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {fold} from '../../text/analyze.js'
import {join} from '../../source/pointer.js'
import type {ItemView} from '../scope.js'
import {defineRule, type RuleContext} from '../types.js'
import {quote} from '../where.js'

// Verbs whose meaning does not depend on the object: a tool named with one of them changes something.
const DESTRUCTIVE = new Set([
  'delete', 'del', 'remove', 'rm', 'rmdir', 'unlink', 'destroy', 'drop', 'purge', 'wipe', 'erase', 'truncate', 'overwrite',
  'kill', 'terminate', 'shutdown', 'reboot', 'uninstall', 'revoke', 'transfer', 'pay', 'withdraw', 'refund', 'shred', 'nuke', 'clobber',
])
const MUTATING = new Set([
  ...DESTRUCTIVE, 'send', 'email', 'mail', 'tweet', 'publish', 'deploy', 'push', 'merge', 'write', 'update', 'upsert',
  'insert', 'edit', 'modify', 'rename', 'move', 'mv', 'commit', 'upload', 'submit', 'post', 'install', 'chmod', 'chown', 'transact',
])
// Verbs that change something only sometimes (create_embedding, add two numbers): medium evidence.
const WEAK_MUTATING = new Set(['create', 'add', 'set', 'put', 'patch', 'save', 'store', 'append', 'start', 'stop', 'restart', 'trigger', 'dispatch', 'schedule', 'cancel', 'approve', 'close', 'archive', 'assign', 'invite', 'lock', 'unlock', 'reset', 'clear', 'flush', 'replace', 'apply'])
// Run/execute are destructive only with an open-ended object (a command, code), not a query.
const EXEC_VERBS = new Set(['exec', 'execute', 'run', 'eval', 'spawn', 'invoke'])
const EXEC_OBJECTS = new Set(['command', 'commands', 'cmd', 'shell', 'script', 'scripts', 'code', 'bash', 'sh', 'terminal', 'process', 'program', 'python', 'javascript', 'js', 'powershell', 'subprocess', 'binary'])
const READ_VERBS = new Set(['get', 'list', 'read', 'search', 'find', 'fetch', 'query', 'view', 'show', 'describe', 'lookup', 'check', 'count', 'download', 'export', 'inspect', 'browse', 'explore', 'scan', 'analyze', 'preview', 'diff', 'compare', 'validate', 'verify', 'stat', 'status', 'info', 'summarize', 'calculate', 'compute', 'render', 'load', 'print', 'cat', 'tail', 'head', 'grep', 'glob', 'watch', 'test', 'is', 'has', 'can'])

const READ_NOUNS = new Set(['status', 'history', 'info', 'details', 'detail', 'log', 'logs', 'list', 'stats', 'summary', 'preview', 'count', 'search', 'lookup', 'report'])

// Words that are verbs and nouns alike: `update_status` reads the status of an update.
const NOUN_VERBS = new Set(['email', 'mail', 'post', 'commit', 'transfer', 'push', 'update', 'merge', 'move', 'drop', 'upload', 'deploy', 'tweet', 'edit', 'insert', 'install', 'refund', 'archive', 'reset', 'lock', 'schedule', 'trigger', 'withdraw', 'pay'])

const NEGATORS = new Set(['not', 'never', 'no', "n't", 'without', 'cannot', "doesn't", "don't", "won't", "isn't", 'nor', 'neither', 'avoid', 'avoids', 'prevent', 'prevents'])
const ADVERBS = new Set(['permanently', 'irreversibly', 'recursively', 'also', 'immediately', 'then', 'forcibly', 'completely', 'securely', 'automatically', 'directly', 'actually', 'silently', 'instantly', 'optionally', 'finally', 'first'])
const INTRODUCERS = new Set(['tool', 'it', 'will', 'can', 'to', 'that', 'which', 'function', 'server', 'may', 'this', 'you', 'we', 'i'])

export interface Claim {
  hint: 'readOnlyHint' | 'destructiveHint'
  /** What the claim says, in words. */
  says: string
}

/** Split a tool name into lower-case words: snake, kebab, dotted and camelCase. */
export function nameWords(name: string): string[] {
  // Break before an upper-case letter that follows a lower-case letter or a digit (`deleteFile`), or
  // that starts a word after an acronym (`HTTPRequest`): one pass, no backtracking.
  let spaced = ''
  for (let i = 0; i < name.length && i < 512; i++) {
    const c = name[i]
    const upper = c >= 'A' && c <= 'Z'
    const prev = name[i - 1] ?? ''
    const next = name[i + 1] ?? ''
    if (upper && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'Z' && next >= 'a' && next <= 'z'))) spaced += ' '
    spaced += c
  }
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

interface Evidence {
  verb: string
  strength: 'strong' | 'weak'
}

/** The verb in a name (first word, the word after a namespace prefix, or a trailing verb: `file_delete`). */
export function nameVerb(words: string[], destructiveOnly: boolean): Evidence | undefined {
  if (words.length === 0) return undefined
  // `transfer_status`, `commit_history`, `email_list`: the first word is a noun when a read word follows.
  const rest = words.slice(1)
  const nounFirst = NOUN_VERBS.has(words[0]) && rest.some((w) => READ_VERBS.has(w) || READ_NOUNS.has(w))
  const candidates: string[] = nounFirst ? [] : [words[0]]
  if (!READ_VERBS.has(words[0]) && !nounFirst) {
    if (words.length > 1) candidates.push(words[1])
    if (words.length > 2) candidates.push(words[words.length - 1])
    else if (words.length === 2) candidates.push(words[1])
  }
  for (const w of candidates) {
    const base = stem(w)
    if (EXEC_VERBS.has(base) && words.some((x) => EXEC_OBJECTS.has(x))) return {verb: base, strength: 'strong'}
    if (DESTRUCTIVE.has(base)) return {verb: base, strength: 'strong'}
    if (destructiveOnly) continue
    if (MUTATING.has(base)) return {verb: base, strength: 'strong'}
    if (WEAK_MUTATING.has(base)) return {verb: base, strength: 'weak'}
  }
  return undefined
}

function isVerb(w: string): boolean {
  return READ_VERBS.has(w) || MUTATING.has(w) || WEAK_MUTATING.has(w) || EXEC_VERBS.has(w)
}

/** `deletes` -> `delete`, `pushes` -> `push`; other words unchanged. */
function stem(w: string): string {
  if (w.length > 4 && /(?:sh|ch|ss|x)es$/.test(w)) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1)
  return w
}

/**
 * A verb in the first sentences of a description that says what the tool does: at the start of a
 * sentence or after "this tool", "it", "will", "can", "to"..., and not negated ("does not delete").
 */
export function descriptionVerb(description: string, destructiveOnly: boolean): Evidence | undefined {
  const sentences = fold(description).split(/(?<=[.!?])\s|\n/).slice(0, 3)
  for (const s of sentences) {
    const words = s.split(/[^a-z0-9']+/).filter(Boolean).slice(0, 40)
    for (let k = 0; k < words.length; k++) {
      const base = stem(words[k])
      const isExec = EXEC_VERBS.has(base) && words.slice(k + 1, k + 4).some((x) => EXEC_OBJECTS.has(x))
      const strong = isExec || DESTRUCTIVE.has(base) || (!destructiveOnly && MUTATING.has(base))
      const weak = !destructiveOnly && WEAK_MUTATING.has(base) && base === 'create'
      if (!strong && !weak) continue
      // "remove" alone is how docs describe un-setting a field; only "permanently remove" is destructive.
      if (destructiveOnly && base === 'remove' && !words.slice(Math.max(0, k - 2), k).some((x) => x === 'permanently' || x === 'irreversibly')) continue
      let p = k - 1
      while (p >= 0 && ADVERBS.has(words[p])) p--
      // "and"/"or" join verbs ("create or delete"), not nouns ("mentions, and updates on issues").
      const coordinated = (words[p] === 'and' || words[p] === 'or') && p > 0 && isVerb(stem(words[p - 1]))
      const leads = p < 0 || coordinated || INTRODUCERS.has(words[p])
      if (!leads) continue
      if (words.slice(Math.max(0, k - 4), k).some((x) => NEGATORS.has(x) || x.endsWith("n't"))) continue
      return {verb: base, strength: strong ? 'strong' : 'weak'}
    }
  }
  return undefined
}

export default defineRule({
  meta: {
    id: 'misleading-annotations',
    summary: 'annotations claim a tool is read-only or harmless while it changes things',
    description:
      'A tool annotated `readOnlyHint: true` (or `destructiveHint: false`) whose name or description says it deletes, overwrites, sends, executes, kills, drops, purges or transfers money. Clients use these hints to run tools without asking; a false claim turns off the user\'s confirmation for exactly the calls that need it. A verb in the name is strong evidence (high); a verb in the description is weaker (medium) and only counts when it says what the tool does, not what it avoids.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP02],
    cwe: [345],
    remediation:
      'Fix the annotations: `readOnlyHint: false` for any tool that changes state, and `destructiveHint: true` for one that deletes, overwrites or cannot be undone. Configure the client to confirm such tools whatever their annotations say.',
  },
  item(item, ctx) {
    if (item.kind !== 'tool') return
    const ann = item.descriptor.annotations
    if (!ann || typeof ann !== 'object') return
    const a = ann as Record<string, unknown>
    const claims: Claim[] = []
    if (a.readOnlyHint === true) claims.push({hint: 'readOnlyHint', says: 'read-only'})
    else if (a.destructiveHint === false) claims.push({hint: 'destructiveHint', says: 'not destructive'})
    for (const claim of claims) check(item, claim, ctx.report)
  },
})

function check(item: ItemView, claim: Claim, report: RuleContext['report']): void {
  const destructiveOnly = claim.hint === 'destructiveHint'
  const d = item.descriptor
  const title = typeof d.title === 'string' ? d.title : typeof (d.annotations as Record<string, unknown>).title === 'string' ? String((d.annotations as Record<string, unknown>).title) : ''
  const fromName = nameVerb(nameWords(item.name), destructiveOnly) ?? (title ? nameVerb(nameWords(title).slice(0, 3), destructiveOnly) : undefined)
  const description = typeof d.description === 'string' ? d.description : ''
  const fromText = fromName ? undefined : descriptionVerb(description, destructiveOnly)
  const ev = fromName ?? fromText
  if (!ev) return
  let severity: Severity
  if (fromName) severity = ev.strength === 'strong' ? 'high' : 'medium'
  else severity = ev.strength === 'strong' ? 'medium' : 'low'
  const value = claim.hint === 'readOnlyHint' ? 'true' : 'false'
  report({
    at: item,
    pointer: join(item.pointer, 'annotations', claim.hint),
    message: `tool ${quote(item.name)} claims ${claim.hint}: ${value} (${claim.says}) but its ${fromName ? 'name' : 'description'} says it will ${ev.verb}`,
    severity,
    confidence: fromName && ev.strength === 'strong' ? 'high' : 'medium',
    evidence: fromName ? `${item.name}: ${claim.hint}=${value}` : description.slice(0, 300),
  })
}
