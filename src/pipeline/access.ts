// Stage 2, trust and access: allow and deny lists, then the trust table. What a tool can do is read
// from its annotations, but annotations are the server's own hints, so a hint that claims less risk
// than the tool's name or description shows is overruled; a hint that claims more is believed.
//
// | what the tool does                                  | needs      |
// | ----------------------------------------------------| ---------- |
// | reads (readOnlyHint, or nothing says otherwise)     | basic      |
// | reaches the open world (openWorldHint, network/mail)| verified   |
// | destroys or overwrites (destructiveHint, delete...) | trusted    |
// | runs code or shell commands (exec, shell, eval...)  | privileged |
//
// A server at `none` may list but not call anything. `servers.<s>.tools.<t>.requires` overrides the
// table for one tool. Unannotated tools are judged by their name and description alone: taking the
// spec's pessimistic defaults (destructive, open world) would put every unannotated tool out of reach.

import {TRUST_LEVELS, type TrustLevel} from '../policy/schema.js'
import type {PipelineConfig} from './config.js'
import {matchesAny} from './glob.js'

export type ToolClass = 'read' | 'open-world' | 'destructive' | 'exec'

export const NEEDS: Record<ToolClass, TrustLevel> = {read: 'basic', 'open-world': 'verified', destructive: 'trusted', exec: 'privileged'}

export interface Classification {
  class: ToolClass
  /** Why, for the message: the hint or the word that decided. */
  because: string
}

const rank = (t: TrustLevel) => TRUST_LEVELS.indexOf(t)

// Name words (split at `_`, `-`, `.`, and camelCase humps). Whole words only: `formatter` is not `rm`.
const EXEC_WORDS = new Set(['exec', 'shell', 'bash', 'sh', 'zsh', 'cmd', 'powershell', 'pwsh', 'eval', 'spawn', 'subprocess', 'sudo', 'terminal', 'repl'])
const RUN_WORDS = new Set(['run', 'execute', 'invoke'])
const RUN_OBJECTS = new Set(['command', 'commands', 'script', 'scripts', 'code', 'process', 'program', 'binary'])
const DESTRUCTIVE_WORDS = new Set(['delete', 'remove', 'rm', 'rmdir', 'unlink', 'drop', 'destroy', 'erase', 'purge', 'wipe', 'truncate', 'kill', 'terminate', 'uninstall', 'revoke', 'overwrite', 'shred'])
const OPEN_WORLD_WORDS = new Set(['fetch', 'http', 'https', 'web', 'browse', 'browser', 'curl', 'wget', 'download', 'upload', 'email', 'mail', 'sms', 'tweet', 'publish', 'webhook', 'send'])

// What the description's first words say the tool does ("Deletes a file", "Execute a shell command").
// Anchored at the start: a read-only tool that mentions deleting later on ("does not delete") is not
// a deleting tool.
const EXEC_TEXT = /^\s*(?:execut(?:e|es|ing)|runs?|running|evaluates?) (?:an? |the |any |arbitrary )?(?:shell |bash |system |terminal |os |python |javascript )?(?:commands?|scripts?|code|programs?)\b/i
const DESTRUCTIVE_TEXT = /^\s*(?:permanently |irreversibly |recursively )?(?:deletes?|removes?|destroys?|erases?|wipes?|drops?|overwrites?|truncates?|kills?|terminates?)\b/i
const OPEN_WORLD_TEXT = /^\s*(?:fetch(?:es)?|downloads?|uploads?|sends?|posts?|publish(?:es)?|browses?|requests?) (?:an? |the |any )?(?:url|urls|web ?pages?|websites?|http|requests?|e-?mails?|messages?|tweets?|content from)\b/i

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

function evidence(words: string[], lead: string, set: Set<string>, re: RegExp): string | undefined {
  const w = words.find((x) => set.has(x))
  if (w) return `its name says "${w}"`
  const m = re.exec(lead)
  return m ? `its description says "${m[0].trim()}"` : undefined
}

export function classifyTool(name: string, descriptor?: Record<string, unknown>): Classification {
  const words = nameWords(name)
  const ann = descriptor && typeof descriptor.annotations === 'object' && descriptor.annotations ? (descriptor.annotations as Record<string, unknown>) : {}
  const lead = typeof descriptor?.description === 'string' ? descriptor.description.slice(0, 200) : ''
  const overrules = ann.readOnlyHint === true ? ' (overruling its readOnlyHint)' : ''

  const runs = words.find((w) => RUN_WORDS.has(w)) && words.find((w) => RUN_OBJECTS.has(w))
  const exec = runs ? `its name says "${words.join('_')}"` : evidence(words, lead, EXEC_WORDS, EXEC_TEXT)
  if (exec) return {class: 'exec', because: exec + overrules}
  if (ann.destructiveHint === true && ann.readOnlyHint !== true) return {class: 'destructive', because: 'its annotations say destructiveHint'}
  const destroys = evidence(words, lead, DESTRUCTIVE_WORDS, DESTRUCTIVE_TEXT)
  if (destroys) return {class: 'destructive', because: destroys + overrules}
  if (ann.openWorldHint === true) return {class: 'open-world', because: 'its annotations say openWorldHint'}
  const open = evidence(words, lead, OPEN_WORLD_WORDS, OPEN_WORLD_TEXT)
  if (open) return {class: 'open-world', because: open + overrules}
  return {class: 'read', because: ann.readOnlyHint === true ? 'its annotations say readOnlyHint' : 'nothing says it writes, deletes, runs code or reaches the network'}
}

export type AccessDenial = {ruleId: 'tool-denied' | 'insufficient-trust'; message: string; hint: string; pointer: string}

/** Check one tools/call; `describe` gives the tool's descriptor (from the session's listing or the lock). */
export function checkAccess(cfg: PipelineConfig, tool: string, classify: () => Classification): AccessDenial | undefined {
  const s = cfg.server
  const denied = matchesAny(cfg.deny, tool)
  if (denied !== undefined && !cfg.disabled.has('tool-denied')) {
    return {ruleId: 'tool-denied', pointer: '/params/name', message: `tool ${tool} of server ${s} is denied by the policy (deny pattern "${denied}")`, hint: `remove "${denied}" from servers.${s}.deny in mcp-warden.yaml to allow it`}
  }
  if (cfg.allow && matchesAny(cfg.allow, tool) === undefined && !cfg.disabled.has('tool-denied')) {
    return {ruleId: 'tool-denied', pointer: '/params/name', message: `tool ${tool} of server ${s} is not in the policy's allow list`, hint: `add "${tool}" (or a glob that matches it) to servers.${s}.allow in mcp-warden.yaml to allow it`}
  }
  if (cfg.disabled.has('insufficient-trust')) return undefined
  if (cfg.trust === 'none') {
    return {ruleId: 'insufficient-trust', pointer: '/params/name', message: `server ${s} has trust level none: no tool may be called`, hint: `set servers.${s}.trust (basic, verified, trusted or privileged) in mcp-warden.yaml`}
  }
  const override = cfg.tools.get(tool)?.requires
  const c = override ? undefined : classify()
  const needs = override ?? NEEDS[c!.class]
  if (rank(cfg.trust) >= rank(needs)) return undefined
  const why = override ? `the policy says it requires ${needs}` : `it is classified ${c!.class} because ${c!.because}`
  return {
    ruleId: 'insufficient-trust',
    pointer: '/params/name',
    message: `tool ${tool} needs trust level ${needs} (${why}), server ${s} has ${cfg.trust}`,
    hint: `set servers.${s}.trust: ${needs} in mcp-warden.yaml, or servers.${s}.tools.${tool}.requires: ${cfg.trust} if this tool is safe at that level`,
  }
}
