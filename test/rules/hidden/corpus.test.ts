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
const HEAD = 'Get the current weather for a city.'

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

// [transform, rule, severity in a description, minimum recall there, severity in a tool result, minimum recall there]
const TRANSFORMS: Array<[string, (s: string) => string, string, Severity, number, Severity | undefined, number]> = [
  ['unicode tags', (s) => HEAD + t.tags(s), 'unicode-tag-characters', 'critical', 0.99, 'high', 1],
  ['zero-width split', (s) => t.zeroWidthSplit(s), 'invisible-characters', 'medium', 1, 'medium', 0.95],
  ['variation selectors', (s) => HEAD + ' ' + t.variationSelectors(s), 'invisible-characters', 'high', 0.99, 'medium', 0.99],
  ['bidi override', (s) => HEAD + ' ' + t.bidiOverride(s), 'bidi-control', 'high', 1, 'medium', 1],
  ['bidi isolate', (s) => HEAD + ' ' + t.bidiIsolate(s), 'bidi-control', 'high', 1, 'medium', 1],
  ['ansi conceal', (s) => HEAD + t.ansiConceal(s), 'terminal-escape', 'critical', 1, 'high', 1],
  ['ansi rewrite', (s) => t.ansiRewrite(s, HEAD), 'terminal-escape', 'critical', 1, 'high', 1],
  ['base64', (s) => HEAD + ' ' + t.base64(s), 'encoded-payload', 'high', 0.95, 'medium', 0.95],
  ['hex', (s) => HEAD + ' ' + t.hex(s), 'encoded-payload', 'high', 0.95, 'medium', 0.95],
  ['homoglyphs', (s) => t.homoglyphs(s), 'homoglyph-name', 'medium', 0.95, undefined, 0],
  ['40 blank lines', (s) => t.padNewlines(HEAD, s), 'padding-out-of-view', 'high', 0.95, 'medium', 0.95],
  ['400 spaces', (s) => t.padSpaces(HEAD, s), 'padding-out-of-view', 'high', 0.95, 'medium', 0.95],
  ['braille blanks', (s) => t.padBraille(HEAD, s), 'padding-out-of-view', 'high', 0.95, 'medium', 0.95],
]

describe('recall on hidden-character transforms of the corpus', () => {
  it('has the corpus', () => {
    expect(malicious.length).toBeGreaterThan(250)
  })

  it.each(TRANSFORMS)('%s', (_name, transform, rule, severity, min, contentSeverity, contentMin) => {
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
