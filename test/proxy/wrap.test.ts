// `wrap` as users run it: the built CLI between real clients (the MCP SDK, the Inspector CLI, a raw
// peer) and real servers (the reference servers, the runtime fixtures), with the real pipeline.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {afterEach, describe, expect, it} from 'vitest'
import {verifyAuditFile} from '../../src/audit/verify.js'
import {DENY_CODES} from '../../src/pipeline/types.js'
import {BIN, ROOT, runCli} from '../helpers/cli.js'
import {alive, EVERYTHING, FILESYSTEM, readPids, server, waitUntil, wrapProcess, type Json, type WrapProcess} from './helpers.js'

const node = process.execPath
const tmp = () => mkdtempSync(path.join(tmpdir(), 'warden-wrap-'))
let procs: WrapProcess[] = []
const wrap = (...a: Parameters<typeof wrapProcess>) => {
  const w = wrapProcess(...a)
  procs.push(w)
  return w
}
afterEach(() => {
  for (const w of procs) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
  procs = []
})

describe('wrap with real clients and servers', () => {
  it('lets the SDK client list and call tools of server-everything', async () => {
    const transport = new StdioClientTransport({command: node, args: [BIN, 'wrap', '--name', 'everything', '--', node, EVERYTHING], stderr: 'pipe', cwd: ROOT})
    const client = new Client({name: 'wrap-test', version: '1.0.0'})
    await client.connect(transport)
    try {
      const {tools} = await client.listTools()
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']))
      const echo = await client.callTool({name: 'echo', arguments: {message: 'hello through wrap'}})
      expect(echo.content).toEqual([{type: 'text', text: 'Echo: hello through wrap'}])
      const sum = await client.callTool({name: 'get-sum', arguments: {a: 2, b: 3}})
      expect(sum.content).toEqual([{type: 'text', text: 'The sum of 2 and 3 is 5.'}])
    } finally {
      await client.close()
    }
  })

  it('lets the SDK client read a file through server-filesystem', async () => {
    const dir = tmp()
    writeFileSync(path.join(dir, 'notes.txt'), 'first line\nsecond line\n')
    const transport = new StdioClientTransport({command: node, args: [BIN, 'wrap', '--name', 'fs', '--', node, FILESYSTEM, dir], stderr: 'pipe', cwd: ROOT})
    const client = new Client({name: 'wrap-test', version: '1.0.0'})
    await client.connect(transport)
    try {
      const r = await client.callTool({name: 'read_text_file', arguments: {path: path.join(dir, 'notes.txt')}})
      expect(r.content).toEqual([{type: 'text', text: 'first line\nsecond line\n'}])
    } finally {
      await client.close()
    }
  })

  it('works under the MCP Inspector CLI', () => {
    // inspector-cli 1.0.3 looks for its package.json relative to the working folder: run it from its
    // build folder. It splits its own argv at the first `--`, so wrap gets the server with --command.
    const cwd = path.join(ROOT, 'node_modules/@modelcontextprotocol/inspector-cli/build')
    // The Inspector swallows the server's stderr: the audit log shows the session went through wrap.
    const audit = path.join(tmp(), 'audit.jsonl')
    const run = (...method: string[]) =>
      spawnSync(node, ['cli.js', '--cli', node, BIN, 'wrap', '--name', 'everything', '--audit', audit, '--command', `"${node}" "${EVERYTHING}"`, ...method], {cwd, encoding: 'utf8', timeout: 60_000})
    const call = run('--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'message=inspected')
    expect(call.status, call.stderr).toBe(0)
    expect(JSON.parse(call.stdout)).toEqual({content: [{type: 'text', text: 'Echo: inspected'}]})
    const events = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(events).toContainEqual(expect.objectContaining({server: 'everything', dir: 'c2s', method: 'tools/call', tool: 'echo', action: 'allow'}))
    const list = run('--method', 'tools/list')
    expect(list.status, list.stderr).toBe(0)
    expect((JSON.parse(list.stdout) as Json).tools.map((t: Json) => t.name)).toContain('get-sum')
  })
})

describe('wrap: bytes on the wire', () => {
  it('passes client bytes to the server unchanged, CRLF and odd formatting included', async () => {
    const dir = tmp()
    const got = path.join(dir, 'received.bin')
    const w = wrap(['--', node, server('runtime-tee.mjs'), got])
    const sent =
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n' +
      '{ "jsonrpc" : "2.0" , "method" : "notifications/initialized" }\r\n' +
      '{"method":"ping","id":"p-\\u00e9","jsonrpc":"2.0"}\n' +
      '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"café 漢字 🎉 \\"q\\" \\\\","n":1.50,"e":1e2}}}\n'
    const bytes = Buffer.from(sent)
    // One byte at a time for the first message, the rest in one write.
    for (let i = 0; i < 60; i++) {
      w.child.stdin.write(bytes.subarray(i, i + 1))
      await new Promise((r) => setImmediate(r))
    }
    w.child.stdin.write(bytes.subarray(60))
    await w.peer.waitFor((m) => m.id === 3)
    w.child.stdin.end()
    expect(await w.exit).toEqual({code: 0, signal: null})
    expect(readFileSync(got).equals(bytes)).toBe(true)
  })

  it('passes server bytes to the client unchanged', async () => {
    const dir = tmp()
    const script = path.join(dir, 'script.jsonl')
    const text =
      '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"caf\\u00e9  spaced  "}}\r\n' +
      '{ "method":"notifications/progress" , "params":{"progressToken":"t","progress":0.50,"total":1E1},"jsonrpc":"2.0"}\n'
    writeFileSync(script, text)
    const w = wrap(['--', node, server('runtime-tee.mjs'), path.join(dir, 'got.bin'), script])
    await w.peer.waitFor((m) => m.method === 'notifications/progress')
    w.child.stdin.end()
    await w.exit
    expect(w.peer.bytes.toString('utf8')).toBe(text)
  })

  it('keeps garbage off the wire in both directions and the session going', async () => {
    const dir = tmp()
    const w = wrap(['--audit', path.join(dir, 'audit.jsonl'), '--', node, server('runtime-garbage.mjs')])
    await w.peer.initialize()
    w.peer.send('this line is not json\n')
    const r = await w.peer.request('tools/call', {name: 'echo', arguments: {message: 'hi'}})
    expect(r.result.content[0].text).toBe('Echo: hi')
    w.child.stdin.end()
    expect((await w.exit).code).toBe(0)
    expect(w.peer.garbage).toEqual([])
    expect(w.stderr()).toMatch(/rejected s2c: server sent an invalid message: message is not JSON/)
    expect(w.stderr()).toMatch(/rejected c2s: client sent an invalid message: message is not JSON/)
    const audit = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(audit.filter((e) => e.ruleIds.includes('invalid-message')).map((e) => e.dir).sort()).toEqual(['c2s', 's2c', 's2c', 's2c'])
  })

  it('passes a 20 MiB message each way (twice the SDK\'s limit)', async () => {
    // Content scanning off: this is about framing and limits, not about how fast 20 MiB are scanned.
    const dir = tmp()
    const policy = path.join(dir, 'mcp-warden.yaml')
    writeFileSync(policy, 'actions: {injection: allow, secrets: allow, pii: allow, hidden: allow}\n')
    const w = wrap(['--policy', policy, '--', node, server('runtime-payload.mjs')])
    await w.peer.initialize()
    const size = 20 * 1024 * 1024
    const up = await w.peer.request('tools/call', {name: 'size', arguments: {data: 'x'.repeat(size)}}, 60_000)
    expect(up.result.content[0].text).toBe(String(size))
    const down = await w.peer.request('tools/call', {name: 'blob', arguments: {bytes: size}}, 60_000)
    expect(down.result.content[0].text).toHaveLength(size)
    w.child.stdin.end()
    expect((await w.exit).code).toBe(0)
  })

  it('rejects a message over the limit with an error to its sender, streaming it through in flat memory', async () => {
    const dir = tmp()
    const policy = path.join(dir, 'mcp-warden.yaml')
    writeFileSync(policy, 'limits:\n  maxMessageBytes: 1048576\n')
    const w = wrap(['--policy', policy, '--', node, server('runtime-payload.mjs')])
    await w.peer.initialize()
    const stdin = w.child.stdin
    const write = (chunk: string | Buffer) => (stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => stdin.once('drain', () => r())))
    await write('{"jsonrpc":"2.0","method":"tools/call","params":{"name":"size","arguments":{"data":"')
    const mib = Buffer.alloc(1024 * 1024, 0x61)
    for (let i = 0; i < 384; i++) await write(mib)
    await write('"}},"id":"big"}\n')
    const err = await w.peer.waitFor((m) => m.id === 'big', 60_000)
    expect(err.error.code).toBe(DENY_CODES.invalid)
    expect(err.error.message).toContain('over the limit of 1048576')
    const status = readFileSync(`/proc/${w.child.pid}/status`, 'utf8')
    const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1])
    // 384 MiB went through. The peak is the idle size (about 85 MiB with the pipeline loaded) plus
    // chunks the GC has not collected yet (2 GiB measured 135 MiB): bounded, not growing with the line.
    expect(peakKiB).toBeLessThan(200 * 1024)
    expect((await w.peer.request('ping')).result).toEqual({})
    stdin.end()
    expect((await w.exit).code).toBe(0)
  })
})

describe('wrap: the server and the client going away', () => {
  it('answers the requests in flight when the server crashes, and exits with its code', async () => {
    const w = wrap(['--', node, server('runtime-crash.mjs')])
    await w.peer.initialize()
    const inFlight = [
      w.peer.request('tools/call', {name: 'slow', arguments: {ms: 20_000}}),
      w.peer.request('tools/call', {name: 'slow', arguments: {ms: 20_000}}),
      w.peer.request('tools/call', {name: 'crash', arguments: {delayMs: 200, code: 3}}),
    ]
    for (const a of await Promise.all(inFlight)) expect(a.error).toMatchObject({code: DENY_CODES.serverGone, message: expect.stringContaining('exited with code 3')})
    // The client never closed stdin: wrap still ends with the server.
    expect(await w.exit).toEqual({code: 3, signal: null})
  })

  it('dies by the signal that killed the server', async () => {
    const w = wrap(['--', node, server('runtime-crash.mjs')])
    const a = await w.peer.request('tools/call', {name: 'crash', arguments: {signal: 'SIGUSR2'}})
    expect(a.error.code).toBe(DENY_CODES.serverGone)
    expect(await w.exit).toEqual({code: null, signal: 'SIGUSR2'})
  })

  it('ends a server that ignores stdin EOF and SIGTERM when the client leaves, leaving no process behind', async () => {
    const pidfile = path.join(tmp(), 'pids')
    const w = wrap(['--grace', '300', '--', node, server('runtime-stubborn.mjs'), '--pidfile', pidfile])
    await w.peer.initialize()
    const pids = readPids(pidfile)
    expect(pids.every(alive)).toBe(true)
    w.child.stdin.end()
    expect(await w.exit).toEqual({code: null, signal: 'SIGKILL'})
    for (const pid of pids) await waitUntil(() => !alive(pid), 3000, `pid ${pid} to end`)
    expect(w.stderr()).toContain('client left (it closed stdin); stopping the server')
  })

  it('on SIGTERM, ends the server, completes the audit log and the recording, and dies by SIGTERM', async () => {
    const dir = tmp()
    const auditFile = path.join(dir, 'audit.jsonl')
    const traceFile = path.join(dir, 'trace.jsonl')
    const w = wrap(['--name', 'payload', '--audit', auditFile, '--record', traceFile, '--', node, server('runtime-payload.mjs')])
    await w.peer.initialize()
    for (let i = 0; i < 20; i++) await w.peer.request('tools/call', {name: 'blob', arguments: {bytes: 100 + i}})
    w.peer.send('not json\n')
    await w.peer.request('ping')
    w.child.kill('SIGTERM')
    expect(await w.exit).toEqual({code: null, signal: 'SIGTERM'})
    // initialize ×2, initialized, 20 calls ×2, the garbage line, ping ×2
    const messages = 2 + 1 + 40 + 1 + 2
    const verified = await verifyAuditFile(auditFile)
    expect(verified).toMatchObject({ok: true, lines: messages})
    expect(w.stderr()).toContain(`audit: ${messages} events in ${auditFile}, chain head ${verified.head}`)
    const trace = readFileSync(traceFile, 'utf8').trimEnd().split('\n')
    expect(trace).toHaveLength(messages)
    for (const line of trace) {
      const e = JSON.parse(line)
      expect(Object.keys(e)).toEqual(['ts', 'server', 'dir', 'msg'])
      expect(new Date(e.ts).toISOString()).toBe(e.ts)
      expect(e.server).toBe('payload')
      expect(['c2s', 's2c']).toContain(e.dir)
    }
    expect(JSON.parse(trace[0]).msg).toMatchObject({jsonrpc: '2.0', id: 1, method: 'initialize'})
    expect(trace.map((l) => JSON.parse(l).msg)).toContain('not json')
  })

  it('forwards SIGINT and exits with the server\'s code when the server handles it', async () => {
    const dir = tmp()
    const script = path.join(dir, 'graceful.mjs')
    writeFileSync(
      script,
      "process.on('SIGINT', () => process.exit(0)); process.stdin.resume()\n" +
        'process.stdout.write(\'{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"ready"}}\\n\')\n',
    )
    const w = wrap(['--', node, script])
    // Once a message from the server arrives, wrap is up and handles signals.
    await w.peer.waitFor((m) => m.params?.data === 'ready')
    w.child.kill('SIGINT')
    expect(await w.exit).toEqual({code: 0, signal: null})
  })
})

describe('wrap: command line', () => {
  it('takes the server as one string with --command', async () => {
    const w = wrap(['--command', `"${node}" "${server('runtime-payload.mjs')}"`])
    expect((await w.peer.initialize()).result.serverInfo.name).toBe('runtime-payload')
    w.child.stdin.end()
    expect((await w.exit).code).toBe(0)
  })

  it('refuses to run without a command, or with two, as a usage error with nothing on stdout', () => {
    const none = runCli(['wrap'])
    expect(none).toMatchObject({code: 2, stdout: ''})
    expect(none.stderr).toContain('no server command to wrap')
    const both = runCli(['wrap', '--command', 'node x.js', '--', 'node', 'y.js'])
    expect(both).toMatchObject({code: 2, stdout: ''})
    const stray = runCli(['wrap', 'node', 'server.js'])
    expect(stray).toMatchObject({code: 2, stdout: ''})
    expect(stray.stderr).toContain('unexpected argument "node" before --')
  })

  it('exits 4 when the server cannot be started', () => {
    const r = runCli(['wrap', '--', 'mcp-warden-no-such-server'])
    expect(r).toMatchObject({code: 4, stdout: ''})
    expect(r.stderr).toContain('cannot start the server: ENOENT')
  })

  it('does not read the client\'s first message as an argument', async () => {
    // The message is already waiting on stdin when wrap starts, as when a client writes before the child is up.
    const child = spawn(node, [BIN, 'wrap', '--', node, server('runtime-payload.mjs')], {cwd: ROOT})
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n')
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await waitUntil(() => out.includes('\n'), 20_000, 'the ping answer')
    expect(out).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n')
    child.stdin.end()
    await new Promise((r) => child.once('exit', r))
  })
})
