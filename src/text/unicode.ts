// Unicode facts the text layers share: which letters imitate Latin ones (a hand-checked subset of
// Unicode's confusables.txt, UTS #39, for the scripts attackers use against Latin names), which script
// a letter belongs to, and what counts as an emoji. Kept apart from analyze.ts so rules can use them
// on names without running the whole analysis.

/** Letters NFKC leaves alone that look like a Latin letter, mapped to that letter. */
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y', ԍ: 'g', ҽ: 'e',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ј: 'J', Ѕ: 'S', Ԛ: 'Q', Ԝ: 'W', Ү: 'Y', Ӏ: 'I',
  // Greek
  α: 'a', ο: 'o', ν: 'v', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', ϲ: 'c', ϳ: 'j', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', Ϲ: 'C',
  // Armenian
  օ: 'o', ս: 'u', ո: 'n', հ: 'h', զ: 'q', ց: 'g', Օ: 'O', Ս: 'U',
  // Latin letters from other blocks that pass for basic ones
  ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ɩ: 'i', ʏ: 'y', ɴ: 'n', ʀ: 'r', ᴀ: 'a', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ᴏ: 'o', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z',
  // Cherokee capitals
  Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭰ: 'D', Ꭼ: 'E', Ꮐ: 'G', Ꮋ: 'H', Ꭻ: 'J', Ꮶ: 'K', Ꮮ: 'L', Ꮇ: 'M', Ꮲ: 'P', Ꮪ: 'S', Ꭲ: 'T', Ꮩ: 'V', Ꮃ: 'W', Ꮓ: 'Z',
}

const CONFUSABLE_SET: ReadonlySet<string> = new Set(Object.keys(CONFUSABLES))

export function isConfusable(ch: string): boolean {
  return CONFUSABLE_SET.has(ch)
}

// Every confusable letter sits in U+0130-U+13FF or U+1D00-U+1D2B.
const CONFUSABLE_RANGE_RE = /[\u0130-\u13ff\u1d00-\u1d2b]/g

/** True when the text holds at least one confusable letter. */
export function hasConfusable(text: string): boolean {
  // The regex engine finds the candidates (none in most texts) faster than a loop over every unit.
  CONFUSABLE_RANGE_RE.lastIndex = 0
  for (let m = CONFUSABLE_RANGE_RE.exec(text); m !== null; m = CONFUSABLE_RANGE_RE.exec(text)) if (CONFUSABLE_SET.has(m[0])) return true
  return false
}

/** True when the UTF-16 unit at `i` is a confusable letter (all of them sit in U+0130-U+13FF and U+1D00-U+1D2B). */
export function isConfusableAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  return ((c >= 0x130 && c <= 0x13ff) || (c >= 0x1d00 && c <= 0x1d2b)) && CONFUSABLE_SET.has(text[i])
}

/** Replace every confusable letter by the Latin letter it imitates. */
export function foldConfusables(text: string): string {
  if (!hasConfusable(text)) return text
  let out = ''
  for (const ch of text) out += CONFUSABLES[ch] ?? ch
  return out
}

export type Script = 'latin' | 'cyrillic' | 'greek' | 'armenian' | 'cherokee' | 'han' | 'kana' | 'hangul' | 'arabic' | 'hebrew' | 'other'

const SCRIPT_TESTS: Array<[Script, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
]

/** The script of a letter; undefined for digits, punctuation, symbols and marks (Unicode "Common"). */
export function scriptOf(ch: string): Script | undefined {
  if (!/\p{L}/u.test(ch)) return undefined
  const cp = ch.codePointAt(0)!
  if (cp < 0x80) return 'latin'
  for (const [script, re] of SCRIPT_TESTS) if (re.test(ch)) return script
  return 'other'
}

/** Scripts whose letters pass for Latin ones: mixing them with Latin in one word is how names are spoofed. */
export const LATIN_LOOKALIKE_SCRIPTS: ReadonlySet<Script> = new Set(['cyrillic', 'greek', 'armenian', 'cherokee'])

/** Scripts written right to left: bidi marks and isolates are normal in their text. */
export const RTL_RE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD803[\uDC00-\uDE7F]|\uD83A[\uDC00-\uDFFF]/

/** Scripts that need ZWJ/ZWNJ to choose letter forms (Arabic, Indic, Southeast Asian, Mongolian). */
export const JOINING_SCRIPT_RE =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Mongolian}\p{Script=Tibetan}]/u

const PICTOGRAPHIC_RE = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]$/u

/** An emoji (or a pictograph that takes an emoji presentation). */
export function isPictographic(ch: string): boolean {
  return PICTOGRAPHIC_RE.test(ch)
}

/** The code point that ends right before UTF-16 index `i` (handles surrogate pairs). */
export function codePointBefore(s: string, i: number): string {
  if (i <= 0) return ''
  const lo = s.charCodeAt(i - 1)
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2)
    if (hi >= 0xd800 && hi <= 0xdbff) return s.slice(i - 2, i)
  }
  return s.slice(i - 1, i)
}

/** The code point that starts at UTF-16 index `i`. */
export function codePointAt(s: string, i: number): string {
  if (i >= s.length) return ''
  const cp = s.codePointAt(i)!
  return String.fromCodePoint(cp)
}

/** Characters that look blank but are not ASCII white space (so `trim()` and `\s` miss some of them). */
export const BLANK_LOOKING_RE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800\u3164\u115F\u1160\uFFA0\u2028\u2029]/

/** Number of code points in `s.slice(from, to)`: code units minus the low halves of surrogate pairs. */
export function countCodePoints(s: string, from = 0, to = s.length): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff || i === from || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++
  }
  return n
}
