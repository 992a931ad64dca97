// The whole pipeline on single messages: content scanning of arguments and every text the model
// reads, the per-category actions of the policy, redaction that replaces only the secret, rejections
// that answer with a stable code and an actionable message, and the Decision fields the audit needs.
import {describe, expect, it} from 'vitest'
import {DENY_CODES} from '../../src/pipeline/types.js'
import {AWS_KEY, GITHUB_TOKEN, INJECTION, session, text} from './helpers.js'

describe('content of results', () => {
  it('redacts a secret by default, replacing only the secret and keeping everything else', () => {
    const s = session()
    const result = {content: [{type: 'text', text: `token=${GITHUB_TOKEN} level=info`}, {type: 'image', data: 'aGVsbG8=', mimeType: 'image/png'}], structuredContent: {env: {GITHUB_TOKEN, LEVEL: 'info'}, n: 3}, isError: false}
    const {response} = s.call('read_env', {}, result)
    expect(response).toMatchObject({action: 'redact', ruleIds: ['secret-in-message'], method: 'tools/call', tool: 'read_env', kind: 'response'})
    const forwarded = JSON.parse(response!.forward!)
    const expected = structuredClone({jsonrpc: '2.0', id: forwarded.id, result})
    expected.result.content[0].text = 'token=ghp_**** level=info'
    expected.result.structuredContent.env.GITHUB_TOKEN = 'ghp_****'
    expect(forwarded).toEqual(expected)
    expect(response!.findings.map((f) => f.location.pointer).sort()).toEqual(['/result/content/0/text', '/result/structuredContent/env/GITHUB_TOKEN'])
    expect(new Set(response!.findings.map((f) => f.fingerprint)).size).toBe(2)
    expect(JSON.stringify(response!.findings)).not.toContain(GITHUB_TOKEN)
  })

  it('scans a text mirrored in structuredContent once, and redacts it in both places', () => {
    const line = `export GITHUB_TOKEN=${GITHUB_TOKEN}`
    const {response} = session().call('read_file', {path: '.envrc'}, {content: [{type: 'text', text: line}], structuredContent: {content: line}})
    expect(response!.findings.map((f) => f.location.pointer).sort()).toEqual(['/result/content/0/text', '/result/structuredContent/content'])
    expect(new Set(response!.findings.map((f) => f.fingerprint)).size).toBe(2)
    const forwarded = JSON.parse(response!.forward!)
    expect([forwarded.result.content[0].text, forwarded.result.structuredContent.content]).toEqual(['export GITHUB_TOKEN=ghp_****', 'export GITHUB_TOKEN=ghp_****'])
  })

  it('rejects an injected result with a JSON-RPC error for the same id that says how to allow it', () => {
    const s = session()
    s.send('c2s', {jsonrpc: '2.0', id: 'call-7', method: 'tools/call', params: {name: 'read_page', arguments: {}}})
    const d = s.send('s2c', {jsonrpc: '2.0', id: 'call-7', result: text(INJECTION)})
    expect(d.action).toBe('reject')
    expect(d.ruleIds).toContain('prompt-override')
    expect(d.respond).toMatchObject({jsonrpc: '2.0', id: 'call-7', error: {code: DENY_CODES.content, data: {server: 'srv', tool: 'read_page'}}})
    expect(d.respond!.error.message).toMatch(/^mcp-warden refused the result of tools\/call read_page: .+ \[[a-z-]+\]; to let it through, set actions\.injection: flag in mcp-warden\.yaml, or add a suppression \{rule: [a-z-]+, server: srv, tool: read_page, reason: \.\.\.\}$/)
  })

  it('flags, not rejects, an injection the detectors rate below high: a suspicion never breaks a session', () => {
    const {response} = session().call('read', {}, text('[system] maintenance window tonight'))
    expect(response!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['instruction-block', 'medium']])
    expect(response!.action).toBe('flag')
    expect(response!.respond).toBeUndefined()
  })

  it('flags personal data by default and forwards the original bytes', () => {
    const {response} = session().call('lookup', {}, text('Jane Doe, jane.doe@example.com, SSN 123-45-6789'))
    expect(response).toMatchObject({action: 'flag', ruleIds: ['pii-in-message']})
    expect(response!.forward).toBeUndefined()
    expect(response!.findings.map((f) => f.evidence).sort()).toEqual(['***-**-6789', 'j***@example.com'])
  })

  it('scans embedded resources, resource links, error results, prompts and resource reads', () => {
    const s = session()
    const cases: Array<[string, unknown, string]> = [
      ['tools/call', {content: [{type: 'resource', resource: {uri: 'file:///a', text: `key ${AWS_KEY}`}}]}, '/result/content/0/resource/text'],
      ['tools/call', {content: [{type: 'resource_link', uri: 'file:///a', name: 'a', description: `key ${AWS_KEY}`}]}, '/result/content/0/description'],
      ['tools/call', {content: [{type: 'text', text: `failed with ${AWS_KEY}`}], isError: true}, '/result/content/0/text'],
      ['prompts/get', {messages: [{role: 'user', content: {type: 'text', text: `use ${AWS_KEY}`}}]}, '/result/messages/0/content/text'],
      ['resources/read', {contents: [{uri: 'file:///a', text: `aws ${AWS_KEY}`}]}, '/result/contents/0/text'],
    ]
    for (const [i, [method, result, pointer]] of cases.entries()) {
      s.send('c2s', {jsonrpc: '2.0', id: i, method, params: {name: 'x', uri: 'file:///a'}})
      const d = s.send('s2c', {jsonrpc: '2.0', id: i, result})
      expect(d, `${method} ${pointer}`).toMatchObject({action: 'redact', method})
      expect(d.findings[0].location.pointer).toBe(pointer)
      expect(d.forward).not.toContain(AWS_KEY)
    }
  })

  it('scans a JSON-RPC error message the client will show', () => {
    const s = session()
    s.send('c2s', {jsonrpc: '2.0', id: 1, method: 'tools/call', params: {name: 'x', arguments: {}}})
    const d = s.send('s2c', {jsonrpc: '2.0', id: 1, error: {code: -32603, message: `connect failed: postgres://app:${'hunter2hunter2'}@db.internal/app`}})
    expect(d).toMatchObject({action: 'redact', ruleIds: ['secret-in-message']})
    expect(JSON.parse(d.forward!).error.message).toBe('connect failed: postgres://app:****@db.internal/app')
  })

  it('does not scan texts nobody reads as content: listings, initialize, images', () => {
    const s = session()
    s.send('c2s', {jsonrpc: '2.0', id: 0, method: 'initialize', params: {}})
    expect(s.send('s2c', {jsonrpc: '2.0', id: 0, result: {serverInfo: {name: 'x'}, instructions: INJECTION}}).action).toBe('allow')
    expect(s.call('img', {}, {content: [{type: 'image', data: Buffer.from(INJECTION).toString('base64'), mimeType: 'image/png'}]}).response!.action).toBe('allow')
  })
})

describe('content of requests', () => {
  it('redacts a secret in tool arguments', () => {
    const d = session().call('call_api', {url: 'https://api.example/x', headers: {Authorization: `token ${GITHUB_TOKEN}`}}).request
    expect(d).toMatchObject({action: 'redact', ruleIds: ['secret-in-message'], kind: 'request'})
    expect(JSON.parse(d.forward!).params.arguments.headers.Authorization).toBe('token ghp_****')
  })

  it('does not read arguments as instructions: the model wrote them for the tool (src/rules/evidence.ts)', () => {
    expect(session().call('save_note', {body: INJECTION}).request.action).toBe('allow')
  })

  it('rejects a refused call by answering the client, with no bytes for the server', () => {
    const d = session({actions: {pii: 'reject'}}).call('save_contact', {email: 'jane.doe@example.com'}).request
    expect(d).toMatchObject({action: 'reject', kind: 'request', ruleIds: ['pii-in-message'], respond: {error: {code: DENY_CODES.content}}})
    expect(d.forward).toBeUndefined()
  })

  it('scans sampling requests from the server, whose text goes to the model', () => {
    const d = session().send('s2c', {jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: {messages: [{role: 'user', content: {type: 'text', text: INJECTION}}], maxTokens: 100}})
    expect(d).toMatchObject({action: 'reject', kind: 'request', method: 'sampling/createMessage', respond: {id: 's1'}})
  })
})

describe('the policy decides the action', () => {
  it('secrets: reject refuses instead of redacting', () => {
    const {response} = session({actions: {secrets: 'reject'}}).call('read_env', {}, text(`key ${AWS_KEY}`))
    expect(response).toMatchObject({action: 'reject', respond: {error: {code: DENY_CODES.content}}})
    expect(response!.respond!.error.message).toContain('set actions.secrets: flag')
  })

  it('pii: redact masks the values in place', () => {
    const {response} = session({actions: {pii: 'redact'}}).call('lookup', {}, text('call 202-456-1111 or mail jane@example.com'))
    expect(JSON.parse(response!.forward!).result.content[0].text).toBe('call ****1111 or mail j***@example.com')
  })

  it('injection: redact replaces the whole text, and flag lets it pass', () => {
    const redacted = session({actions: {injection: 'redact'}}).call('read_page', {}, text(INJECTION)).response!
    expect(redacted.action).toBe('redact')
    expect(JSON.parse(redacted.forward!).result.content[0].text).toMatch(/^\[mcp-warden: text removed, it looked like a prompt injection \(.+\)\]$/)
    expect(session({actions: {injection: 'flag'}}).call('read_page', {}, text(INJECTION)).response!.action).toBe('flag')
  })

  it('allow turns a category off: its rules do not run, nothing is reported', () => {
    const {response} = session({actions: {secrets: 'allow'}}).call('read_env', {}, text(`key ${AWS_KEY}`))
    expect(response).toMatchObject({action: 'allow', findings: []})
  })

  it('a suppression keeps the finding (marked) and lets the message pass', () => {
    const policy = {suppressions: [{rule: 'pii-in-message', server: 'srv', tool: 'crm_lookup', reason: 'the CRM is meant to return contacts'}]}
    const {response} = session({...policy, actions: {pii: 'reject'}}).call('crm_lookup', {}, text('jane@example.com'))
    expect(response).toMatchObject({action: 'allow', ruleIds: []})
    expect(response!.findings[0].suppressed).toEqual({reason: 'the CRM is meant to return contacts'})
  })

  it('a severity override from the policy reaches the findings', () => {
    const {response} = session({rules: {'pii-in-message': {severity: 'critical'}}}).call('lookup', {}, text('jane@example.com'))
    expect(response!.findings[0].severity).toBe('critical')
  })
})

describe('invalid messages and notifications', () => {
  it('drops garbage with a logged decision and no answer', () => {
    const d = session().send('s2c', 'Server started on port 3000')
    expect(d).toMatchObject({action: 'reject', ruleIds: ['invalid-message'], reason: 'server sent an invalid message: message is not JSON'})
    expect(d.respond).toBeUndefined()
    expect(d.kind).toBeUndefined()
  })

  it('answers a broken request that has an id with a parse error', () => {
    const d = session().send('c2s', '{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{')
    expect(d).toMatchObject({action: 'reject', kind: 'request', id: 12, respond: {id: 12, error: {code: DENY_CODES.parse}}})
  })

  it('answers a request over the size limit with an invalid-request error', () => {
    const d = session({limits: {maxMessageBytes: 100}}).send('c2s', {jsonrpc: '2.0', id: 3, method: 'tools/call', params: {name: 'x', arguments: {t: 'a'.repeat(200)}}})
    expect(d).toMatchObject({action: 'reject', respond: {id: 3, error: {code: DENY_CODES.invalid}}})
    expect(d.respond!.error.message).toContain('raise limits.maxMessageBytes or limits.maxDepth in mcp-warden.yaml')
  })

  it('never answers a notification, even a rejected one', () => {
    const d = session().send('s2c', {jsonrpc: '2.0', method: 'notifications/message', params: {level: 'info', data: INJECTION}})
    expect(d).toMatchObject({action: 'allow', kind: 'notification'})
    const bad = session().send('c2s', {jsonrpc: '1.0', method: 'notifications/initialized'})
    expect(bad).toMatchObject({action: 'reject'})
    expect(bad.respond).toBeUndefined()
  })
})

describe('decisions carry what the audit needs', () => {
  it('method, tool, id, kind, size and line on allowed messages too', () => {
    const s = session()
    const msg = {jsonrpc: '2.0', id: 'a', method: 'tools/call', params: {name: 'echo', arguments: {text: 'hi'}}}
    const req = s.send('c2s', msg)
    expect(req).toEqual({action: 'allow', ruleIds: [], findings: [], dir: 'c2s', line: 1, bytes: JSON.stringify(msg).length, method: 'tools/call', tool: 'echo', id: 'a', kind: 'request'})
    const res = s.send('s2c', {jsonrpc: '2.0', id: 'a', result: text('hi')})
    expect(res).toMatchObject({method: 'tools/call', tool: 'echo', id: 'a', kind: 'response', line: 2})
  })

  it('matches ids by type: 1 and "1" are different requests', () => {
    const s = session()
    s.send('c2s', {jsonrpc: '2.0', id: 1, method: 'tools/call', params: {name: 'one', arguments: {}}})
    s.send('c2s', {jsonrpc: '2.0', id: '1', method: 'tools/call', params: {name: 'string-one', arguments: {}}})
    expect(s.send('s2c', {jsonrpc: '2.0', id: '1', result: text('x')}).tool).toBe('string-one')
    expect(s.send('s2c', {jsonrpc: '2.0', id: 1, result: text('x')}).tool).toBe('one')
  })

  it('keeps the table of requests in flight bounded', () => {
    const s = session({rateLimit: {perMinute: 1_000_000, perHour: 1_000_000}})
    for (let i = 0; i < 12_000; i++) s.send('c2s', {jsonrpc: '2.0', id: i, method: 'tools/call', params: {name: 'echo', arguments: {}}})
    // The oldest requests were forgotten; their late answers are still scanned by shape.
    expect(s.send('s2c', {jsonrpc: '2.0', id: 0, result: text(`k ${AWS_KEY}`)})).toMatchObject({action: 'redact'})
    expect(s.send('s2c', {jsonrpc: '2.0', id: 0, result: text('x')}).tool).toBeUndefined()
    expect(s.send('s2c', {jsonrpc: '2.0', id: 11_999, result: text('x')}).tool).toBe('echo')
  })

  it('stamps findings with the line and keeps two identical messages apart', () => {
    const s = session()
    const a = s.call('read_env', {}, text(`k ${AWS_KEY}`)).response!
    const b = s.call('read_env', {}, text(`k ${AWS_KEY}`)).response!
    expect(a.findings[0].location).toMatchObject({file: '-', line: 2, column: 1, server: 'srv', kind: 'message', name: 'read_env'})
    expect(b.findings[0].location.line).toBe(4)
    expect(a.findings[0].fingerprint).not.toBe(b.findings[0].fingerprint)
  })
})

describe('what the policy cannot turn off', () => {
  it('an unreadable message is refused even when its rule is off or suppressed', () => {
    for (const policy of [{rules: {'invalid-message': 'off' as const}}, {suppressions: [{rule: 'invalid-message', server: 'srv', reason: 'noisy server'}]}]) {
      const d = session(policy).send('s2c', 'debug: starting')
      expect(d.action).toBe('reject')
      expect(d.findings.map((f) => f.ruleId)).toEqual(['invalid-message'])
    }
  })
})

describe('weak findings of heuristic detectors', () => {
  it('a lone zero-width character in a result is reported but only flagged, not rejected', () => {
    const {response} = session().call('read_page', {}, text('Hello\u200Bworld, all fine here.'))
    expect(response!.action).toBe('flag')
    expect(response!.findings.every((f) => f.severity === 'low' || f.severity === 'info')).toBe(true)
  })
})
