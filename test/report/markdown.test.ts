// The Markdown report is posted where GitHub renders it: untrusted text must not inject HTML,
// break the tables, ping people, reference issues or plant links.
import {describe, expect, it} from 'vitest'
import {codeSpan, mdText} from '../../src/report/md-escape.js'
import {MAX_MARKDOWN_ROWS, renderMarkdown} from '../../src/report/markdown.js'
import {finding} from '../helpers/findings.js'
import {GOLDEN_RULES} from '../helpers/golden-rules.js'

/** Markdown with every code span removed: what GitHub parses for HTML, mentions and links. */
function outsideCode(md: string): string {
  return md.replace(/(?<![\\`])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '')
}

/** GFM table cells: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
}

const hostile = finding({
  message: 'tool <img src=x onerror=alert(1)> | says hi @octocat, see #12 and owner/repo#3, visit https://evil.example/x?a=b *now* [here](https://evil.example)\nnew line',
  evidence: 'a `tick` and ``two`` and a | pipe <script>alert(1)</script> @team',
  location: {name: '`fetch`|@everyone', server: 'srv'},
})

describe('markdown report', () => {
  const md = renderMarkdown({findings: [hostile, finding({severity: 'critical'}), finding({severity: 'info', suppressed: {reason: 'r'}})], rules: GOLDEN_RULES, inputs: ['a', 'b']})

  it('has a count table and findings grouped by severity, worst first', () => {
    expect(md).toContain('| critical | high | medium | low | info | suppressed |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n| 1 | 1 | 0 | 0 | 0 | 1 |')
    expect(md.indexOf('### Critical (1)')).toBeLessThan(md.indexOf('### High (1)'))
    expect(md).not.toContain('### Info')
    expect(md).toContain('1 finding is suppressed by the policy file')
    expect(md).toContain('`fixtures/golden/input/poisoned.tools.json:20`')
  })

  it('keeps every table row to its columns', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('|'))
    const tables = md.split(/\n\n/).filter((b) => b.startsWith('|'))
    expect(tables.length).toBeGreaterThanOrEqual(3)
    for (const t of tables) {
      const [head, ...rest] = t.split('\n').filter((l) => l.startsWith('|'))
      for (const r of rest) expect(cells(r), r).toHaveLength(cells(head).length)
    }
    expect(rows.length).toBeGreaterThan(4)
  })

  it('lets no HTML, mention, issue reference or bare link through outside code spans', () => {
    const prose = outsideCode(md)
    expect(prose).not.toMatch(/(^|[^\\])<[a-z/!]/i)
    expect(prose).not.toMatch(/@[a-z0-9]/i)
    expect(prose).not.toMatch(/#\d/)
    expect(prose).not.toMatch(/https?:\/\/evil/)
    expect(prose).not.toMatch(/(^|[^\\])\[here\]/)
  })

  it('shows evidence literally in a code span, whatever backticks it holds', () => {
    expect(codeSpan('a `tick` and ``two`` b', {inTable: false})).toBe('```a `tick` and ``two`` b```')
    expect(codeSpan('`x`', {inTable: false})).toBe('`` `x` ``')
    expect(codeSpan('a|b')).toBe('`a\\|b`')
    expect(codeSpan('line\nbreak\u202e')).toBe('`line break\\u{202E}`')
  })

  it('escapes Markdown punctuation in prose', () => {
    expect(mdText('*bold* _x_ <b> [a](b) | ~~s~~ &amp;')).toBe('\\*bold\\* \\_x\\_ \\<b\\> \\[a\\](b) \\| \\~\\~s\\~\\~ \\&amp;')
    expect(mdText('# not a heading')).toBe('\\# not a heading')
    expect(mdText('1. not a list')).toBe('1\\. not a list')
    expect(mdText('- not a list')).toBe('\\- not a list')
    expect(mdText('ping @octocat')).toBe('ping `@octocat`')
  })

  it('caps the rows and says how many are not shown', () => {
    const many = Array.from({length: MAX_MARKDOWN_ROWS + 7}, (_v, i) => finding({location: {line: i + 1}}))
    const out = renderMarkdown({findings: many, rules: GOLDEN_RULES, inputs: ['a']})
    expect(out.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(MAX_MARKDOWN_ROWS)
    expect(out).toContain('_7 more findings of this severity not shown')
  })

  it('says so when there is nothing to report', () => {
    expect(renderMarkdown({findings: [], rules: GOLDEN_RULES, inputs: ['a']})).toContain('**No findings** in 1 file.')
  })
})
