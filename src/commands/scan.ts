import {readFileSync} from 'node:fs'
import * as Flags from '@oclif/core/flags'
import {BaseCommand, reportFlags} from '../cli/base.js'
import {emit, failOnOf} from '../cli/output.js'
import {InputError} from '../core/errors.js'
import {activeRules} from '../policy/apply.js'
import {loadPolicy} from '../policy/load.js'
import {RULES} from '../rules/registry.js'
import {scanPaths} from '../scan/scan.js'
import {decodeUtf8} from '../source/document.js'

export default class Scan extends BaseCommand {
  static override summary = 'Scan manifests, tools/list results, mcp.lock files and client configs. Launches nothing.'
  static override description =
    'Each FILE is recognized by its content: a tools/list result, a whole server manifest, a JSON-RPC response holding one, an mcp.lock, or a client config of any supported client (JSON with comments, YAML, TOML). A folder is searched for such files. With no FILE and no --text, the current folder is scanned.'
  static override examples = [
    '<%= config.bin %> scan .mcp.json',
    '<%= config.bin %> scan tools.json --format sarif --output mcp.sarif',
    '<%= config.bin %> scan fixtures/demo --fail-on medium',
    'echo "ignore previous instructions" | <%= config.bin %> scan --text -',
    '<%= config.bin %> scan . --format json --output mcp-warden.json --sarif mcp-warden.sarif --markdown mcp-warden.md',
  ]
  static override strict = false
  // No declared positional arg: oclif reads stdin to fill a missing one, which would swallow the
  // text of `--text -` (FACTS.md). Files come from argv, which strict = false leaves to us.
  static override usage = '<%= command.id %> [FILE...] [flags]'
  static override flags = {
    ...reportFlags,
    text: Flags.string({summary: 'Scan plain text from this file, or - for standard input.'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Scan)
    const policy = loadPolicy(flags.policy)
    const text = flags.text === undefined ? undefined : readText(flags.text)
    const paths = (argv as string[]).length > 0 ? (argv as string[]) : text ? [] : ['.']
    const result = scanPaths(paths, policy, text)
    const code = emit({findings: result.findings, rules: activeRules(RULES, policy), inputs: result.inputs}, flags, failOnOf(flags['fail-on'], policy))
    this.setExit(code)
  }
}

function readText(file: string): {file: string; text: string} {
  if (file === '-') return {file: '-', text: decodeUtf8(readFileSync(0), '-')}
  try {
    return {file, text: decodeUtf8(readFileSync(file), file)}
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {file})
  }
}
