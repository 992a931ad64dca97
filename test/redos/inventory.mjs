// The regex inventory of src/: every regular expression the code can build, found with the TypeScript
// compiler API, then checked for super-linear backtracking with recheck. Plain ESM so that both the
// ReDoS tests (through inventory.d.mts) and `node bench/adversarial.mjs` use one implementation.

import {existsSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
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
 * modules, and packages stay unresolved (typed `any`), which halves the time and is all we need.
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

// The raw text of a template piece as written (what `String.raw` returns), without its delimiters.
function rawOf(lit) {
  if (typeof lit.rawText === 'string') return lit.rawText
  const text = lit.getText()
  const open = 1
  const close = ts.isNoSubstitutionTemplateLiteral(lit) || ts.isTemplateTail?.(lit) || lit.kind === ts.SyntaxKind.TemplateTail ? 1 : 2
  return text.slice(open, text.length - close)
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

// ---- checking -------------------------------------------------------------------------------------

// Flags that do not change how a pattern backtracks; recheck 4.5 rejects `d` and `v`-less parsing is
// unaffected by `g`. Dropping them lets identical patterns share one cached check.
const IRRELEVANT_FLAGS = /[gdy]/g

/**
 * recheck parameters. `automaton` is exact when the pattern fits the automaton limits and falls back
 * to fuzzing otherwise (`auto`); the fixed seed keeps fuzzing deterministic, so a run that passes on
 * a laptop passes in CI. The timeout bounds one pattern: a timeout is `unknown`, never a silent pass.
 */
export const RECHECK_PARAMS = {checker: 'auto', timeout: 20_000, randomSeed: 42}

const cache = new Map()

/** recheck one pattern, cached by (source, relevant flags) for the life of the process. */
export async function checkPattern(source, flags) {
  const f = flags.replace(IRRELEVANT_FLAGS, '')
  const key = `${f}/${source}`
  let p = cache.get(key)
  if (!p) {
    p = import('recheck').then(({check}) => check(source, f, RECHECK_PARAMS))
    cache.set(key, p)
  }
  return p
}

/** A readable attack string: recheck's own expression (`'a' + 'b'.repeat(31) + '!'`). */
export function describeAttack(diag) {
  return diag.status === 'vulnerable' ? diag.attack.pattern : undefined
}

/**
 * The attack pumped to about `size` UTF-16 units: prefix, pump repeated, suffix. recheck's own attack
 * string is sized to take a second in its VM; the adversarial inputs want the worst case at 1 MB.
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
