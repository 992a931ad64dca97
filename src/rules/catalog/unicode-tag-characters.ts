// Unicode tag characters (U+E0000-E007F): invisible in every renderer, read by models as the ASCII
// they mirror. The rule decodes what they spell; emoji subdivision flags are left out by analyze().
import {OWASP} from '../../core/finding.js'
import {analyze} from '../../text/analyze.js'
import {readsAsLanguage} from '../../text/instructive.js'
import {defineRule} from '../types.js'
import {clip, whereOf} from '../where.js'

export default defineRule({
  meta: {
    id: 'unicode-tag-characters',
    summary: 'invisible unicode tag characters spell hidden text',
    description:
      'Unicode tag characters (U+E0000 to U+E007F) mirror ASCII but render as nothing, so a description can carry a whole sentence that no reviewer sees while the model reads it. The finding decodes the hidden text. The only legitimate use, emoji subdivision flags (England, Scotland, Wales: U+1F3F4 followed by a few tag letters and CANCEL TAG), is not reported.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [1427, 451],
    remediation:
      'Remove the tag characters from the text; nothing in a tool manifest needs them. Treat the server as hostile until you know why it hides text: review the decoded text, and remove the server if it is an instruction.',
  },
  text(field, ctx) {
    const a = analyze(field.text)
    const tags = a.hidden.filter((r) => r.kind === 'tag')
    if (tags.length === 0) return
    // Tag characters are astral: two UTF-16 code units each.
    const count = tags.reduce((n, r) => n + r.length / 2, 0)
    // Payloads peeled from inside tag text (base64 spelled in tags) say what the tags carry.
    const spelled = a.decoded.filter((d) => d.encoding === 'tags' && !d.via)
    const text = spelled.map((d) => d.text).join(' ')
    const language = readsAsLanguage(text)
    const metadata = field.role === 'metadata'
    ctx.report({
      at: field,
      message: `${count} invisible unicode tag character${count === 1 ? '' : 's'} in ${whereOf(field)}${text.trim() ? ' spell hidden text' : ''}`,
      severity: metadata && language ? 'critical' : 'high',
      confidence: language ? 'high' : 'medium',
      evidence: text.trim() ? `decoded: ${clip(text)}` : `${count} tag characters that decode to no printable text`,
    })
  },
})
