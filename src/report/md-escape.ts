// Markdown that untrusted text cannot break: on GitHub a tool description could otherwise inject
// HTML, split a table, ping people (@user), create cross-references (#12, owner/repo#12) or plant
// clickable phishing links. GitHub skips code spans when it links mentions and references, so risky
// tokens go into code spans; everything else has its Markdown punctuation escaped.

import {escapeUnsafe} from '../text/escape.js'

// A word (a run of non-space) is risky when it holds a URL or a bare `www.` host (autolinked), an
// @mention or e-mail address, or an issue or PR reference. Words are found first and tested one by
// one: a single pattern with `\S*` on both sides of `@` or `#` backtracks quadratically on long words.
const WORD = /\S+/g
const RISKY = /[a-z][a-z0-9+.-]{1,20}:\/\/|(?:^|[^A-Za-z0-9_])www\.|@[A-Za-z0-9_-]|#\d/i
// Inline syntax: escapes, code, emphasis, links and images, HTML and entities, table cells, strike.
const PUNCTUATION = /[\\`*_[\]<>|~&]/g
// Block syntax only counts at the start of a line: headings, lists, quotes, setext underlines.
const BLOCK_START = /^[#+\-=>]|^\d+(?=[.)])/

/** One line: control, invisible and bidi characters escaped, line breaks flattened to spaces. */
function oneLine(text: string): string {
  return escapeUnsafe(text).replace(/\r\n?|\n/g, ' ')
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text
}

/**
 * Inline code that shows `text` literally: a fence longer than any backtick run inside it, padded
 * when the content starts or ends with a backtick. In a table cell (`inTable`), pipes are escaped:
 * GitHub splits cells before it parses code spans, and unescapes `\|` inside them.
 */
export function codeSpan(text: string, opts: {inTable?: boolean; max?: number} = {}): string {
  let s = clip(oneLine(text), opts.max ?? 200)
  if (s === '') s = ' '
  if (opts.inTable !== false) s = s.replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '') ? ' ' : ''
  return fence + pad + s + pad + fence
}

/** Untrusted prose as inline Markdown: literal punctuation, risky tokens in code spans. */
export function mdText(text: string, opts: {inTable?: boolean; max?: number} = {}): string {
  const s = clip(oneLine(text), opts.max ?? 500)
  let out = ''
  let last = 0
  for (const m of s.matchAll(WORD)) {
    if (!RISKY.test(m[0])) continue
    out += s.slice(last, m.index).replace(PUNCTUATION, '\\$&')
    out += codeSpan(m[0], {inTable: opts.inTable, max: Infinity})
    last = m.index + m[0].length
  }
  out += s.slice(last).replace(PUNCTUATION, '\\$&')
  return out.replace(BLOCK_START, (m) => (/^\d/.test(m) ? m + '\\' : '\\' + m))
}
