// The whole rule engine on hostile 1 MB inputs: as a tool description (runRules on a one-server scope)
// and as a tool result (runTextRules on a content field), as `scan` and the proxy run them. The
// assertion is only that each run finishes: the per-test timeout is the bound, and the figures live in
// bench/adversarial.mjs. recheck proves patterns one at a time; this catches what it cannot see
// (bounded windows with a large constant, look-arounds, the code around the patterns).

import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'
import {afterAll, describe, expect, it} from 'vitest'
import {textField} from '../../src/inputs/load.js'
import {serverView} from '../../src/inputs/views.js'
import {emptyManifest, type Tool} from '../../src/model/manifest.js'
import {runRules, runTextRules} from '../../src/rules/engine.js'
import {RULES} from '../../src/rules/registry.js'
import type {Scope} from '../../src/rules/scope.js'
import type {Rule} from '../../src/rules/types.js'
import {attackInputs, deepSchema, genericInputs} from './inputs.mjs'
import {inventory, ROOT} from './inventory.mjs'

// Generous: the slowest input takes a few seconds on a loaded two-core machine; a stall takes hours.
const TIMEOUT = 60_000

// vitest checks a synchronous test's time only once it returns, and a catastrophic regex may not
// return for hours: this thread kills the test process when one input runs past twice the timeout,
// so a real stall fails the run instead of hanging it.
const watchdog = new Worker(
  `const {parentPort, workerData} = require('node:worker_threads')
   const {writeSync} = require('node:fs')
   let timer
   parentPort.on('message', (name) => {
     clearTimeout(timer)
     if (name) timer = setTimeout(() => {
       // writeSync: a worker's process.stderr goes through the main thread, which is the one stuck.
       writeSync(2, 'adversarial input "' + name + '" still running after ' + workerData.ms + ' ms: killing the test process\\n')
       process.kill(process.pid, 'SIGKILL')
     }, workerData.ms)
   })`,
  {eval: true, workerData: {ms: 2 * TIMEOUT}},
)
watchdog.unref()
afterAll(() => watchdog.terminate())

/** Every rule, including catalog files the generated index does not list yet. */
async function allRules(): Promise<Rule[]> {
  const dir = path.join(ROOT, 'src/rules/catalog')
  const known = new Set(RULES.map((r) => r.meta.id))
  const extra: Rule[] = []
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort()) {
    const rule = ((await import(pathToFileURL(path.join(dir, f)).href)) as {default?: Rule}).default
    if (rule?.meta && !known.has(rule.meta.id)) extra.push(rule)
  }
  return [...RULES, ...extra]
}

const rules = await allRules()

function asDescription(description: string, inputSchema: Tool['inputSchema'] = {type: 'object'}): Scope {
  const m = emptyManifest()
  m.tools = [{name: 'get_weather', description, inputSchema}]
  return {servers: [serverView('hostile', m, {file: 'hostile.tools.json'}, '', (_k, i) => `/tools/${i}`)], configs: [], texts: []}
}

const asResult = (text: string) => [{...textField(text, {file: 'result.txt'}), field: 'content' as const}]

function timed<T>(name: string, fn: () => T): T {
  watchdog.postMessage(name)
  try {
    return fn()
  } finally {
    watchdog.postMessage('')
  }
}

/** One hostile text through every rule, as a tool description and as a tool result, each within the bound. */
function bothWays(name: string, text: string): void {
  it(`${name} as a tool description`, () => {
    expect(Array.isArray(timed(name, () => runRules(asDescription(text), rules)))).toBe(true)
  }, TIMEOUT)
  it(`${name} as a tool result`, () => {
    expect(Array.isArray(timed(name, () => runTextRules(asResult(text), rules)))).toBe(true)
  }, TIMEOUT)
}

describe('generic hostile inputs of 1 MB', () => {
  for (const [name, text] of Object.entries(genericInputs())) bothWays(name, text)

  const deep = deepSchema()

  it('a 1 MB input schema nested 10,000 deep', () => {
    expect(deep.json.length).toBeGreaterThan(1_000_000)
    const scope = asDescription('Weather for a city.', deep.schema as Tool['inputSchema'])
    expect(Array.isArray(timed('deep schema', () => runRules(scope, rules)))).toBe(true)
  }, TIMEOUT)

  it('the same schema as 1 MB of JSON text in a tool result', () => {
    expect(Array.isArray(timed('deep schema text', () => runTextRules(asResult(deep.json), rules)))).toBe(true)
  }, TIMEOUT)
})

// ---- inputs pumped from recheck's attacks on our own patterns ----------------------------------------

const {patterns} = await inventory()
// Fuzzing every window takes about a minute; the widest windows first, for 20 s, give about half of
// the inputs a full pass finds. bench/adversarial.mjs fuzzes them all.
const attacks = await attackInputs(patterns, {budgetMs: 20_000})

describe('inputs pumped from recheck attacks on our patterns, 1 MB each', () => {
  for (const {name, text} of attacks) bothWays(name, text)
})

describe('patterns reviewed by hand (unknown.json), each alone on every input', () => {
  const reviewed = (JSON.parse(readFileSync(path.join(ROOT, 'test/redos/unknown.json'), 'utf8')) as {entries: Array<{source: string; flags: string}>}).entries
  const inputs = [...Object.entries(genericInputs()).map(([name, text]) => ({name, text})), ...attacks]

  for (const {source, flags} of reviewed) {
    it(`/${source.slice(0, 60)}/${flags}`, () => {
      const re = new RegExp(source, flags.includes('g') ? flags : flags + 'g')
      for (const {name, text} of inputs) {
        timed(`${name} on /${source}/`, () => {
          for (const _ of text.matchAll(re));
        })
      }
    }, TIMEOUT)
  }
})
