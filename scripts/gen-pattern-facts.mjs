// Writes dist/text/pattern-facts.json: the required literals and match bounds of every signal and
// secret pattern, and of the e-mail pattern (see src/text/literals.ts). Deriving them costs a process
// about 0.2 s at start-up; the build does it once. Run by `npm run build` after tsc, on the compiled
// modules. A pattern missing from the table is derived when first used (the markup and URL patterns
// of signals.ts are, on the first long text: they are few and simple). The tests check the table
// against fresh derivations.
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href)
const [{derivePatternFacts, factsKey, FACTS_VERSION}, {SIGNAL_PATTERNS}, {SECRET_PATTERNS}, {EMAIL}] = await Promise.all([
  dist('text/literals.js'),
  dist('text/signals.js'),
  dist('secrets/patterns.js'),
  dist('pii/email.js'),
])

const facts = {}
for (const re of [...SIGNAL_PATTERNS.map((p) => p.re), ...SECRET_PATTERNS.map((p) => p.re), EMAIL]) facts[factsKey(re)] = derivePatternFacts(re)
// Sorted keys and no whitespace: the same sources give the same bytes (the action's bundle copies it).
const sorted = Object.fromEntries(Object.keys(facts).sort().map((k) => [k, facts[k]]))
writeFileSync(path.join(ROOT, 'dist/text/pattern-facts.json'), JSON.stringify({version: FACTS_VERSION, facts: sorted}) + '\n')
