// ANSI/VT escape sequences and control characters in text a client may print in a terminal: the
// model reads the raw bytes, the person sees what the terminal makes of them (concealed text,
// overwritten lines, a hyperlink to somewhere else, a clipboard write).
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {analyze} from '../../text/analyze.js'
import {concealedText, describeEscape, HIDING_EFFECTS, splitEscapes, type EscapeInfo} from '../../text/terminal.js'
import {defineRule} from '../types.js'
import {clip, whereOf} from '../where.js'

// A carriage return with text before it on its line and after it: the later text overwrites the earlier.
const OVERWRITING_CR = /[^\r\n]\r(?!\n)[^\r\n]/

export default defineRule({
  meta: {
    id: 'terminal-escape',
    summary: 'terminal escape sequences or control characters in text a client may print',
    description:
      'ANSI/VT escape sequences (CSI, OSC including OSC 8 hyperlinks and OSC 52 clipboard writes, DCS/APC strings), C1 controls, backspaces and bare carriage returns do nothing for the model, which reads them as text, but a terminal client acts on them. SGR 8 (conceal) or a foreground equal to the background hides text, cursor moves and erases overwrite it, an unterminated OSC swallows the rest of the output, and OSC 52 writes the clipboard. Such text shows the person one thing while the model reads another.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP03, OWASP.MCP06],
    cwe: [150, 451],
    remediation:
      'Remove escape sequences and control characters from tool metadata and results. A client should strip or escape them before printing (mcp-warden prints every evidence escaped).',
  },
  text(field, ctx) {
    const a = analyze(field.text)
    // One description per distinct sequence: a hostile text repeats the same few sequences many times.
    const described = new Map<string, EscapeInfo>()
    let sequences = 0
    let concealed = ''
    let controls = 0
    let backspaces = 0
    let c1 = 0
    for (const r of a.hidden) {
      const run = field.text.slice(r.index, r.index + r.length)
      if (r.kind === 'ansi') {
        let at = r.index
        for (const seq of splitEscapes(run)) {
          sequences++
          at += seq.length
          let info = described.get(seq)
          if (!info) {
            info = describeEscape(seq)
            if (described.size < 4096) described.set(seq, info)
          }
          if (info.effect === 'conceal' && !concealed && seq.endsWith('m')) concealed = concealedText(field.text, at)
        }
      } else if (r.kind === 'control') {
        for (const ch of run) {
          const c = ch.charCodeAt(0)
          if (c === 0x08) backspaces++
          // C1 controls: terminals that honour 8-bit controls act on them (0x8D moves the cursor up).
          else if (c >= 0x80 && c <= 0x9f) c1++
          else controls++
        }
      }
    }
    const overwrite = OVERWRITING_CR.test(field.text)
    if (sequences === 0 && controls === 0 && c1 === 0 && backspaces === 0 && !overwrite) return

    const effects = [...described.values()]
    const hiding = effects.filter((e) => HIDING_EFFECTS.has(e.effect))
    const notable = effects.filter((e) => e.effect !== 'style' && e.effect !== 'other')
    // Tool results from shell commands carry colours and progress-bar redraws as a matter of course:
    // there, only hiding counts as high, and colour alone is informative.
    const content = field.role === 'content'
    let severity: Severity
    if (hiding.length > 0 || backspaces > 0) severity = content ? 'high' : 'critical'
    else if (notable.length > 0 || c1 > 0) severity = 'high'
    else if (sequences > 0 || overwrite) severity = content ? 'low' : 'high'
    else severity = 'low'

    const parts: string[] = []
    if (sequences > 0) parts.push(`${sequences} escape sequence${sequences === 1 ? '' : 's'}`)
    if (backspaces > 0) parts.push(`${backspaces} backspace${backspaces === 1 ? '' : 's'}`)
    if (overwrite) parts.push('a carriage return that overwrites the line')
    if (c1 > 0) parts.push(`${c1} C1 control character${c1 === 1 ? '' : 's'}`)
    if (controls > 0) parts.push(`${controls} control character${controls === 1 ? '' : 's'}`)
    const shown = [...new Set((hiding.length > 0 ? hiding : notable).map((e) => e.label))].slice(0, 3)
    const effect = hiding.length > 0 || backspaces > 0 ? ': they hide or rewrite text' : ''
    const evidence = [
      concealed ? `conceals: ${clip(concealed)}` : '',
      ...notable.filter((e) => e.detail).slice(0, 2).map((e) => `${e.label}: ${clip(e.detail ?? '', 200)}`),
      `raw: ${clip(field.text)}`,
    ].filter(Boolean)
    ctx.report({
      at: field,
      message: `${parts.join(', ')} in ${whereOf(field)}${effect}${shown.length > 0 ? ` (${shown.join('; ')})` : ''}`,
      severity,
      confidence: severity === 'low' ? 'medium' : 'high',
      evidence: evidence.join(' | '),
    })
  },
})
