// Servers launched from a package registry without an exact version: each launch may run new code.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {packageRefs, type PackageRef} from '../../config/packages.js'
import {maskedCommandLine} from '../../config/redact.js'
import {defineRule} from '../types.js'

function problem(p: PackageRef): {what: string; severity: Severity; why?: string} | undefined {
  const kind = p.ecosystem === 'docker' ? 'image' : `${p.ecosystem === 'npm' ? 'npm' : 'PyPI'} package`
  const verb = p.ecosystem === 'docker' ? 'starts' : p.extra ? 'installs' : 'runs'
  const subject = `${p.launcher} ${verb} ${p.extra ? 'the extra ' : ''}${kind} "${p.name}"`
  switch (p.pin) {
    case 'none':
      return {what: p.ecosystem === 'docker' ? `${subject} with no tag or digest (it means :latest)` : `${subject} with no version`, severity: 'medium'}
    case 'latest':
      return {what: `${subject} at "latest"`, severity: 'medium'}
    case 'range':
      return {what: `${subject} with the version range "${p.version}"`, severity: 'medium'}
    case 'dist-tag':
      return {what: `${subject} with the dist-tag "${p.version}"`, severity: 'medium'}
    case 'branch':
      return {what: `${subject} from git ${p.version ? `ref "${p.version}"` : 'at its default branch'}, not a commit`, severity: 'medium'}
    case 'url':
      return {what: `${subject} from a URL, with no integrity check`, severity: 'low'}
    case 'tag':
      return {what: `${subject} pinned to the tag "${p.version}" but not to a digest`, severity: 'low', why: 'a tag can be moved to other content'}
    default:
      return undefined
  }
}

export default defineRule({
  meta: {
    id: 'unpinned-package',
    summary: 'a server is launched from a package without an exact version',
    description:
      'The server is installed and run by `npx`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec`, `uvx`, `pipx run` or `docker run`/`podman run` without an exact version: no version at all, `@latest`, a range (`^1.2.0`), a dist-tag (`next`), a git branch, or a container image without a digest. Every launch resolves the name again, so a compromised or hijacked release, or a tag moved to new content, runs on the next start with the agent\'s access and credentials, and the lock can no longer tell which code it approved. `-y`/`--yes` makes `npx` install without asking. Images pinned to a tag but not to a digest are low: tags can be moved. Local paths and `node script.js` are not packages and are not reported.',
    category: 'config',
    severity: 'medium',
    confidence: 'high',
    owasp: [OWASP.MCP04],
    cwe: [494, 829],
    remediation:
      'Pin an exact version: `npx -y @modelcontextprotocol/server-filesystem@2026.8.31`, `uvx mcp-server-git==2025.9.25` (or `uvx --from mcp-server-git==2025.9.25 mcp-server-git`), `docker run ghcr.io/org/image:1.4.2@sha256:<digest>`. Update the pin on purpose, in a reviewed change, and re-run `mcp-warden lock`.',
  },
  config(view, ctx) {
    const e = view.entry
    let line: string | undefined
    for (const p of packageRefs(e)) {
      const found = problem(p)
      if (!found) continue
      line ??= maskedCommandLine(e.command, e.args)
      const yes = p.autoYes ? '; -y installs it without asking' : ''
      ctx.report({
        at: view,
        pointer: p.pointer,
        message: `${found.what} in server "${e.name}": ${found.why ?? 'each launch may run a different release'}${yes}`,
        severity: found.severity,
        evidence: line,
        key: `${p.ecosystem}:${p.name}:${p.extra ? 'extra' : 'main'}`,
      })
    }
  },
})
