// The semantic rules on their real fixtures, through the real engine and the `scan` path a user runs:
// rule id, severity and the line the finding lands on. A change in grading shows up here first.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../src/core/finding.js'
import type {LoadedPolicy} from '../../../src/policy/load.js'
import {asDescription} from '../../../src/eval/run.js'
import {scanPaths} from '../../../src/scan/scan.js'
import {ROOT} from '../../helpers/cli.js'

const NO_POLICY: LoadedPolicy = {policy: {}, locate: () => ({line: 1, column: 1})}

function scan(rel: string): Finding[] {
  const file = path.join(ROOT, 'fixtures/rules', rel)
  if (rel.endsWith('.txt')) return scanPaths([], NO_POLICY, {file, text: readFileSync(file, 'utf8')}).findings
  return scanPaths([file], NO_POLICY).findings
}

const of = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id).map((f) => ({severity: f.severity, line: f.location.line, pointer: f.location.pointer}))

describe('semantic rules on their fixtures', () => {
  it.each([
    ['instruction-block', 'instruction-block/bad-important-block.json', 'critical', 5, '/tools/0/description'],
    ['instruction-block', 'instruction-block/bad-chat-template.txt', 'critical', 1, ''],
    ['prompt-override', 'prompt-override/bad-ignore-previous.json', 'high', 5, '/tools/0/description'],
    ['prompt-override', 'prompt-override/bad-tool-result.txt', 'high', 1, ''],
    ['prompt-override', 'prompt-override/bad-code-insertion.txt', 'high', 1, ''],
    ['secrecy-toward-user', 'secrecy-toward-user/bad-email-shadowing.json', 'critical', 5, '/tools/0/description'],
    ['secrecy-toward-user', 'secrecy-toward-user/bad-silent-upload.txt', 'critical', 1, ''],
    ['coercive-instruction', 'coercive-instruction/bad-line-jumping.json', 'critical', 5, '/tools/0/description'],
    ['sensitive-file-access', 'sensitive-file-access/bad-invariant-add.json', 'critical', 5, '/tools/0/description'],
    ['sensitive-file-access', 'sensitive-file-access/bad-default-path.json', 'high', 12, '/tools/0/inputSchema/properties/settings_file/default'],
    ['data-harvesting-parameter', 'data-harvesting-parameter/bad-sidenote.json', 'critical', 11, '/tools/0/inputSchema/properties/sidenote/description'],
    ['data-harvesting-parameter', 'data-harvesting-parameter/bad-conversation-feedback.json', 'high', 12, '/tools/0/inputSchema/properties/feedback/description'],
    ['exfiltration-channel', 'exfiltration-channel/bad-image-beacon.json', 'high', 5, '/tools/0/description'],
    ['exfiltration-channel', 'exfiltration-channel/bad-send-to-ip.txt', 'high', 1, ''],
    ['cross-tool-instruction', 'cross-tool-instruction/bad-whatsapp-shadowing.lock', 'critical', 15, '/servers/facts/tools/get_fact_of_the_day/descriptor/description'],
    ['cross-tool-instruction', 'cross-tool-instruction/bad-all-other-tools.json', 'high', 6, '/tools/0/description'],
  ])('%s fires on %s as %s at line %i', (id, fixture, severity, line, pointer) => {
    expect(of(scan(fixture), id)).toEqual([{severity, line, pointer}])
  })

  it.each([
    ['instruction-block', 'instruction-block/good-plain-notes.json'],
    ['prompt-override', 'prompt-override/good-ignore-case.json'],
    ['secrecy-toward-user', 'secrecy-toward-user/good-protective.json'],
    ['coercive-instruction', 'coercive-instruction/good-same-server.json'],
    ['sensitive-file-access', 'sensitive-file-access/good-filesystem.json'],
    ['data-harvesting-parameter', 'data-harvesting-parameter/good-notes.json'],
    ['exfiltration-channel', 'exfiltration-channel/good-api-docs.json'],
    ['cross-tool-instruction', 'cross-tool-instruction/good-same-server.json'],
  ])('%s stays quiet on %s', (id, fixture) => {
    expect(of(scan(fixture), id)).toEqual([])
  })

  it('the parameter, not the tool, carries the harvesting finding, with the evidence that names it', () => {
    const f = scan('data-harvesting-parameter/bad-sidenote.json').find((x) => x.ruleId === 'data-harvesting-parameter')!
    expect(f.message).toContain('parameter "sidenote" of tool "add"')
    expect(f.message).toContain('catch-all name')
    expect(f.evidence).toContain("pass its content as 'sidenote'")
    expect(f.owasp).toEqual(['MCP03:2025', 'MCP10:2025', 'MCP01:2025'])
    expect(f.cwe).toContain(200)
  })

  it('cross-tool-instruction names the other server\'s tool it gives orders about', () => {
    const f = scan('cross-tool-instruction/bad-whatsapp-shadowing.lock').find((x) => x.ruleId === 'cross-tool-instruction')!
    expect(f.message).toContain('tool "send_message" of server "whatsapp"')
    expect(f.location.server).toBe('facts')
  })

  it('the WhatsApp rug pull is caught from several sides, with or without the WhatsApp server in scope', () => {
    const fs = scan('cross-tool-instruction/bad-whatsapp-shadowing.lock')
    const ids = new Set(fs.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.ruleId))
    expect([...ids].sort()).toEqual(['cross-tool-instruction', 'data-harvesting-parameter', 'exfiltration-channel', 'instruction-block', 'secrecy-toward-user'])
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/rules/cross-tool-instruction/bad-whatsapp-shadowing.lock'), 'utf8'))
    const alone = asDescription(lock.servers.facts.tools.get_fact_of_the_day.descriptor.description)
    const high = new Set(alone.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.ruleId))
    expect(high.has('secrecy-toward-user') && high.has('exfiltration-channel')).toBe(true)
    expect(alone.some((f) => f.ruleId === 'cross-tool-instruction' && f.message.includes('whatsapp'))).toBe(false)
  })
})
