import {existsSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base.js'
import {writeFile} from '../cli/output.js'
import {InputError} from '../core/errors.js'
import {DEFAULT_POLICY_FILE} from '../policy/load.js'
import {POLICY_TEMPLATE} from '../policy/template.js'

export default class Init extends BaseCommand {
  static override summary = 'Write a commented default policy file (mcp-warden.yaml).'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --force']
  static override flags = {
    policy: Flags.string({summary: 'Where to write the policy.', default: DEFAULT_POLICY_FILE}),
    force: Flags.boolean({summary: 'Overwrite an existing policy file.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Init)
    if (existsSync(flags.policy) && !flags.force) {
      throw new InputError('policy file already exists', {file: flags.policy}, 'edit it, or pass --force to overwrite it with the defaults')
    }
    writeFile(flags.policy, POLICY_TEMPLATE)
    process.stdout.write(
      `wrote ${flags.policy}\n\nnext:\n  mcp-warden scan .            # static scan of this repository's MCP configs\n  mcp-warden lock              # probe the configured servers and write mcp.lock (commit it)\n  mcp-warden check             # in CI: fail the PR when a server changed or says something it should not\n`,
    )
  }
}
