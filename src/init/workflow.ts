// The GitHub workflow that `init --github` writes (the README shows the same file; a test keeps the
// two equal). The called actions are pinned by commit SHA, with the release each SHA is in a
// comment. mcp-warden's own action is referenced by the release tag of this version: the SHA of a
// release that does not exist yet cannot be known here, so the comment asks for the pin.

import {VERSION} from '../core/version.js'

export const WORKFLOW_FILE = '.github/workflows/mcp-warden.yml'

/** Third-party actions the workflow calls, pinned (the same pins as .github/workflows/self-test.yml). */
export const PINNED = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0',
} as const

export function workflowTemplate(version: string = VERSION): string {
  return `# .github/workflows/mcp-warden.yml
name: mcp-warden
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  mcp-warden:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write   # upload SARIF to code scanning
    steps:
      - uses: ${PINNED.checkout}
        with:
          persist-credentials: false
      - uses: ${PINNED.setupNode}
        with:
          node-version: 20
      - uses: mcp-warden/mcp-warden@v${version} # pin to the commit SHA of the release you reviewed
        env:
          # Verifies the lock's signature. Forks get no secrets: with a signed lock, their pull
          # requests fail with exit 3 unless this job is skipped for them.
          MCP_WARDEN_KEY: \${{ secrets.MCP_WARDEN_KEY }}
        with:
          # Pull requests from forks run no server code and cannot upload: lock and configs only.
          probe: \${{ github.event.pull_request.head.repo.fork != true }}
          fail-on-severity: high
`
}
