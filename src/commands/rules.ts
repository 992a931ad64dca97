import * as Args from '@oclif/core/args'
import {BaseCommand} from '../cli/base.js'
import {OWASP_TITLES} from '../core/finding.js'
import {docsUrl, requireRule, RULES} from '../rules/registry.js'

export default class Rules extends BaseCommand {
  static override summary = 'List the detection rules, or explain one.'
  static override examples = ['<%= config.bin %> rules', '<%= config.bin %> rules instruction-block']
  static override args = {id: Args.string({description: 'rule id to explain', required: false})}

  async run(): Promise<void> {
    const {args} = await this.parse(Rules)
    if (!args.id) {
      const w = Math.max(...RULES.map((r) => r.meta.id.length))
      const lines = RULES.map((r) => `${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(8)} ${r.meta.category.padEnd(9)} ${r.meta.summary}`)
      process.stdout.write(lines.join('\n') + `\n\n${RULES.length} rules. \`mcp-warden rules ID\` explains one.\n`)
      return
    }
    const m = requireRule(args.id).meta
    process.stdout.write(
      [
        `${m.id}: ${m.summary}`,
        '',
        `category:   ${m.category}`,
        `severity:   ${m.severity} (default)`,
        `confidence: ${m.confidence}`,
        `owasp:      ${m.owasp.map((o) => `${o} ${OWASP_TITLES[o]}`).join('; ')}`,
        ...(m.cwe.length > 0 ? [`cwe:        ${m.cwe.map((c) => `CWE-${c}`).join(', ')}`] : []),
        '',
        m.description,
        '',
        'How to fix:',
        m.remediation,
        '',
        `Docs: ${docsUrl(m.id)}`,
        '',
      ].join('\n'),
    )
  }
}
