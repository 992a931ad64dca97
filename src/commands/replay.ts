// `replay TRACE`: flags, then the replay core (src/replay/) and the shared reporters.
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand, reportFlags} from '../cli/base.js'
import {emit, failOnOf} from '../cli/output.js'
import {combineExitCodes, ExitCode} from '../core/exit-codes.js'
import type {ReplayCounts} from '../replay/replay.js'
import {codeSpan} from '../report/md-escape.js'

export default class Replay extends BaseCommand {
  static override summary = 'Run a recorded session through the runtime pipeline and report its decisions and findings.'
  static override description =
    'TRACE is a JSON Lines trace written by `wrap --record` (one event a line: ts, server, dir, msg), or a Claude Desktop MCP log (mcp-server-NAME.log); the format is detected. The trace is streamed, so its size does not matter. Each server gets its own pipeline, and the recorded times drive the rate limits, so two replays reach the same decisions, and the same ones `wrap` reached. A line that is not an event is reported (malformed-trace-line) and skipped. Decisions other than allow are listed (at most --keep of them; all are counted). Exit codes: 1 when a finding reaches --fail-on, 2 for an unreadable trace or policy, 3 for a bad lock.'
  static override examples = [
    '<%= config.bin %> replay trace.jsonl',
    '<%= config.bin %> replay trace.jsonl --policy new-policy.yaml --format json',
    '<%= config.bin %> replay ~/Library/Logs/Claude/mcp-server-filesystem.log --fail-on none',
    '<%= config.bin %> replay trace.jsonl --lock mcp.lock --format sarif --output replay.sarif',
    '<%= config.bin %> replay trace.jsonl --markdown replay.md --sarif replay.sarif',
  ]
  static override args = {trace: Args.string({description: 'trace file (JSON Lines or a Claude Desktop MCP log), or - for standard input', required: true})}
  static override flags = {
    ...reportFlags,
    lock: Flags.string({summary: 'Lock to check listings against (default: mcp.lock when present).'}),
    server: Flags.string({summary: 'Replay only this server (events without a server name are taken to be its).'}),
    keep: Flags.integer({min: 1, default: 10_000, summary: 'Keep at most this many decisions and this many findings in the report (all are counted).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Replay)
    // Loaded here: `--help` and other commands do not pay for the pipeline and its rules.
    const [{loadPolicy}, {loadVerifiedLock}, {keyFromEnv}, {replay, failsOn}, {RULES}] = await Promise.all([
      import('../policy/load.js'),
      import('../lock/read.js'),
      import('../lock/sign.js'),
      import('../replay/replay.js'),
      import('../rules/registry.js'),
    ])
    const policy = loadPolicy(flags.policy)
    const {file: lockFile, lock} = loadVerifiedLock(flags.lock, keyFromEnv())
    const result = await replay({
      file: args.trace,
      ...(args.trace === '-' ? {stdin: process.stdin} : {}),
      policy,
      ...(lock ? {lock} : {}),
      ...(flags.server === undefined ? {} : {server: flags.server}),
      keep: flags.keep,
    })
    const {counts, omitted} = result
    const summary: Record<string, number> = {...result.totals, ...counts}
    if (omitted.decisions > 0) summary.omittedDecisions = omitted.decisions
    if (omitted.findings > 0) summary.omittedFindings = omitted.findings
    const failOn = failOnOf(flags['fail-on'], policy)
    const code = emit(
      {
        findings: result.findings,
        rules: RULES,
        inputs: [args.trace, ...(lockFile ? [lockFile] : []), ...(policy.file ? [policy.file] : [])],
        extra: {decisions: result.decisions},
        extraSummary: summary,
        textAppendix: countsLine(result.counts, result.servers, omitted),
        markdownAppendix: countsTable(result.counts, result.servers),
      },
      flags,
      failOn,
    )
    this.setExit(combineExitCodes(code, failsOn(result, failOn) ? ExitCode.findings : ExitCode.ok))
  }
}

function countsLine(c: ReplayCounts, servers: string[], omitted: {decisions: number; findings: number}): string {
  let s = `replayed ${c.messages} message${c.messages === 1 ? '' : 's'}${servers.length > 0 ? ` of ${servers.join(', ')}` : ''}: ${c.allowed} allowed, ${c.flagged} flagged, ${c.redacted} redacted, ${c.rejected} rejected`
  if (c.malformed > 0) s += `; ${c.malformed} malformed line${c.malformed === 1 ? '' : 's'} skipped`
  if (omitted.decisions + omitted.findings > 0) s += `\n(${omitted.decisions} decisions and ${omitted.findings} findings over --keep are counted but not listed)`
  return s
}

function countsTable(c: ReplayCounts, servers: string[]): string {
  return [
    `### Replay${servers.length > 0 ? ` of ${servers.map((s) => codeSpan(s)).join(', ')}` : ''}`,
    '',
    '| messages | allowed | flagged | redacted | rejected | malformed lines |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${c.messages} | ${c.allowed} | ${c.flagged} | ${c.redacted} | ${c.rejected} | ${c.malformed} |`,
  ].join('\n')
}
