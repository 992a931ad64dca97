import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base.js'
import {emitAnnotations, maskReport, useColor, writeFile, writeMain} from '../cli/output.js'
import {ExitCode} from '../core/exit-codes.js'
import {InputError} from '../core/errors.js'
import {FAIL_ON_LEVELS, type FailOn} from '../core/severity.js'
import {DIFF_FORMATS, diffLockFiles, diffReportInput, renderDiffReport, type DiffFormat} from '../diff/report.js'
import {checkHashes, readLock} from '../lock/read.js'
import {failing} from '../report/result.js'

export default class Diff extends BaseCommand {
  static override summary = 'Show what changed between two mcp.lock files, per server and per item.'
  static override description =
    'Compares two lockfiles the way a reviewer reads them: launch changes, server version and instructions, and per tool, prompt, resource and template whether it was added, removed, renamed (same content under a new name) or changed, with the fields that changed and a word diff of descriptions. The drift rules that `check` runs judge the change; the exit code is 1 when a drift finding reaches --fail-on, 0 otherwise (and always 0 when the locks are the same). Either file may be `-` for standard input. Signatures are not checked here (`verify` does that); item hashes are.'
  static override examples = [
    '<%= config.bin %> diff old.lock mcp.lock',
    'git show origin/main:mcp.lock | <%= config.bin %> diff - mcp.lock',
    '<%= config.bin %> diff old.lock mcp.lock --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> diff old.lock mcp.lock --format json --fail-on none',
    '<%= config.bin %> diff old.lock mcp.lock --markdown diff.md --sarif drift.sarif',
  ]
  static override args = {
    old: Args.string({description: 'the older lock (e.g. from the base branch)', required: true}),
    new: Args.string({description: 'the newer lock', required: true}),
  }
  static override flags = {
    format: Flags.string({char: 'f', options: [...DIFF_FORMATS], default: 'text', summary: 'Output format.'}),
    output: Flags.string({char: 'o', summary: 'Write the diff to this file instead of stdout.'}),
    'fail-on': Flags.string({options: [...FAIL_ON_LEVELS], default: 'high', summary: 'Exit 1 when a drift finding at or above this severity is found.'}),
    sarif: Flags.string({summary: 'Also write the drift findings as a SARIF 2.1.0 report to this file.'}),
    markdown: Flags.string({summary: 'Also write the Markdown diff to this file (e.g. for $GITHUB_STEP_SUMMARY).'}),
    annotations: Flags.boolean({
      allowNo: true,
      summary: 'Print GitHub workflow annotations for the worst drift findings (default: in GitHub Actions, when stdout is not a JSON or Markdown report).',
    }),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    if (args.old === '-' && args.new === '-') throw new InputError('only one of OLD and NEW can be standard input', {}, 'give the other one as a file')
    const a = readLock(args.old)
    const b = readLock(args.new)
    checkHashes(a)
    checkHashes(b)
    const result = diffLockFiles(a, b)
    // Masked like every report: an old lock may quote launch arguments from before they were masked.
    const text = maskReport(renderDiffReport(result, flags.format as DiffFormat, {color: !flags.output && flags.format === 'text' && useColor()}), flags.format)
    if (flags.output) writeFile(flags.output, text)
    else writeMain(text, flags.format)
    if (flags.markdown) writeFile(flags.markdown, maskReport(renderDiffReport(result, 'markdown', {color: false}), 'markdown'))
    if (flags.sarif) {
      const {renderSarif} = await import('../report/sarif.js')
      writeFile(flags.sarif, maskReport(renderSarif(diffReportInput(result)), 'sarif'))
    }
    emitAnnotations(result.findings, flags)
    this.setExit(failing(result.findings, flags['fail-on'] as FailOn).length > 0 ? ExitCode.findings : ExitCode.ok)
  }
}
