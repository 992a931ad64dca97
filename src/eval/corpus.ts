// Loads the labelled evaluation data: the shared corpus (BIPIA, MCPSecBench, NotInject, GitHub's tools)
// and mcp-warden's own fixtures per attack class, as plain samples the runner maps into manifests and
// tool results. Every malformed or missing file is an error that names it: a silent skip would inflate
// the figures.

import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

export type Label = 'malicious' | 'benign'

export interface Sample {
  /** Data set: `bipia-text`, `mcpsecbench`, `notinject`, `fixtures-results`... */
  set: string
  /** Attack class (or benign kind) within the set. */
  cls: string
  label: Label
  text: string
}

/** A whole manifest evaluated as is (every tool one sample). */
export interface ManifestSample {
  set: string
  cls: string
  label: Label
  file: string
}

export interface EvalData {
  /** Texts, evaluated as tool descriptions and as tool results. */
  texts: Sample[]
  /** Texts only meaningful as tool results (benign results of real tools, injected results). */
  results: Sample[]
  manifests: ManifestSample[]
}

/**
 * Classes whose "attack" text carries no marker of an attack: BIPIA's task-hijack prompts are ordinary
 * questions, and MCPSecBench's user prompts only trigger an attack that lives in a server. Reported
 * separately so their (inherently low) recall is visible and not averaged away.
 */
export const MARKERLESS = new Set([
  'bipia-text/Information Retrieval',
  'bipia-text/Content Creation',
  'bipia-text/Learning and Tutoring',
  'bipia-text/Language Translation',
  'bipia-text/Programming Help',
  'mcpsecbench/Tool Poisoning Attack',
  'mcpsecbench/Server Shadowing',
  'mcpsecbench/Tool Shadowing',
  'mcpsecbench/Rug Pull',
  'mcpsecbench/Vulnerable Server',
])

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`eval: cannot read ${file}: ${(error as Error).message}`)
  }
}

function classMap(file: string, set: string, label: Label): Sample[] {
  const data = readJson(file)
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`eval: ${file}: expected an object of class → texts`)
  const out: Sample[] = []
  for (const [cls, list] of Object.entries(data as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new Error(`eval: ${file}: class "${cls}" is not a list`)
    for (const text of list) if (typeof text === 'string') out.push({set, cls, label, text})
  }
  return out
}

/** The shared corpus (../shared/corpus). */
export function loadCorpus(dir: string): EvalData {
  const need = (name: string) => {
    const f = path.join(dir, name)
    if (!existsSync(f)) throw new Error(`eval: corpus file missing: ${f}`)
    return f
  }
  const texts: Sample[] = [
    ...classMap(need('injection-bipia-text-attack-train.json'), 'bipia-text', 'malicious'),
    ...classMap(need('injection-bipia-code-attack-train.json'), 'bipia-code', 'malicious'),
  ]
  const sec = readJson(need('injection-mcpsecbench-attacks-extended.json'))
  if (!Array.isArray(sec)) throw new Error('eval: MCPSecBench file is not a list')
  for (const entry of sec as Array<{name?: unknown; prompts?: unknown}>) {
    if (typeof entry?.name !== 'string' || !Array.isArray(entry.prompts)) throw new Error('eval: MCPSecBench entry without name/prompts')
    for (const p of entry.prompts) if (typeof p === 'string') texts.push({set: 'mcpsecbench', cls: entry.name, label: 'malicious', text: p})
  }
  const ni = readJson(need('benign-notinject-one.json'))
  if (!Array.isArray(ni)) throw new Error('eval: NotInject file is not a list')
  for (const e of ni as Array<{prompt?: unknown; category?: unknown}>) {
    if (typeof e?.prompt === 'string') texts.push({set: 'notinject', cls: typeof e.category === 'string' ? e.category : 'other', label: 'benign', text: e.prompt})
  }
  return {texts, results: [], manifests: [{set: 'github-mcp-server', cls: 'github', label: 'benign', file: need('benign-github-mcp-server.tools.json')}]}
}

/**
 * mcp-warden's own evaluation fixtures (fixtures/eval): `poisoned/<class>.json` and `benign/<server>.json`
 * are tools/list files; `injected-results/<class>.json` and `benign-results/<kind>.json` are lists of
 * tool-result texts.
 */
export function loadFixtures(dir: string): EvalData {
  const out: EvalData = {texts: [], results: [], manifests: []}
  const list = (sub: string) => {
    const d = path.join(dir, sub)
    if (!existsSync(d)) throw new Error(`eval: fixture folder missing: ${d}`)
    return readdirSync(d).filter((f) => f.endsWith('.json')).sort()
  }
  for (const f of list('poisoned')) out.manifests.push({set: 'fixtures-poisoned', cls: f.replace(/\.json$/, ''), label: 'malicious', file: path.join(dir, 'poisoned', f)})
  for (const f of list('benign')) out.manifests.push({set: 'fixtures-benign', cls: f.replace(/\.json$/, ''), label: 'benign', file: path.join(dir, 'benign', f)})
  for (const [sub, label, set] of [
    ['injected-results', 'malicious', 'fixtures-injected-results'],
    ['benign-results', 'benign', 'fixtures-benign-results'],
  ] as const) {
    for (const f of list(sub)) {
      const file = path.join(dir, sub, f)
      const data = readJson(file)
      if (!Array.isArray(data) || !data.every((t) => typeof t === 'string')) throw new Error(`eval: ${file}: expected a list of strings`)
      for (const text of data as string[]) out.results.push({set, cls: f.replace(/\.json$/, ''), label, text})
    }
  }
  return out
}
