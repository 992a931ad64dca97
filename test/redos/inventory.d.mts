// Types for inventory.mjs (plain ESM so the benchmark can run it without a build step).

export const ROOT: string

export function sourceFiles(dir?: string): string[]

export interface RegexSite {
  /** Path relative to the repository root, with forward slashes. */
  file: string
  line: number
  column: number
  endLine: number
  kind: 'literal' | 'constructor' | 'string-method'
  /** The expression as written (whitespace collapsed). */
  code: string
  /** The pattern, when it is a compile-time constant; undefined for a dynamic site. */
  source?: string
  flags?: string
}

export function extractRegexSites(files?: string[]): RegexSite[]

export interface Frame {
  file: string
  line: number
  ours: boolean
}

export interface CapturedRegExp {
  source: string
  flags: string
  /** Our stack frames, innermost (the constructing call) first. */
  frames: Frame[]
}

export function captureImportTimeRegExps(
  modules: string[],
  isOurs: (file: string) => boolean,
): Promise<{records: CapturedRegExp[]; failures: Array<{module: string; error: string}>}>

export interface Pattern {
  source: string
  flags: string
  /** Every place it is written or built: `file:line`, or `file:line (built at file:line)`. */
  where: string[]
}

export interface Inventory {
  sites: RegexSite[]
  captured: CapturedRegExp[]
  importFailures: Array<{module: string; error: string}>
  patterns: Pattern[]
}

/** `modules` default to `files` as URLs, `isOurs` to "under src/"; places are shown relative to `relativeTo` (the repository). */
export function inventory(options?: {files?: string[]; modules?: string[]; isOurs?: (file: string) => boolean; relativeTo?: string}): Promise<Inventory>

export interface Token {
  type: 'atom' | 'backref' | 'open' | 'close' | 'quant'
  text: string
  kind?: 'capture' | 'group' | 'lookaround'
  min?: number
  max?: number
}

export function tokenize(source: string): Token[]
export function capBounds(source: string): string
export function relaxAssertions(source: string): string | undefined
export function alternatives(source: string): string[]

export interface AttackPattern {
  pumps: Array<{prefix: string; pump: string; bias: number}>
  suffix: string
  base: number
  string: string
  pattern: string
}

export type Verdict =
  | {status: 'safe'; method: string; complexity: string}
  | {status: 'vulnerable'; method: string; complexity: string; attack: AttackPattern; attackText: string}
  | {status: 'unknown'; method: string; reason: string}

export function checkPattern(source: string, flags: string): Promise<Verdict>
export function pumpAttack(attack: AttackPattern, size: number): string
