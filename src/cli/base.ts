// Base for every command: known errors (WardenError) print as one clean message with their hint and
// set the exit code of DESIGN.md; anything else is a bug and keeps its stack. Exit codes are set on
// process.exitCode (never this.exit), because oclif turns exits into 1 in some modes (FACTS.md).

import {Command} from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'
import {ExitCode} from '../core/exit-codes.js'
import {WardenError} from '../core/errors.js'
import {FAIL_ON_LEVELS} from '../core/severity.js'
import {withoutCommands} from '../report/annotations.js'
import {FORMATS} from '../report/render.js'
import {maskSecrets} from '../secrets/patterns.js'
import {escapeUnsafe} from '../text/escape.js'

export abstract class BaseCommand extends Command {
  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (err instanceof WardenError) {
      // Messages quote what the input holds (a value, a key, a line of a server's stderr): a secret
      // there is masked, and escape sequences or bidi controls cannot reach the terminal raw.
      // They also name servers and files a pull request controls: in a job log, no line may run as a workflow command.
      process.stderr.write(withoutCommands(`mcp-warden: ${escapeUnsafe(maskSecrets(err.format()))}\n`))
      process.exitCode = err.exitCode
      return
    }
    // oclif's own parse errors (unknown flag, bad option value) are usage errors: exit 2, no stack.
    if (err instanceof Errors.CLIError && !(err instanceof Errors.ExitError)) {
      process.stderr.write(`mcp-warden: ${usageMessage(err.message)}\n  hint: run \`mcp-warden ${this.id ?? ''} --help\`\n`)
      process.exitCode = ExitCode.usage
      return
    }
    throw err
  }

  /** Set the exit code without throwing (works the same with and without --json). */
  protected setExit(code: number): void {
    process.exitCode = code
  }
}

/** oclif's message without its "See more help" tail (we print our own hint), in lower case like ours. */
function usageMessage(message: string): string {
  const i = message.indexOf('See more help')
  const cut = i < 0 ? message : message.slice(0, Math.max(0, message.lastIndexOf('\n', i)))
  const text = cut.trimEnd()
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** Flags shared by the commands that report findings. */
export const reportFlags = {
  format: Flags.string({char: 'f', options: [...FORMATS], default: 'text', summary: 'Output format.'}),
  output: Flags.string({char: 'o', summary: 'Write the report to this file instead of stdout.'}),
  sarif: Flags.string({summary: 'Also write a SARIF 2.1.0 report to this file.'}),
  markdown: Flags.string({summary: 'Also write a Markdown report to this file (e.g. for $GITHUB_STEP_SUMMARY).'}),
  annotations: Flags.boolean({
    allowNo: true,
    summary: 'Print GitHub workflow annotations for the worst findings (default: in GitHub Actions, when stdout is not a JSON, SARIF or Markdown report).',
  }),
  'fail-on': Flags.string({options: [...FAIL_ON_LEVELS], summary: 'Exit 1 when a finding at or above this severity remains (default: policy fail-on, else high).'}),
  policy: Flags.string({summary: 'Policy file (default: mcp-warden.yaml when present).'}),
}
