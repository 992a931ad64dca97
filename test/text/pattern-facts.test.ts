// The table of pattern facts the build writes (dist/text/pattern-facts.json, scripts/gen-pattern-
// facts.mjs) spares every process deriving them at start-up. A stale or partial table would only cost
// time (a missing pattern is derived on first use), but it must hold what derivation gives today.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {EMAIL} from '../../src/pii/email.js'
import {SECRET_PATTERNS} from '../../src/secrets/patterns.js'
import {derivePatternFacts, FACTS_VERSION, factsKey} from '../../src/text/literals.js'
import {SIGNAL_PATTERNS} from '../../src/text/signals.js'

describe('the pattern facts table of the build', () => {
  const table = JSON.parse(readFileSync(path.resolve('dist/text/pattern-facts.json'), 'utf8')) as {version: number; facts: Record<string, unknown>}
  const patterns = [...SIGNAL_PATTERNS.map((p) => p.re), ...SECRET_PATTERNS.map((p) => p.re), EMAIL]

  it('is of this version and holds every pattern the scanners look up, as derived from it now', () => {
    expect(table.version).toBe(FACTS_VERSION)
    for (const re of patterns) expect(table.facts[factsKey(re)], re.source).toEqual(derivePatternFacts(re))
    expect(Object.keys(table.facts).length).toBe(new Set(patterns.map(factsKey)).size)
  })

  it('is the one the action\'s bundle carries', () => {
    expect(readFileSync(path.resolve('action/cli/pattern-facts.json'), 'utf8')).toBe(readFileSync(path.resolve('dist/text/pattern-facts.json'), 'utf8'))
  })
})
