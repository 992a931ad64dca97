// Base64 and hex blobs in metadata that decode to readable text. A description has no reason to carry
// encoded prose; models decode it on their own, so it is an instruction channel that reviewers and
// keyword filters do not read. The decoded text also reaches every phrase rule through analyze().views.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {analyze, type DecodedPayload} from '../../text/analyze.js'
import {instructionSignals} from '../../text/instructive.js'
import {defineRule} from '../types.js'
import {clip, whereOf} from '../where.js'

const NAMES: Record<string, string> = {base64: 'base64', hex: 'hex', tags: 'tag characters', 'variation-selectors': 'variation selectors'}

export default defineRule({
  meta: {
    id: 'encoded-payload',
    summary: 'a base64 or hex blob in metadata decodes to readable text',
    description:
      'Base64 and hex blobs in a description, schema or instructions that decode to readable text (up to three layers deep) hide words from reviewers and filters while the model, which decodes such text readily, still reads them. Binary payloads, image data URIs, hex digests and ids, and JWT-like tokens (a secret, reported by the secret rules) are not reported. The decoded text is shown; when it reads as an instruction (an imperative, a question to the model, a file path or a URL) the finding is high.',
    category: 'poisoning',
    severity: 'medium',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427],
    remediation:
      'Write the text in plain words, or remove it. If an encoded example is really needed (a sample value of a base64 parameter), keep it short and neutral, or suppress this finding for that tool with a reason.',
  },
  text(field, ctx) {
    const a = analyze(field.text)
    const blobs = a.decoded.filter((d) => d.encoding === 'base64' || d.encoding === 'hex' || (d.via?.length ?? 0) > 0)
    if (blobs.length === 0) return
    const judged = blobs.map((d) => ({d, signals: instructionSignals(d.text)}))
    const instructive = judged.filter((j) => j.signals.level !== 'none')
    // Tool results carry encoded data (files, images) routinely: only an encoded instruction counts there.
    if (field.role === 'content' && instructive.length === 0) return
    const worst = instructive[0] ?? judged[0]
    const severity: Severity = field.role === 'content' ? 'medium' : instructive.length > 0 ? 'high' : 'medium'
    const encoding = layers(worst.d)
    ctx.report({
      at: field,
      message: `${encoding} in ${whereOf(field)} decodes to ${instructive.length > 0 ? `an instruction (${worst.signals.reasons.slice(0, 2).join(', ')})` : 'readable text'}${blobs.length > 1 ? ` (${blobs.length} payloads)` : ''}`,
      severity,
      confidence: instructive.length > 0 ? 'high' : 'medium',
      evidence: `decoded: ${clip(worst.d.text)}`,
    })
  },
})

function layers(d: DecodedPayload): string {
  return [...(d.via ?? []), d.encoding].reverse().map((e) => NAMES[e] ?? e).join(' inside ')
}
