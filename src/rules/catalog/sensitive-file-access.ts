// Requests to read or pass sensitive files: SSH and cloud keys, .env files, package-registry and
// database credentials, browser cookie stores, keychains, other MCP clients' configs, /etc/shadow.
// Naming such a file is not enough: a file server that honestly says it can read files is not this.
import {OWASP} from '../../core/finding.js'
import {reportField} from '../evidence.js'
import type {TextField} from '../scope.js'
import {defineRule} from '../types.js'

// A schema value (default, enum, example) pointing at a secret store pre-fills the request itself.
const SECRET_VALUE = /id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)|credentials|\.env\b|\.npmrc|\.pypirc|\.netrc|\.pgpass|\.git-credentials|cookies|keychain|shadow|wallet|mcp\.json|claude_desktop_config|kubeconfig|\.kube\/config|gcloud|\.docker\/config/
const VALUE_FIELDS = new Set<TextField['field']>(['default', 'enum', 'example'])

export default defineRule({
  meta: {
    id: 'sensitive-file-access',
    summary: 'text asks the model to read or pass a sensitive file (ssh keys, cloud credentials, .env, mcp configs...)',
    description:
      'Finds requests to read, open, include, send or pass a sensitive file or store: `~/.ssh` and private keys, `~/.aws/credentials`, gcloud and Azure credentials, kubeconfig, Docker config, `.env`, `.npmrc`, `.pypirc`, `.netrc`, `.pgpass`, `.git-credentials`, shell histories, browser cookie and password stores, keychains, wallets, and other MCP clients\' configs (`mcp.json`, `claude_desktop_config.json`, `.cursor/mcp.json`), as well as `/etc/passwd` and `/etc/shadow`. A request on its own is medium; together with a side task, secrecy, a parameter to put the content in or a threat it is high or critical. A sensitive path as a parameter\'s default or enum value is reported too. Describing what a tool can read ("reads files from the allowed folders") is not reported.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP01, OWASP.MCP10],
    cwe: [200, 522, 1427],
    remediation:
      'Remove the request. A tool that needs a credential receives it through its configuration (environment variables the user sets), never by asking the model to read key files. Drop sensitive paths from schema defaults and examples.',
  },
  text(field, ctx) {
    const valueField = VALUE_FIELDS.has(field.field)
    reportField(field, ctx, {
      primary: ['sensitive-target'],
      counts: (s) => s.id !== 'sensitive-mention' || valueField,
      // A secret file as a default value pre-fills the theft; a private one (~/.ssh/config) less so.
      adjust: (primary, top) => (valueField && top.id === 'sensitive-mention' ? (SECRET_VALUE.test(field.text.toLowerCase()) ? 3 : 2) : primary),
      says: (top) => (top.id === 'sensitive-mention' ? 'names a sensitive file as a value' : `contains ${top.label}`),
    })
  },
})
