// Calibration on ../shared/corpus. Recall: every malicious text of the corpus (BIPIA, MCPSecBench),
// transformed the way attackers hide text, placed in a tool description (and in a tool result), must
// be caught by the rule for that transform at the stated severity. Precision: GitHub's 117 real tools
// and the NotInject prompts (benign, full of trigger words and emoji) raise nothing at high or above.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {severityRank, type Severity} from '../../../src/core/severity.js'
import {textField} from '../../../src/inputs/load.js'
import {serverView} from '../../../src/inputs/views.js'
import {emptyManifest} from '../../../src/model/manifest.js'
import {runRules} from '../../../src/rules/engine.js'
import {RULES} from '../../../src/rules/registry.js'
import type {Scope} from '../../../src/rules/scope.js'
import * as t from '../../../scripts/hidden-transforms.mjs'

const MINE = new Set([
  'unicode-tag-characters',
  'invisible-characters',
  'bidi-control',
  'terminal-escape',
  'homoglyph-name',
  'encoded-payload',
  'padding-out-of-view',
  'misleading-annotations',
  'tool-shadowing',
])
const OURS = RULES.filter((r) => MINE.has(r.meta.id))

/** One server whose tool i has description `descriptions[i]`. */
function manifestScope(descriptions: string[], name = 'weather'): Scope {
  const m = emptyManifest()
  m.tools = descriptions.map((d, i) => ({name: `tool_${i}`, description: d, inputSchema: {type: 'object'}}))
  const server = serverView(name, m, {file: `${name}.json`}, '', (_k, i) => `/tools/${i}`)
  return {servers: [server], configs: [], texts: []}
}

function contentScope(texts: string[]): Scope {
  return {servers: [], configs: [], texts: texts.map((x, i) => textField(x, {file: `result-${i}.txt`}))}
}

/** Share of inputs (by file and pointer) with a finding of `rule` at `min` or above. */
function recall(scope: Scope, n: number, rule: string, min: Severity): number {
  const hit = new Set(
    runRules(scope, OURS)
      .filter((f) => f.ruleId === rule && severityRank(f.severity) >= severityRank(min))
      .map((f) => `${f.location.file}#${f.location.pointer}`),
  )
  return hit.size / n
}

const malicious = t.maliciousTexts()

// Per transform: the severity its rule reaches in a description and the minimum share of the corpus
// caught there, then the same in a tool result (undefined: the rule reads metadata only).
const EXPECTED: Record<string, [Severity, number, Severity | undefined, number]> = {
  'unicode tags': ['critical', 0.99, 'high', 1],
  'zero-width split': ['high', 0.9, 'medium', 0.95],
  'variation selectors': ['high', 0.99, 'medium', 0.99],
  'bidi override': ['high', 1, 'medium', 1],
  'bidi isolate': ['high', 1, 'medium', 1],
  'ansi conceal': ['critical', 1, 'high', 1],
  'ansi rewrite': ['critical', 1, 'high', 1],
  base64: ['high', 0.95, 'medium', 0.95],
  hex: ['high', 0.95, 'medium', 0.95],
  homoglyphs: ['high', 0.85, undefined, 0],
  '40 blank lines': ['high', 0.95, 'medium', 0.95],
  '400 spaces': ['high', 0.95, 'medium', 0.95],
  'braille blanks': ['high', 0.95, 'medium', 0.95],
}

describe('recall on hidden-character transforms of the corpus', () => {
  it('has the corpus', () => {
    expect(malicious.length).toBeGreaterThan(250)
  })

  it('has expectations for every transform', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(t.TRANSFORMS.map(([name]) => name).sort())
  })

  it.each(t.TRANSFORMS)('%s', (name, transform, rule) => {
    const [severity, min, contentSeverity, contentMin] = EXPECTED[name]
    // A text the transform leaves as it was ("7 + 3 = ?" has no word to split) is not a test of it.
    const texts = malicious.map((m) => transform(m.text)).filter((x, i) => x !== malicious[i].text)
    expect(recall(manifestScope(texts), texts.length, rule, severity)).toBeGreaterThanOrEqual(min)
    if (contentSeverity) expect(recall(contentScope(texts), texts.length, rule, contentSeverity)).toBeGreaterThanOrEqual(contentMin)
  })
})

describe('precision on benign real-world text', () => {
  it('raises nothing on the 117 tools of GitHub\'s MCP server', () => {
    const file = path.join(t.CORPUS, 'benign-github-mcp-server.tools.json')
    const m = emptyManifest()
    m.tools = JSON.parse(readFileSync(file, 'utf8')).tools
    const server = serverView('benign-github-mcp-server', m, {file}, '', (_k, i) => `/tools/${i}`)
    const found = runRules({servers: [server], configs: [], texts: []}, OURS)
    expect(found.map((f) => `${f.severity} ${f.ruleId} ${f.location.name}: ${f.message}`)).toEqual([])
  })

  it('raises nothing at medium or above on the NotInject prompts, as descriptions and as tool results', () => {
    const prompts = (JSON.parse(readFileSync(path.join(t.CORPUS, 'benign-notinject-one.json'), 'utf8')) as Array<{prompt: string}>).map((p) => p.prompt)
    const found = [...runRules(manifestScope(prompts, 'notinject'), OURS), ...runRules(contentScope(prompts), OURS)]
    expect(found.filter((f) => severityRank(f.severity) >= severityRank('medium')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([])
  })

  it('raises nothing on GitHub descriptions decorated with emoji, flags, RTL text and CJK text', () => {
    const decorations = [
      ' 👩‍💻 ❤️ ✔️ 1️⃣ 🏳️‍🌈 👨‍👩‍👧‍👦',
      ` ${'\u{1F3F4}' + t.tags('gbeng') + '\u{E007F}'} ${'\u{1F3F4}' + t.tags('gbsct') + '\u{E007F}'}`,
      ' (العربية: مستودع\u200F) (עברית: מאגר\u200F)',
      ' 日本語の説明: リポジトリを検索します。',
      ' Описание: поиск по репозиториям.',
      ' Persian: می‌خواهم.',
    ]
    const descriptions = t.githubTools().flatMap((tool) => decorations.map((d) => (tool.description ?? '') + d))
    const found = runRules(manifestScope(descriptions, 'decorated'), OURS)
    expect(found.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([])
  })
})
