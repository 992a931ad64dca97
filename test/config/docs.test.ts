// The config rules' docs show real fixtures and real output: every quoted fixture excerpt is in the
// fixture it names, and every output line under `$ mcp-warden scan FILE` is what scan prints today.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {LoadedPolicy} from '../../src/policy/load.js'
import {RULES} from '../../src/rules/registry.js'
import {renderText} from '../../src/report/text.js'
import {scanPaths} from '../../src/scan/scan.js'
import {ROOT} from '../helpers/cli.js'

const IDS = ['inline-secret', 'unpinned-package', 'package-typosquat', 'remote-code-pipe', 'insecure-remote', 'privileged-container']
const NO_POLICY: LoadedPolicy = {policy: {}, locate: () => ({line: 1, column: 1})}

/** Fenced blocks with the text before each (to find the fixture a paragraph names). */
function blocks(md: string): Array<{lang: string; body: string; before: string}> {
  const out: Array<{lang: string; body: string; before: string}> = []
  const re = /```(\w*)\n([\s\S]*?)```/g
  let last = 0
  for (const m of md.matchAll(re)) {
    out.push({lang: m[1], body: m[2], before: md.slice(last, m.index)})
    last = m.index! + m[0].length
  }
  return out
}

function scanText(file: string): string[] {
  const r = scanPaths([file], NO_POLICY)
  return renderText({findings: r.findings, rules: RULES, inputs: r.inputs}, {color: false}).split('\n')
}

describe.each(IDS)('docs/rules/%s.md', (id) => {
  const md = readFileSync(path.join(ROOT, 'docs/rules', `${id}.md`), 'utf8')

  it('quotes its fixtures as they are', () => {
    let quoted = 0
    for (const b of blocks(md)) {
      if (b.lang !== 'json' && b.lang !== 'yaml' && b.lang !== 'toml') continue
      const names = [...b.before.matchAll(/`(fixtures\/rules\/[^`]+)`/g)].map((m) => m[1])
      if (names.length === 0) continue
      const text = readFileSync(path.join(ROOT, names.at(-1)!), 'utf8')
      expect(text, `${names.at(-1)} does not hold the excerpt`).toContain(b.body.trimEnd())
      quoted++
    }
    expect(quoted).toBeGreaterThanOrEqual(2)
  })

  it('shows the output scan prints', () => {
    let shown = 0
    for (const b of blocks(md)) {
      const cmd = /^\$ mcp-warden scan (\S+)\n/.exec(b.body)
      if (!cmd) continue
      const actual = scanText(cmd[1])
      for (const line of b.body.split('\n').slice(1).filter((l) => l.trim())) {
        expect(actual, `${cmd[1]}: ${line}`).toContain(line)
        shown++
      }
    }
    expect(shown).toBeGreaterThanOrEqual(2)
  })
})
