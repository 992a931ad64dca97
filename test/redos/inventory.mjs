// The regex inventory of src/: every regular expression the code can build, found with the TypeScript
// compiler API, then checked for super-linear backtracking with recheck. Plain ESM so that both the
// ReDoS tests (through inventory.d.mts) and `node bench/adversarial.mjs` use one implementation.

import {existsSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import ts from 'typescript'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Every TypeScript source under src/, as absolute paths, sorted. */
export function sourceFiles(dir = path.join(ROOT, 'src')) {
  const out = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...sourceFiles(p))
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out.sort()
}

// ---- extraction ------------------------------------------------------------------------------------

// Deep enough for `const A = ...; const B = `${A}|...`` chains, shallow enough that a cycle stops.
const MAX_FOLD_DEPTH = 24
// String methods that turn a string argument into a RegExp (`'x'.match('a+')` compiles `a+`).
const COMPILING_METHODS = new Set(['match', 'matchAll', 'search'])

/**
 * Walk src/ and return every regex site:
 * - `literal`: a regex literal;
 * - `constructor`: `new RegExp(...)` / `RegExp(...)`; `source`/`flags` are set when both fold to
 *   constants (string literals, templates, `String.raw`, `+`, `const` names, `[...].join()`);
 * - `string-method`: `str.match(x)`, `matchAll(x)` or `search(x)` with a string `x`, which compiles `x`.
 * Sites whose pattern does not fold have `source` undefined: they are the dynamic ones.
 */
export function extractRegexSites(files = sourceFiles()) {
  const program = createProgram(files)
  const checker = program.getTypeChecker()
  const sites = []
  for (const file of files) {
    const sf = program.getSourceFile(file)
    if (!sf) throw new Error(`typescript did not load ${file}`)
    const rel = path.relative(ROOT, file).split(path.sep).join('/')
    const at = (node) => {
      const start = node.getStart(sf)
      const {line, character} = sf.getLineAndCharacterOfPosition(start)
      const endLine = sf.getLineAndCharacterOfPosition(node.getEnd()).line
      return {file: rel, line: line + 1, column: character + 1, endLine: endLine + 1}
    }
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf)
        const slash = text.lastIndexOf('/')
        sites.push({...at(node), kind: 'literal', source: text.slice(1, slash), flags: text.slice(slash + 1), code: text})
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRegExpCallee(node.expression)) {
        const [pattern, flags] = node.arguments ?? []
        const code = pattern ? squash(pattern.getText(sf)) : ''
        const source = pattern ? foldString(pattern, checker, 0) : '(?:)'
        const flagText = flags ? foldString(flags, checker, 0) : ''
        // `new RegExp(re)` copies a RegExp: its flags stay unless the second argument replaces them.
        const ok = source !== undefined && flagText !== undefined && (!pattern || !isRegExpTyped(pattern, checker))
        sites.push({...at(node), kind: 'constructor', code, ...(ok ? {source, flags: flagText} : {})})
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && COMPILING_METHODS.has(node.expression.name.text)) {
        const [pattern] = node.arguments
        if (pattern && isStringTyped(node.expression.expression, checker) && isStringTyped(pattern, checker)) {
          const source = foldString(pattern, checker, 0)
          const flags = node.expression.name.text === 'matchAll' ? 'g' : ''
          sites.push({...at(node), kind: 'string-method', code: squash(node.getText(sf)), ...(source === undefined ? {} : {source, flags})})
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return sites
}

/**
 * A program over src/ alone: relative imports resolve to their .ts files so constants fold across
 * modules; packages stay unresolved (typed `any`), so the checker never loads their declarations.
 */
function createProgram(files) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    noEmit: true,
    skipLibCheck: true,
  }
  const host = ts.createCompilerHost(options)
  host.resolveModuleNameLiterals = (literals, containing) =>
    literals.map((lit) => {
      const file = path.resolve(path.dirname(containing), lit.text).replace(/\.js$/, '.ts')
      return lit.text.startsWith('.') && existsSync(file) ? {resolvedModule: {resolvedFileName: file, extension: ts.Extension.Ts, isExternalLibraryImport: false}} : {resolvedModule: undefined}
    })
  return ts.createProgram({rootNames: files, options, host})
}

function isRegExpCallee(expr) {
  if (ts.isIdentifier(expr)) return expr.text === 'RegExp'
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'RegExp' && ts.isIdentifier(expr.expression) && expr.expression.text === 'globalThis'
}

function isStringTyped(node, checker) {
  const t = checker.getTypeAtLocation(node)
  return (t.flags & ts.TypeFlags.StringLike) !== 0 || (t.isUnion() && t.types.every((u) => (u.flags & ts.TypeFlags.StringLike) !== 0))
}

function isRegExpTyped(node, checker) {
  return checker.typeToString(checker.getTypeAtLocation(node)) === 'RegExp'
}

const squash = (s) => s.replace(/\s+/g, ' ').trim()

/** The constant string value of an expression, or undefined when it depends on anything at run time. */
function foldString(node, checker, depth) {
  if (depth > MAX_FOLD_DEPTH) return undefined
  const next = (n) => foldString(n, checker, depth + 1)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) return next(node.expression)
  if (ts.isTemplateExpression(node)) return foldTemplate(node, next, (lit) => lit.text)
  if (ts.isTaggedTemplateExpression(node) && isStringRaw(node.tag)) {
    const t = node.template
    if (ts.isNoSubstitutionTemplateLiteral(t)) return rawOf(t)
    return foldTemplate(t, next, rawOf)
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = next(node.left)
    const b = a === undefined ? undefined : next(node.right)
    return b === undefined ? undefined : a + b
  }
  if (ts.isIdentifier(node)) {
    const init = constInitializer(node, checker)
    return init ? next(init) : undefined
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'join' && node.arguments.length <= 1) {
    const items = foldArray(node.expression.expression, checker, depth + 1)
    const sep = node.arguments.length === 0 ? ',' : next(node.arguments[0])
    return items === undefined || sep === undefined ? undefined : items.join(sep)
  }
  return undefined
}

function foldArray(node, checker, depth) {
  if (depth > MAX_FOLD_DEPTH) return undefined
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return foldArray(node.expression, checker, depth + 1)
  if (ts.isIdentifier(node)) {
    const init = constInitializer(node, checker)
    return init ? foldArray(init, checker, depth + 1) : undefined
  }
  if (!ts.isArrayLiteralExpression(node)) return undefined
  const out = []
  for (const e of node.elements) {
    if (ts.isSpreadElement(e)) {
      const inner = foldArray(e.expression, checker, depth + 1)
      if (inner === undefined) return undefined
      out.push(...inner)
    } else {
      const s = foldString(e, checker, depth + 1)
      if (s === undefined) return undefined
      out.push(s)
    }
  }
  return out
}

function foldTemplate(t, next, literalText) {
  let out = literalText(t.head)
  for (const span of t.templateSpans) {
    const v = next(span.expression)
    if (v === undefined) return undefined
    out += v + literalText(span.literal)
  }
  return out
}

function isStringRaw(tag) {
  return ts.isPropertyAccessExpression(tag) && tag.name.text === 'raw' && ts.isIdentifier(tag.expression) && tag.expression.text === 'String'
}

// The text of a template piece as written, which is what `String.raw` returns (the parser keeps it).
function rawOf(lit) {
  if (typeof lit.rawText !== 'string') throw new Error(`typescript kept no raw text for ${lit.getText()}`)
  return lit.rawText
}

/** The initializer of the `const` a name refers to (through imports), when it has one. */
function constInitializer(id, checker) {
  let sym = checker.getSymbolAtLocation(id)
  if (!sym) return undefined
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym)
  const decl = sym.valueDeclaration
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined
  if (!(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined
  return decl.initializer
}

// ---- regexes built at import time -------------------------------------------------------------------

const FRAME = /\(?((?:file:\/\/)?\/[^()\s]+?):(\d+):(\d+)\)?$/

/**
 * Import `modules` with the global RegExp constructor wrapped, and return every RegExp they build
 * while loading, with the stack frames that satisfy `isOurs` (innermost first). That is how patterns
 * assembled from lists (`new RegExp(source)` inside a helper called for each entry of a table) get
 * checked: the static pass sees only `source`, the import sees each compiled pattern.
 */
export async function captureImportTimeRegExps(modules, isOurs) {
  const Native = globalThis.RegExp
  const records = []
  const failures = []
  const limit = Error.stackTraceLimit
  let busy = false
  const trap = (re) => {
    // Stack formatting (source maps) may build RegExps itself; those are not the module's.
    if (busy) return
    busy = true
    try {
      const frames = []
      for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
        const m = FRAME.exec(line.trim())
        if (!m) continue
        const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1]
        if (file === SELF) continue
        frames.push({file, line: Number(m[2]), ours: isOurs(file)})
      }
      // Only RegExps our code constructs directly; a library's own patterns are not ours to fix.
      const ours = []
      for (const f of frames) {
        if (!f.ours) break
        ours.push(f)
      }
      if (ours.length > 0) records.push({source: re.source, flags: re.flags, frames: ours})
    } finally {
      busy = false
    }
  }
  const Wrapped = new Proxy(Native, {
    construct(target, args, newTarget) {
      const re = Reflect.construct(target, args, newTarget === Wrapped ? target : newTarget)
      trap(re)
      return re
    },
    apply(target, self, args) {
      const re = Reflect.apply(target, self, args)
      trap(re)
      return re
    },
  })
  Error.stackTraceLimit = 64
  globalThis.RegExp = Wrapped
  try {
    for (const m of modules) {
      try {
        await import(m)
      } catch (error) {
        failures.push({module: m, error: String(error)})
      }
    }
  } finally {
    globalThis.RegExp = Native
    Error.stackTraceLimit = limit
  }
  return {records, failures}
}

const SELF = fileURLToPath(import.meta.url)

// ---- the inventory ---------------------------------------------------------------------------------

/**
 * Every pattern of src/: the constant ones the AST shows, plus those `modules` build at import time
 * (src/ itself under vitest, or dist/ for the benchmark). Each pattern once, with every place it is
 * written or built (`file:line`, and `built at file:line` for a table entry passed to a helper).
 */
export async function inventory({files = sourceFiles(), modules, isOurs, relativeTo = ROOT} = {}) {
  const src = path.join(ROOT, 'src') + path.sep
  const sites = extractRegexSites(files)
  const capture = await captureImportTimeRegExps(
    modules ?? files.map((f) => pathToFileURL(f).href),
    isOurs ?? ((file) => file.startsWith(src)),
  )
  const byKey = new Map()
  const add = (source, flags, where) => {
    const key = `${flags}/${source}`
    const p = byKey.get(key) ?? {source, flags, where: []}
    if (!p.where.includes(where)) p.where.push(where)
    byKey.set(key, p)
  }
  const rel = (file) => path.relative(relativeTo, file).split(path.sep).join('/')
  for (const s of sites) if (s.source !== undefined) add(s.source, s.flags, `${s.file}:${s.line}`)
  for (const r of capture.records) {
    const [site, ...callers] = r.frames
    const origin = callers.at(-1)
    add(r.source, r.flags, `${rel(site.file)}:${site.line}${origin ? ` (built at ${rel(origin.file)}:${origin.line})` : ''}`)
  }
  return {sites, captured: capture.records, importFailures: capture.failures, patterns: [...byKey.values()]}
}

// ---- pattern transforms ----------------------------------------------------------------------------
// recheck's automaton checker is exact but rejects look-arounds and back-references, and expands
// bounded repetition into states (a `{0,4096}` can take it past any timeout). These transforms give it
// a pattern it can decide, always in the direction that keeps a "safe" verdict sound.

/** Tokens of a JavaScript pattern (u-mode or legacy), enough to find groups and quantifiers. */
export function tokenize(src) {
  const out = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (c === '\\') {
      const n = src[i + 1]
      let j = i + 2
      if ((n === 'u' || n === 'p' || n === 'P') && src[j] === '{') j = src.indexOf('}', j) + 1
      else if (n === 'k' && src[j] === '<') j = src.indexOf('>', j) + 1
      const backref = /^\\(?:[1-9]\d*|k<[^>]+>)$/.test(src.slice(i, j))
      out.push({type: backref ? 'backref' : 'atom', text: src.slice(i, j)})
      i = j
    } else if (c === '[') {
      let j = i + 1
      if (src[j] === '^') j++
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1
      out.push({type: 'atom', text: src.slice(i, j + 1)})
      i = j + 1
    } else if (c === '(') {
      let j = i + 1
      let kind = 'capture'
      if (src[j] === '?') {
        if (src.startsWith('?=', j) || src.startsWith('?!', j)) (kind = 'lookaround'), (j += 2)
        else if (src.startsWith('?<=', j) || src.startsWith('?<!', j)) (kind = 'lookaround'), (j += 3)
        else if (src[j + 1] === '<') j = src.indexOf('>', j) + 1
        else (kind = 'group'), (j = src.indexOf(':', j) + 1)
      }
      out.push({type: 'open', kind, text: src.slice(i, j)})
      i = j
    } else if (c === ')') {
      out.push({type: 'close', text: ')'})
      i++
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const m = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i)) : null
      if (c === '{' && !m) {
        out.push({type: 'atom', text: c})
        i++
        continue
      }
      const [min, max] = m ? [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3])] : c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1]
      let text = m ? m[0] : c
      if (src[i + text.length] === '?') text += '?'
      out.push({type: 'quant', min, max, text})
      i += text.length
    } else {
      out.push({type: 'atom', text: c})
      i++
    }
  }
  return out
}

/** Index of the `close` token that ends the group opened at `open`. */
function closing(tokens, open) {
  let depth = 0
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].type === 'open') depth++
    else if (tokens[k].type === 'close' && --depth === 0) return k
  }
  return tokens.length
}

const join = (tokens) => tokens.map((t) => t.text).join('')

// Bounds at or below this stay as written; larger ones shrink (see capBounds). Above HUGE a bound is
// no longer a constant factor worth the name, so it is checked as if it were unbounded.
const CAP = 3
const HUGE = 1000

/**
 * Shrink every bounded repetition (`{0,800}` → `{0,3}`, `{16,}` → `{3,}`), keeping whether it is fixed,
 * optional or unbounded. Growth in the input length comes from unbounded loops and how they overlap;
 * a bounded loop only multiplies the cost by a constant, which the adversarial benchmark measures.
 */
export function capBounds(source) {
  return join(
    tokenize(source).map((t) => {
      if (t.type !== 'quant' || !t.text.startsWith('{')) return t
      const lazy = t.text.endsWith('?') ? '?' : ''
      const min = Math.min(t.min, CAP)
      if (t.max > HUGE) return {...t, text: `{${min},}${lazy}`}
      if (t.max === t.min) return {...t, text: `{${min}}${lazy}`}
      return {...t, text: `{${min},${Math.min(t.max, min + CAP)}}${lazy}`}
    }),
  )
}

/**
 * Look-arounds replaced by an empty group, back-references by a copy of their group: the matcher then
 * explores at least every path the original explores, so "safe" still means safe. Returns undefined
 * when a look-around body can itself run long (an unbounded loop inside it), which this cannot cover.
 */
export function relaxAssertions(source) {
  const tokens = tokenize(source)
  const groups = []
  const named = new Map()
  tokens.forEach((t, k) => {
    if (t.type === 'open' && t.kind === 'capture') {
      const body = join(tokens.slice(k + 1, closing(tokens, k)))
      groups.push(body)
      const name = /^\(\?<([^>]+)>/.exec(t.text)
      if (name) named.set(name[1], body)
    }
  })
  const out = []
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]
    if (t.type === 'open' && t.kind === 'lookaround') {
      const end = closing(tokens, k)
      if (tokens.slice(k + 1, end).some((b) => b.type === 'quant' && b.max === Infinity)) return undefined
      out.push({type: 'atom', text: '(?:)'})
      k = end
      if (tokens[k + 1]?.type === 'quant') k++
    } else if (t.type === 'backref') {
      const body = t.text.startsWith('\\k') ? named.get(t.text.slice(3, -1)) : groups[Number(t.text.slice(1)) - 1]
      out.push({type: 'atom', text: `(?:${body ?? ''})`})
    } else out.push(t)
  }
  return join(out)
}

// ---- checking -------------------------------------------------------------------------------------

// Flags that do not change how much a pattern backtracks (`y` only removes start positions).
const IRRELEVANT_FLAGS = /[gdy]/g

// recheck's own limits decide when the automaton checker gives up; raising them only trades a quick
// "too large" for a slow timeout. Fuzzing uses a fixed seed, so it tries the same inputs on every run.
const AUTOMATON = {checker: 'automaton', timeout: 5_000}
const FUZZ = {checker: 'fuzz', timeout: 10_000, randomSeed: 42}
// recheck's agent runs requests concurrently; more than the cores only makes every one time out.
const CONCURRENCY = 2
const TIMEOUT_RETRY = 4

let recheck
let running = 0
const waiting = []

/**
 * One recheck call. A timeout is retried once with TIMEOUT_RETRY times the time: on a busy machine the
 * first attempt can run out of time on a pattern that an idle one decides in a second, and a verdict
 * that depends on the load would make the gate flaky.
 */
async function run(source, flags, params) {
  recheck ??= import('recheck').then(async (m) => {
    // One call alone first: concurrent first calls would each start their own agent process.
    await m.check('a', '')
    return m
  })
  const {check} = await recheck
  const d = await queued(() => check(source, flags, params))
  if (d.status !== 'unknown' || d.error?.kind !== 'timeout') return d
  return queued(() => check(source, flags, {...params, timeout: params.timeout * TIMEOUT_RETRY}))
}

async function queued(fn) {
  if (running >= CONCURRENCY) await new Promise((resolve) => waiting.push(resolve))
  running++
  try {
    return await fn()
  } finally {
    running--
    waiting.shift()?.()
  }
}

const unsupported = (d) => d.status === 'unknown' && d.error?.kind === 'unsupported'
const why = (d) => `${d.error?.kind ?? 'unknown'}${d.error?.message ? ` (${d.error.message})` : ''}`

/** The top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`). */
export function alternatives(source) {
  const out = [[]]
  let depth = 0
  for (const t of tokenize(source)) {
    if (t.type === 'open') depth++
    else if (t.type === 'close') depth--
    if (depth === 0 && t.type === 'atom' && t.text === '|') out.push([])
    else out.at(-1).push(t)
  }
  return out.map(join)
}

/** The attack with few pumps: enough to show its shape, about a million steps to run whatever its degree. */
function smallAttack(attack, complexity) {
  const degree = Number(/(\d+)\w* degree/.exec(complexity)?.[1] ?? 0)
  const rounds = degree > 0 ? Math.floor(10 ** (6 / degree)) : 8
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(rounds)).join('') + attack.suffix
}

/**
 * The verdict on one pattern (bounded repetition capped first, see capBounds):
 * 1. with several top-level alternatives, each alone: all safe means safe (at each position `a|b`
 *    does the work of `a`, then that of `b`); a vulnerable one counts when the whole pattern matches
 *    nowhere in its attack, for then every alternative is tried at every position;
 * 2. recheck's automaton checker, which is exact: safe, or vulnerable with an attack;
 * 3. if it cannot model look-arounds or back-references: the same on relaxAssertions(pattern), whose
 *    "safe" holds for the original;
 * 4. otherwise fuzzing: an attack it finds counts; finding none proves nothing, so the pattern is
 *    `unknown` until a person reviews it (unknown.json).
 */
async function verdict(source, flags) {
  const parts = alternatives(source)
  if (parts.length > 1) {
    const each = await Promise.all(parts.map((p) => checkPattern(p, flags)))
    if (each.every((v) => v.status === 'safe')) return {status: 'safe', method: 'automaton, per alternative', complexity: 'linear'}
    const bad = each.find((v) => v.status === 'vulnerable')
    if (bad && !new RegExp(source, flags).test(smallAttack(bad.attack, bad.complexity))) {
      return {...bad, method: `${bad.method}, alternative ${each.indexOf(bad) + 1} of ${parts.length}`}
    }
  }
  const capped = capBounds(source)
  const d = await run(capped, flags, AUTOMATON)
  if (d.status === 'safe') return {status: 'safe', method: 'automaton', complexity: d.complexity.summary}
  if (d.status === 'vulnerable') return vulnerable(source, capped, flags, d, 'automaton')
  if (unsupported(d)) {
    const relaxed = relaxAssertions(capped)
    if (relaxed !== undefined && (await run(relaxed, flags, AUTOMATON)).status === 'safe') {
      return {status: 'safe', method: 'automaton, assertions relaxed', complexity: 'linear'}
    }
  }
  const f = await run(capped, flags, FUZZ)
  if (f.status === 'vulnerable') return vulnerable(source, capped, flags, f, 'fuzz')
  if (f.status === 'safe') return {status: 'unknown', method: 'fuzz', reason: `no proof (automaton: ${why(d)}), and fuzzing found no attack`}
  return {status: 'unknown', method: 'fuzz', reason: `automaton: ${why(d)}; fuzz: ${why(f)}`}
}

/** A vulnerable verdict, with the attack re-derived for the pattern as written when it differs. */
async function vulnerable(source, capped, flags, d, method) {
  let attack = d.attack
  if (capped !== source) {
    const exact = await run(source, flags, method === 'fuzz' ? FUZZ : AUTOMATON)
    if (exact.status === 'safe' && method === 'automaton') return {status: 'safe', method, complexity: exact.complexity.summary}
    if (exact.status === 'vulnerable') attack = exact.attack
  }
  return {status: 'vulnerable', method, complexity: d.complexity.summary, attack, attackText: attack.pattern}
}

const cache = new Map()

/** The verdict on one pattern, cached by (source, relevant flags) for the life of the process. */
export function checkPattern(source, flags) {
  const f = flags.replace(IRRELEVANT_FLAGS, '')
  const key = `${f}/${source}`
  let p = cache.get(key)
  if (!p) {
    p = f.includes('v') ? Promise.resolve({status: 'unknown', method: 'none', reason: 'recheck 4.5 does not parse the v flag'}) : verdict(source, f)
    cache.set(key, p)
  }
  return p
}

/**
 * The attack pumped to about `size` UTF-16 units: prefix, pump repeated, suffix. recheck sizes its
 * attack to take a second in its own VM; the adversarial inputs want the worst case at 1 MB.
 */
export function pumpAttack(attack, size) {
  if (attack.pumps.length === 0) return attack.suffix
  let fixed = attack.suffix.length
  let perRound = 0
  for (const p of attack.pumps) {
    fixed += p.prefix.length
    perRound += p.pump.length
  }
  const rounds = Math.max(1, Math.floor((size - fixed) / Math.max(1, perRound)))
  let out = ''
  for (const p of attack.pumps) out += p.prefix + p.pump.repeat(rounds)
  return out + attack.suffix
}

// ---- command line ---------------------------------------------------------------------------------
//   node test/redos/inventory.mjs check SOURCE [FLAGS]   the gate's verdict on one pattern
//   node test/redos/inventory.mjs all [--dist DIR]       every pattern of src/ (import-time ones from a
//                                                        build), one JSON line each, then the counts

async function cli([command, ...args]) {
  if (command === 'check' && args[0] !== undefined) {
    console.log(JSON.stringify(await checkPattern(args[0], args[1] ?? ''), null, 2))
    return 0
  }
  if (command === 'all') {
    const at = args.indexOf('--dist')
    const dist = path.resolve(at >= 0 ? args[at + 1] : path.join(ROOT, 'dist'))
    const modules = []
    const walk = (dir) => {
      for (const e of readdirSync(dir, {withFileTypes: true})) {
        if (e.isDirectory()) walk(path.join(dir, e.name))
        else if (e.name.endsWith('.js')) modules.push(pathToFileURL(path.join(dir, e.name)).href)
      }
    }
    walk(dist)
    const t0 = performance.now()
    const inv = await inventory({modules, isOurs: (f) => f.startsWith(dist + path.sep), relativeTo: path.dirname(dist)})
    const counts = {}
    await Promise.all(
      inv.patterns.map(async (p) => {
        const v = await checkPattern(p.source, p.flags)
        const key = `${v.status} (${v.method})`
        counts[key] = (counts[key] ?? 0) + 1
        console.log(JSON.stringify({where: p.where, source: p.source, flags: p.flags, ...v, attack: undefined}))
      }),
    )
    console.log(JSON.stringify({patterns: inv.patterns.length, sites: inv.sites.length, seconds: Math.round((performance.now() - t0) / 100) / 10, counts}))
    return 0
  }
  console.error('usage: node test/redos/inventory.mjs check SOURCE [FLAGS] | all [--dist DIR]')
  return 2
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await cli(process.argv.slice(2)))
