// Renders an evaluation as the Markdown tables of docs/detection.md (and the terminal): recall per
// attack class and per hidden-character transform, false positives per benign set, at `--fail-on high`
// and `--fail-on medium`. Deterministic: no dates, sorted rows.

import {total, type Cell, type EvalResult, type Row} from './run.js'

const pct = (k: number, n: number) => (n === 0 ? '–' : `${k}/${n} (${((100 * k) / n).toFixed(k === n || k === 0 ? 0 : 1)}%)`)

function byKey(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => (a.set + a.cls < b.set + b.cls ? -1 : a.set + a.cls > b.set + b.cls ? 1 : 0))
}

function find(rows: readonly Row[], set: string, cls: string, mode: Row['mode'], transform: string): Cell | undefined {
  return rows.find((r) => r.set === set && r.cls === cls && r.mode === mode && r.transform === transform)?.cell
}

export interface Summary {
  /** Attacks with an injection marker, as published: recall at high (all rules), by mode. */
  textBorne: {description: Cell; result: Cell}
  markerless: {description: Cell; result: Cell}
  /** Per transform, text-borne attacks: cells by mode. */
  transforms: Record<string, {description: Cell; result: Cell}>
  /** Benign sets: cells by set and mode. */
  benign: Record<string, {description?: Cell; result?: Cell; manifest?: Cell}>
  fixtures: {poisoned: Cell; injectedResults: Cell}
}

export function summarize(r: EvalResult): Summary {
  const mal = (mode: Row['mode'], transform: string, markerless: boolean) =>
    total(r.rows, (x) => x.label === 'malicious' && x.mode === mode && x.transform === transform && x.markerless === markerless && !x.set.startsWith('fixtures'))
  const transforms: Summary['transforms'] = {}
  for (const t of r.transforms) transforms[t.id] = {description: mal('description', t.id, false), result: mal('result', t.id, false)}
  const benign: Summary['benign'] = {}
  for (const x of r.rows) {
    if (x.label !== 'benign') continue
    const b = (benign[x.set] ??= {})
    b[x.mode as 'description' | 'result' | 'manifest'] = total(r.rows, (y) => y.label === 'benign' && y.set === x.set && y.mode === x.mode)
  }
  return {
    textBorne: {description: mal('description', 'plain', false), result: mal('result', 'plain', false)},
    markerless: {description: mal('description', 'plain', true), result: mal('result', 'plain', true)},
    transforms,
    benign,
    fixtures: {
      poisoned: total(r.rows, (x) => x.set === 'fixtures-poisoned'),
      injectedResults: total(r.rows, (x) => x.set === 'fixtures-injected-results' && x.transform === 'plain'),
    },
  }
}

export function renderMarkdown(r: EvalResult, command: string): string {
  const s = summarize(r)
  const out: string[] = []
  out.push('# Detection quality', '')
  out.push(
    'Measured with the real rule engine and every rule, offline. Each attack text is scanned twice: as the description of a tool in a manifest (what `scan` and `check` see), and as the text of a tool result (what `wrap` and `replay` see). "≥high" is what fails `--fail-on high` (the default); "≥medium" fails `--fail-on medium`. Regenerate this page with:',
    '',
    '```',
    command,
    '```',
    '',
  )
  out.push('## Summary', '')
  out.push('| | as description ≥high | as description ≥medium | as tool result ≥high | as tool result ≥medium |', '|---|---|---|---|---|')
  const line = (name: string, d: Cell, res: Cell) => out.push(`| ${name} | ${pct(d.high, d.n)} | ${pct(d.medium, d.n)} | ${pct(res.high, res.n)} | ${pct(res.medium, res.n)} |`)
  line('attacks with an injection marker (recall)', s.textBorne.description, s.textBorne.result)
  line('attacks without any marker † (recall)', s.markerless.description, s.markerless.result)
  for (const [set, b] of Object.entries(s.benign).sort()) {
    if (b.manifest) out.push(`| ${set}: tools flagged (false positives) | ${pct(b.manifest.high, b.manifest.n)} | ${pct(b.manifest.medium, b.manifest.n)} | | |`)
    if (b.description || b.result) line(`${set} (false positives)`, b.description ?? zero(), b.result ?? zero())
  }
  out.push('')
  out.push(
    '† BIPIA\'s task-hijack texts ("What is the capital of Brazil?", "Write a short story...") and MCPSecBench\'s user prompts for server-side attacks ("How much is 3 + 2?") carry no sign of an attack in their words: in BIPIA the attack is that a question appears inside data, in MCPSecBench the poison lives in the server the prompt triggers. No text detector can flag them without flagging ordinary questions; they are listed so the figure is not hidden in an average.',
    '',
  )

  out.push('## Attacks by class (as published)', '')
  out.push('| set | class | n | description ≥high | description ≥medium | tool result ≥high | tool result ≥medium |', '|---|---|---|---|---|---|---|')
  for (const x of byKey(r.rows.filter((y) => y.label === 'malicious' && y.mode === 'description' && y.transform === 'plain'))) {
    const res = find(r.rows, x.set, x.cls, 'result', 'plain') ?? zero()
    out.push(`| ${x.set} | ${x.cls}${x.markerless ? ' †' : ''} | ${x.cell.n} | ${pct(x.cell.high, x.cell.n)} | ${pct(x.cell.medium, x.cell.n)} | ${pct(res.high, res.n)} | ${pct(res.medium, res.n)} |`)
  }
  out.push('')

  out.push('## Hidden-character transforms', '')
  out.push(
    'The corpus attacks that carry a marker, rewritten the way poisoned servers hide text. "semantic" counts only the eight semantic detectors (prompt-override, secrecy-toward-user, ...), which read the text after analyze() strips, decodes and folds it; "all rules" adds the hidden-character rules, which flag the hiding itself.',
    '',
  )
  out.push('| transform | n | description ≥high (all rules) | description ≥high (semantic) | tool result ≥high (all rules) | tool result ≥high (semantic) | tool result ≥medium (all rules) |', '|---|---|---|---|---|---|---|')
  for (const t of r.transforms) {
    const c = s.transforms[t.id]
    out.push(`| ${t.id}: ${t.label} | ${c.description.n} | ${pct(c.description.high, c.description.n)} | ${pct(c.description.semHigh, c.description.n)} | ${pct(c.result.high, c.result.n)} | ${pct(c.result.semHigh, c.result.n)} | ${pct(c.result.medium, c.result.n)} |`)
  }
  out.push('')

  out.push('## Benign sets (false positives)', '')
  out.push('| set | kind | n | as description ≥high | as description ≥medium | as tool result ≥high | as tool result ≥medium |', '|---|---|---|---|---|---|---|')
  const benignRows = byKey(r.rows.filter((y) => y.label === 'benign'))
  const seen = new Set<string>()
  for (const x of benignRows) {
    const k = `${x.set}\u0000${x.cls}`
    if (seen.has(k)) continue
    seen.add(k)
    const d = find(r.rows, x.set, x.cls, x.mode === 'manifest' ? 'manifest' : 'description', 'plain')
    const res = find(r.rows, x.set, x.cls, 'result', 'plain')
    const cell = (c: Cell | undefined, k2: 'high' | 'medium') => (c ? pct(c[k2], c.n) : '')
    out.push(`| ${x.set} | ${x.cls}${x.mode === 'manifest' ? ' (tools)' : ''} | ${(d ?? res)?.n ?? 0} | ${cell(d, 'high')} | ${cell(d, 'medium')} | ${cell(res, 'high')} | ${cell(res, 'medium')} |`)
  }
  const tally = (pick: (x: Row) => Record<string, number>) => {
    const m = new Map<string, number>()
    for (const x of benignRows) for (const [id, n] of Object.entries(pick(x))) m.set(id, (m.get(id) ?? 0) + n)
    return [...m].sort().map(([id, n]) => `${id} (${n})`).join(', ')
  }
  const high = tally((x) => x.rules)
  const medium = tally((x) => x.mediumRules)
  out.push('', high ? `Rules at high or above on benign samples: ${high}.` : 'No rule fired at high or above on any benign sample.')
  out.push(medium ? `Rules at medium on benign samples: ${medium}.` : 'No rule fired at medium on any benign sample.', '')

  out.push('## mcp-warden fixtures per attack class', '')
  out.push('Written for this evaluation from public reports (Invariant Labs\' tool poisoning and WhatsApp shadowing, Trail of Bits\' line jumping and conversation theft, indirect injection in issues, pages and emails), in `fixtures/eval/`. Each poisoned tool and each injected result is one sample.', '')
  out.push('| set | class | n | ≥high | ≥medium |', '|---|---|---|---|---|')
  for (const x of byKey(r.rows.filter((y) => y.set.startsWith('fixtures') && y.label === 'malicious' && y.transform === 'plain'))) {
    out.push(`| ${x.set} | ${x.cls} | ${x.cell.n} | ${pct(x.cell.high, x.cell.n)} | ${pct(x.cell.medium, x.cell.n)} |`)
  }
  out.push('')
  return out.join('\n')
}

function zero(): Cell {
  return {n: 0, high: 0, medium: 0, semHigh: 0, semMedium: 0}
}
