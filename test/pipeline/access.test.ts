// Stage 2 in isolation: the classification table, the allow and deny lists, and the trust levels.
import {describe, expect, it} from 'vitest'
import {checkAccess, classifyTool} from '../../src/pipeline/access.js'
import {resolveConfig} from '../../src/pipeline/config.js'
import {globMatch} from '../../src/pipeline/glob.js'
import type {Policy} from '../../src/policy/schema.js'
import {lockWith, session} from './helpers.js'

const cls = (name: string, d?: Record<string, unknown>) => classifyTool(name, d).class

describe('tool classification', () => {
  it('believes hints that claim more risk', () => {
    expect(cls('write_file', {annotations: {readOnlyHint: false, destructiveHint: true}})).toBe('destructive')
    expect(cls('lookup', {annotations: {openWorldHint: true}})).toBe('open-world')
  })
  it('believes a read-only hint only when the name and description agree', () => {
    expect(cls('read_file', {annotations: {readOnlyHint: true}})).toBe('read')
    expect(classifyTool('delete_everything', {annotations: {readOnlyHint: true}})).toEqual({class: 'destructive', because: 'its name says "delete" (overruling its readOnlyHint)'})
    expect(cls('helper', {annotations: {readOnlyHint: true}, description: 'Executes arbitrary shell commands on the host.'})).toBe('exec')
  })
  it('reads names word by word, including camelCase', () => {
    expect(cls('runShellCommand')).toBe('exec')
    expect(cls('run_command')).toBe('exec')
    expect(cls('execute_script')).toBe('exec')
    expect(cls('deleteFile')).toBe('destructive')
    expect(cls('send_email')).toBe('open-world')
    expect(cls('fetch')).toBe('open-world')
    expect(cls('formatter')).toBe('read')
    expect(cls('get_weather')).toBe('read')
    expect(cls('list_commands')).toBe('read')
  })
  it('reads what the description says the tool does, not what it mentions later', () => {
    expect(cls('tidy', {description: 'Deletes temporary files older than a week.'})).toBe('destructive')
    expect(cls('fs_stat', {description: 'Returns file metadata. Never deletes or modifies anything.'})).toBe('read')
    expect(cls('grab', {description: 'Fetches a URL and returns the page as markdown.'})).toBe('open-world')
  })
  it('treats an unannotated tool with a plain name as read', () => {
    expect(classifyTool('echo')).toEqual({class: 'read', because: 'nothing says it writes, deletes, runs code or reaches the network'})
  })
})

describe('globs', () => {
  it('matches * and ? and literals', () => {
    expect(globMatch('read_*', 'read_file')).toBe(true)
    expect(globMatch('read_*', 'write_file')).toBe(false)
    expect(globMatch('*_file', 'read_file')).toBe(true)
    expect(globMatch('get_?', 'get_a')).toBe(true)
    expect(globMatch('get_?', 'get_ab')).toBe(false)
    expect(globMatch('*', '')).toBe(true)
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true)
    expect(globMatch('a*b*c', 'axxbyy')).toBe(false)
    expect(globMatch('a.b', 'axb')).toBe(false)
  })
  it('stays fast on a hostile name', () => {
    const start = performance.now()
    expect(globMatch('*a*a*a*a*a*a*b', 'a'.repeat(20_000))).toBe(false)
    expect(performance.now() - start).toBeLessThan(2000)
  })
})

describe('access checks', () => {
  const check = (policy: Policy, tool: string, d?: Record<string, unknown>) => checkAccess(resolveConfig({server: 'fs', policy}), tool, () => classifyTool(tool, d))
  it('lets a read tool through at the default level (basic)', () => {
    expect(check({}, 'read_file', {annotations: {readOnlyHint: true}})).toBeUndefined()
  })
  it('asks for verified, trusted and privileged as the table says', () => {
    expect(check({}, 'fetch_url')).toMatchObject({ruleId: 'insufficient-trust', message: 'tool fetch_url needs trust level verified (it is classified open-world because its name says "fetch"), server fs has basic'})
    expect(check({servers: {fs: {trust: 'verified'}}}, 'fetch_url')).toBeUndefined()
    expect(check({servers: {fs: {trust: 'verified'}}}, 'delete_file')).toMatchObject({ruleId: 'insufficient-trust'})
    expect(check({servers: {fs: {trust: 'trusted'}}}, 'delete_file')).toBeUndefined()
    expect(check({servers: {fs: {trust: 'trusted'}}}, 'run_command')).toMatchObject({hint: 'set servers.fs.trust: privileged in mcp-warden.yaml, or servers.fs.tools.run_command.requires: trusted if this tool is safe at that level'})
    expect(check({defaultTrust: 'privileged'}, 'run_command')).toBeUndefined()
  })
  it('lets nothing be called at trust none', () => {
    expect(check({servers: {fs: {trust: 'none'}}}, 'read_file', {annotations: {readOnlyHint: true}})).toMatchObject({ruleId: 'insufficient-trust', message: 'server fs has trust level none: no tool may be called'})
  })
  it('uses a per-tool requirement in place of the table', () => {
    expect(check({servers: {fs: {tools: {delete_file: {requires: 'basic'}}}}}, 'delete_file')).toBeUndefined()
    expect(check({servers: {fs: {tools: {read_file: {requires: 'trusted'}}}}}, 'read_file')).toMatchObject({message: 'tool read_file needs trust level trusted (the policy says it requires trusted), server fs has basic'})
  })
  it('applies deny before allow, and allow as a whitelist', () => {
    expect(check({servers: {fs: {deny: ['*_secret*']}}}, 'read_secret_file')).toMatchObject({ruleId: 'tool-denied', message: 'tool read_secret_file of server fs is denied by the policy (deny pattern "*_secret*")'})
    expect(check({servers: {fs: {allow: ['read_*']}}}, 'list_directory')).toMatchObject({ruleId: 'tool-denied', hint: 'add "list_directory" (or a glob that matches it) to servers.fs.allow in mcp-warden.yaml to allow it'})
    expect(check({servers: {fs: {allow: ['read_*'], deny: ['read_env']}}}, 'read_env')).toMatchObject({ruleId: 'tool-denied'})
    expect(check({servers: {fs: {allow: ['read_*']}}}, 'read_file')).toBeUndefined()
  })
  it('skips a check whose rule is off', () => {
    expect(check({rules: {'insufficient-trust': 'off'}}, 'delete_file')).toBeUndefined()
    expect(check({rules: {'tool-denied': 'off'}, servers: {fs: {deny: ['*']}}}, 'read_file')).toBeUndefined()
  })
})

describe('access in the pipeline', () => {
  it('classifies by the descriptor the session listed, overruling a false read-only hint', () => {
    const s = session()
    s.list([{name: 'cleanup', description: 'Permanently deletes the workspace.', annotations: {readOnlyHint: true}}, {name: 'peek', annotations: {readOnlyHint: true}}])
    expect(s.call('cleanup').request).toMatchObject({action: 'reject', ruleIds: ['insufficient-trust'], respond: {error: {code: -32001}}})
    expect(s.call('peek').request.action).toBe('allow')
  })
  it('classifies by the locked descriptor when the session has not listed the tool', () => {
    const lock = lockWith([{name: 'wipe_cache', inputSchema: {type: 'object'}, annotations: {destructiveHint: true}}])
    expect(session({}, {lock}).call('wipe_cache').request.ruleIds).toEqual(['insufficient-trust'])
  })
})
