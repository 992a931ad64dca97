// Package names that imitate well-known MCP servers (src/config/known-servers.ts): the classic way to
// get malicious code launched with an agent's credentials.
import {OWASP} from '../../core/finding.js'
import type {Confidence} from '../../core/severity.js'
import {packageRefs} from '../../config/packages.js'
import {maskedCommandLine} from '../../config/redact.js'
import {typosquatOf, type SquatReason} from '../../config/typosquat.js'
import {defineRule} from '../types.js'

const WHY: Record<SquatReason, string> = {
  homoglyph: 'it uses look-alike characters',
  scope: 'its scope imitates the official one',
  unscoped: 'it drops the official scope',
  distance: 'its name is one typo away',
}

const CONFIDENCE: Record<SquatReason, Confidence> = {homoglyph: 'high', scope: 'high', unscoped: 'medium', distance: 'medium'}

export default defineRule({
  meta: {
    id: 'package-typosquat',
    summary: 'a package name imitates a well-known MCP server',
    description:
      'The server launches a package or image whose name is close to a well-known MCP server but is not it: one or two typos away (`@modelcontextprotocol/server-filesytem` outside the official scope, `mcp-server-fecth`), look-alike characters (`@modelcontextprotocoI` with a capital I, Cyrillic letters), an imitated scope (`@model-context-protocol/...`, `modelcontextprotocol-server-github`), or the official package with its scope dropped (`server-github`). Typosquats are published to be launched by mistake; they run with the agent\'s access and whatever credentials the config passes them. Names under a scope the known publisher owns are never reported: nobody else can publish there.',
    category: 'config',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP04],
    cwe: [494, 829],
    remediation:
      'Check the name against the server\'s official documentation or the MCP registry and launch the official package, pinned to an exact version. If the look-alike ran already, treat every credential in its environment as exposed and rotate it.',
  },
  config(view, ctx) {
    const e = view.entry
    for (const p of packageRefs(e)) {
      const squat = typosquatOf(p.ecosystem, p.name)
      if (!squat) continue
      ctx.report({
        at: view,
        pointer: p.pointer,
        message: `${p.ecosystem === 'docker' ? 'image' : 'package'} "${p.name}" in server "${e.name}" looks like "${squat.target}": ${WHY[squat.reason]}`,
        confidence: CONFIDENCE[squat.reason],
        evidence: maskedCommandLine(e.command, e.args),
        key: `${p.ecosystem}:${p.name}`,
      })
    }
  },
})
