// Hostile input files for every command that reads one: malformed, truncated, empty, binary, 100k-deep,
// 50 MB, over the size cap, 100k keys. The contract (DESIGN.md): exit 2 (input error) or 3 (a lock or
// audit log that fails integrity), a first stderr line `mcp-warden: FILE[:LINE[:COL]]: why`, nothing
// on stdout, no stack trace, and nothing of the file echoed at length. Traces are the exception the
// design makes: a line that is not an event is reported with its number and skipped.
import {spawn} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, FIXTURES} from '../helpers/cli.js'

let dir: string
const at = (f: string) => path.join(dir, f)
const MiB = 1024 * 1024
const LOCK = path.join(FIXTURES, 'traces/mcp.lock')
const TRACE = path.join(FIXTURES, 'traces/session.jsonl')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The built CLI, asynchronously, so that a table of runs shares the cores. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: dir, env: {...process.env, NO_COLOR: '1', MCP_WARDEN_KEY: ''}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdin.end()
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}

/** Run every case, three at a time. */
async function runAll<T>(cases: T[], run: (c: T) => Promise<void>): Promise<void> {
  const queue = [...cases]
  await Promise.all(Array.from({length: 3}, async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) await run(c)
  }))
}

/** The error contract: code, located first line naming the file, no stack, short, nothing on stdout. */
function located(r: Run, file: string, code: 2 | 3, where: 'line' | 'file', what: string): void {
  expect(r.code, `${what}\n${r.stderr}`).toBe(code)
  expect(r.stdout, what).toBe('')
  const first = r.stderr.split('\n')[0]
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // A place in the file: line (and column), or a JSON pointer; the whole file for size and read errors.
  const place = where === 'line' ? `${esc}:\\d+(:\\d+)?: |${esc}: .*\\(at /` : `${esc}: `
  expect(first, what).toMatch(new RegExp(`^mcp-warden: (${place})`))
  expect(r.stderr, what).not.toMatch(/^\s+at /m)
  expect(r.stderr, what).not.toMatch(/\w+Error\b|node:internal/)
  // A hostile file of megabytes must not come back on the terminal.
  expect(r.stderr.length, what).toBeLessThan(2000)
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-hostile-'))
  const lock = readFileSync(LOCK, 'utf8')
  const config = '{"mcpServers": {"notes": {"command": "node", "args": ["notes-server.js"]}}}\n'
  writeFileSync(at('good.json'), config)
  copyFileSync(LOCK, at('good.lock'))
  writeFileSync(at('good.jsonl'), readFileSync(TRACE))
  const files: Record<string, string | Buffer> = {
    'malformed.json': '{"mcpServers": {"x": {"command": "node",, }}}\n',
    'truncated-config.json': config.slice(0, 40),
    'truncated.lock': lock.slice(0, lock.length >> 1),
    'empty.json': '',
    'binary.json': Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0x22, 0x7d]),
    'deep.json': '['.repeat(100_000) + ']'.repeat(100_000),
    'deep-object.json': '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
    // 50 MB in one string that never ends: the parser reads it all, then says where it broke.
    'huge.json': '{"mcpServers": {"x": {"command": "' + 'a'.repeat(50 * MiB),
    'over-cap.json': Buffer.alloc(65 * MiB, 0x20),
    'malformed.yaml': 'servers:\n  fs:\n    trust: [basic\n',
    'deep.yaml': 'servers: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n',
    'huge.yaml': 'servers:\n  x:\n    trust: "' + 'a'.repeat(5 * MiB),
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
    'duplicate.yaml': 'servers:\n  fs:\n    trust: basic\n  fs:\n    trust: privileged\n',
    // The value quoted back in the message is cut, however long it is.
    'long-value.yaml': `fail-on: ${'x'.repeat(100_000)}\n`,
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(at(name), content)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const CONFIG_KINDS = ['malformed.json', 'truncated-config.json', 'empty.json', 'binary.json', 'deep.json', 'deep-object.json', 'huge.json', 'over-cap.json', 'deep.yaml', 'huge.yaml']
const LOCK_KINDS = ['malformed.json', 'truncated.lock', 'empty.json', 'binary.json', 'deep.json', 'deep-object.json', 'huge.json', 'over-cap.json']
const POLICY_KINDS = ['malformed.yaml', 'deep.yaml', 'huge.yaml', 'binary.yaml', 'duplicate.yaml', 'long-value.yaml', 'over-cap.json', 'deep.json']
const whereOf = (f: string) => (f === 'over-cap.json' || f === 'huge.yaml' ? 'file' : 'line')

describe('hostile files, each kind through one command per kind of file', () => {
  it('client configs (scan, lock --config): exit 2, located', async () => {
    // lock --config reads through its own path (discovery): the kinds that reach the parser differently.
    const cases = [...CONFIG_KINDS.map((f) => ['scan', f]), ...['binary.json', 'deep.json', 'huge.json', 'over-cap.json'].map((f) => ['lock', '--config', f])]
    await runAll(cases, async (args) => located(await cli(args), args.at(-1)!, 2, whereOf(args.at(-1)!), args.join(' ')))
  })

  it('locks (verify --lock): exit 3, located', async () => {
    await runAll(LOCK_KINDS, async (f) => located(await cli(['verify', '--lock', f]), f, 3, whereOf(f), f))
  })

  it('policies (scan --policy): exit 2, located, values quoted short', async () => {
    await runAll(POLICY_KINDS, async (f) => located(await cli(['scan', 'good.json', '--policy', f]), f, 2, whereOf(f), f))
    const dup = await cli(['scan', 'good.json', '--policy', 'duplicate.yaml'])
    expect(dup.stderr).toMatch(/^mcp-warden: duplicate\.yaml:4:3: malformed YAML: Map keys must be unique/)
  })

  it('a 40k-key YAML file is read in linear time (no quadratic duplicate-key check)', async () => {
    // With the parser's own uniqueKeys check (quadratic) this took over a minute; linear, a few seconds.
    writeFileSync(at('many-keys.yaml'), 'servers:\n' + Array.from({length: 40_000}, (_, i) => `  s${i}: {trust: basic}\n`).join(''))
    const t = Date.now()
    const r = await cli(['scan', 'good.json', '--policy', 'many-keys.yaml', '--fail-on', 'none'])
    expect(r.code, r.stderr).toBe(0)
    expect(Date.now() - t).toBeLessThan(30_000)
  })

  it('audit logs (verify --audit): exit 3 naming the first bad line; an empty log is an empty chain', async () => {
    await runAll(['malformed.json', 'binary.json', 'deep.json', 'huge.json', 'over-cap.json', 'good.lock'], async (f) => {
      const r = await cli(['verify', '--audit', f])
      located(r, f, 3, 'line', f)
      expect(r.stderr).toMatch(/audit chain broken: line 1 /)
    })
    const empty = await cli(['verify', '--audit', 'empty.json'])
    expect(empty.code).toBe(0)
    expect(empty.stdout).toContain('ok, 0 events')
  })

  it('traces (replay): a line that is not an event is reported by its number and skipped, never a crash', async () => {
    await runAll(['malformed.json', 'binary.json', 'deep.json', 'huge.json', 'good.lock'], async (f) => {
      const r = await cli(['replay', f, '--fail-on', 'none'])
      expect(r.code, `${f}\n${r.stderr}`).toBe(0)
      expect(r.stdout, f).toMatch(new RegExp(`^${f.replace('.', '\\.')}:1:1: medium: trace line 1 is not an event: .* \\[malformed-trace-line\\]$`, 'm'))
      expect(r.stdout.length, f).toBeLessThan(20_000)
      expect(r.stderr, f).not.toMatch(/^\s+at /m)
    })
  })
})

describe('one hostile file through every command and flag that reads it', () => {
  // The 100k-deep file overflowed the stack of the JSON parser (an uncaught RangeError, exit 1).
  const runs: Array<[string[], string, 2 | 3]> = [
    [['scan', 'deep.json'], 'deep.json', 2],
    [['scan', 'good.json', '--policy', 'deep.yaml'], 'deep.yaml', 2],
    [['lock', '--config', 'deep.json'], 'deep.json', 2],
    [['check', '--no-probe', '--config', 'deep.json', '--lock', 'good.lock'], 'deep.json', 2],
    [['check', '--no-probe', '--config', 'good.json', '--lock', 'deep.json'], 'deep.json', 3],
    [['check', '--no-probe', '--config', 'good.json', '--lock', 'good.lock', '--policy', 'deep.yaml'], 'deep.yaml', 2],
    [['diff', 'deep.json', 'good.lock'], 'deep.json', 3],
    [['diff', 'good.lock', 'deep-object.json'], 'deep-object.json', 3],
    [['verify', '--lock', 'deep.json'], 'deep.json', 3],
    [['replay', 'good.jsonl', '--lock', 'deep.json'], 'deep.json', 3],
    [['replay', 'good.jsonl', '--policy', 'deep.yaml'], 'deep.yaml', 2],
    [['wrap', '--lock', 'deep.json', '--', 'node', '-e', '0'], 'deep.json', 3],
    [['wrap', '--policy', 'deep.yaml', '--', 'node', '-e', '0'], 'deep.yaml', 2],
  ]
  it('exit 2 or 3, located, no stack', async () => {
    await runAll(runs, async ([args, file, code]) => located(await cli(args), file, code, 'line', args.join(' ')))
  })

  it('a document nested 1000 levels deep is still read (the cap is far above real files)', async () => {
    let schema: unknown = {type: 'string'}
    for (let i = 0; i < 495; i++) schema = {type: 'object', properties: {a: schema}}
    writeFileSync(at('deep-ok.json'), JSON.stringify({tools: [{name: 't', description: 'Echo a value.', inputSchema: schema}]}))
    const r = await cli(['scan', 'deep-ok.json', '--format', 'sarif', '--fail-on', 'none'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).version).toBe('2.1.0')
  })
})

describe('paths from the command line', () => {
  it('a missing file, a folder, an unreadable file', async () => {
    writeFileSync(at('unreadable.json'), '{}')
    // root reads a file whatever its mode, so the case only means something for other users.
    const unreadable: Array<readonly [string[], string, 2 | 3]> = process.getuid?.() === 0 ? [] : [[['scan', 'unreadable.json'], 'unreadable.json', 2]]
    if (unreadable.length > 0) (await import('node:fs')).chmodSync(at('unreadable.json'), 0)
    const runs: Array<readonly [string[], string, 2 | 3]> = [
      [['scan', 'nope.json'], 'nope.json', 2],
      [['verify', '--lock', 'nope.lock'], 'nope.lock', 2],
      [['verify', '--audit', '.'], '.', 2],
      [['replay', '.'], '.', 2],
      [['lock', '--config', '.'], '.', 2],
      [['scan', 'good.json', '--policy', '.'], '.', 2],
      ...unreadable,
    ]
    await runAll(runs, async ([args, file, code]) => located(await cli(args), file, code, 'file', args.join(' ')))
  })
})


