// Types for scripts/hidden-transforms.mjs (plain JavaScript so `node` runs it without a build).
export declare const CORPUS: string
export declare const tags: (s: string) => string
export declare const zeroWidthSplit: (s: string) => string
export declare const variationSelectors: (s: string) => string
export declare const bidiOverride: (s: string) => string
export declare const bidiIsolate: (s: string) => string
export declare const ansiConceal: (s: string) => string
export declare const ansiRewrite: (s: string, cover?: string) => string
export declare const base64: (s: string) => string
export declare const hex: (s: string) => string
export declare const homoglyphs: (s: string) => string
export declare const padNewlines: (head: string, s: string, lines?: number) => string
export declare const padSpaces: (head: string, s: string, spaces?: number) => string
export declare const padBraille: (head: string, s: string, count?: number) => string
export declare function maliciousTexts(): Array<{source: string; category: string; text: string}>
export declare function githubTools(): Array<Record<string, unknown> & {name: string; description?: string}>
export declare function writeFixtures(): Promise<void>
export declare const TRANSFORMS: Array<[name: string, transform: (s: string) => string, rule: string]>
export interface RecallRow {
  transform: string
  rule: string
  n: number
  description: number
  descriptionHigh: number
  result: number
  resultHigh: number
  anyRuleHigh: number
}
export declare function measureRecall(): Promise<RecallRow[]>
