import {existsSync} from 'node:fs'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base.js'
import {writeFile} from '../cli/output.js'
import {InputError} from '../core/errors.js'
import {WORKFLOW_FILE, workflowTemplate} from '../init/workflow.js'
import {DEFAULT_POLICY_FILE} from '../policy/load.js'
import {POLICY_TEMPLATE} from '../policy/template.js'

export default class Init extends BaseCommand {
  static override summary = 'Write a commented default policy file (mcp-warden.yaml), and with --github the CI workflow.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --github', '<%= config.bin %> init --force']
  static override flags = {
    policy: Flags.string({summary: 'Where to write the policy.', default: DEFAULT_POLICY_FILE}),
    github: Flags.boolean({summary: `Also write the GitHub Actions workflow (${WORKFLOW_FILE}) that runs check on every pull request.`}),
    force: Flags.boolean({summary: 'Overwrite existing files with the defaults.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Init)
    const files: [string, string][] = [[flags.policy, POLICY_TEMPLATE]]
    if (flags.github) files.push([WORKFLOW_FILE, workflowTemplate()])
    // Check every file first: a half-written set up is worse than none.
    for (const [file] of files) {
      if (existsSync(file) && !flags.force) throw new InputError(`${file === flags.policy ? 'policy' : 'workflow'} file already exists`, {file}, 'edit it, or pass --force to overwrite it with the defaults')
    }
    for (const [file, text] of files) writeFile(file, text)
    const wrote = files.map(([f]) => `wrote ${f}`).join('\n')
    const next = flags.github
      ? [
          '  mcp-warden lock                       # probe the configured servers and write mcp.lock',
          `  git add mcp.lock ${flags.policy} ${WORKFLOW_FILE} && git commit -m "Lock MCP servers"`,
          '  gh secret set MCP_WARDEN_KEY          # optional: the key that signs mcp.lock (use the same one for lock)',
        ]
      : [
          "  mcp-warden scan .            # static scan of this repository's MCP configs",
          '  mcp-warden lock              # probe the configured servers and write mcp.lock (commit it)',
          '  mcp-warden check             # in CI: fail the PR when a server changed or says something it should not',
        ]
    process.stdout.write(`${wrote}\n\nnext:\n${next.join('\n')}\n`)
  }
}
