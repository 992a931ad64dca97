// Layered text analysis shared by every text rule: what a person sees (`visible`), what the model
// may also read (hidden characters, Unicode tag payloads, variation-selector payloads, base64/hex
// payloads, peeled up to three layers deep), and a folded form (NFKC, homoglyphs and leetspeak
// folded, lower case, whitespace collapsed) for phrase detectors. Rules never match raw text
// directly: they ask for `analyze(text).views`. Every step is linear in the input, so a hostile
// server's text cannot stall a scan or the proxy.

import {isUtf8} from 'node:buffer'
import {findSecrets} from '../secrets/patterns.js'
import {memoize, TextCache} from './cache.js'
import {windowMatches} from './windows.js'
import {escapeLengthAt, isEscapeIntroducer} from './terminal.js'
import {codePointAt, codePointBefore, foldConfusables, hasConfusable, isConfusable, isConfusableAt, isPictographic, JOINING_SCRIPT_RE, RTL_RE} from './unicode.js'

export type HiddenKind = 'tag' | 'zero-width' | 'bidi' | 'ansi' | 'control' | 'variation-selector' | 'private-use'

export interface HiddenRun {
  kind: HiddenKind
  /** UTF-16 index in the raw text. */
  index: number
  /** Length in UTF-16 code units. */
  length: number
}

export type PayloadEncoding = 'tags' | 'base64' | 'hex' | 'variation-selectors'

export interface DecodedPayload {
  encoding: PayloadEncoding
  /**
   * Where the outermost encoded form starts: a UTF-16 index in the raw text for `tags` and
   * `variation-selectors`, in `visible` for `base64` and `hex`.
   */
  index: number
  /** The decoded text (printable, UTF-8). */
  text: string
  /** Encodings peeled before this one, outermost first (base64 inside tag characters: `['tags']`). */
  via?: PayloadEncoding[]
  /** Length of the encoded form (UTF-16 code units) in the text it was found in. */
  length?: number
}

export interface TextView {
  origin: 'visible' | PayloadEncoding
  /** Folded text (see `fold`). */
  text: string
}

export interface TextAnalysis {
  raw: string
  visible: string
  folded: string
  /** `visible` in lower case with white space collapsed (NFKC), nothing else folded: see `literalForm`. */
  literal: string
  /** `visible` is pure ASCII: no NFKC, look-alike or right-to-left work can apply to it. */
  ascii: boolean
  hidden: HiddenRun[]
  decoded: DecodedPayload[]
  views: TextView[]
  /** `visible` as written in the folded view's layout (see `layout`), made on first use. */
  display(): string
}

/** The kind of a code point that is not shown (or not shown as itself); undefined for visible ones. */
function hiddenKindOf(cp: number): HiddenKind | undefined {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d ? undefined : 'control'
  if (cp < 0x7f) return undefined
  if (cp <= 0x9f) return 'control'
  if (cp < 0xad) return undefined
  if (cp === 0xad || cp === 0x34f || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5 || cp === 0x180e || cp === 0x3164 || cp === 0xfeff || cp === 0xffa0) return 'zero-width'
  if (cp === 0x61c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi'
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2065) || (cp >= 0x206a && cp <= 0x206f)) return 'zero-width'
  if ((cp >= 0x180b && cp <= 0x180d) || cp === 0x180f || (cp >= 0xfe00 && cp <= 0xfe0f)) return 'variation-selector'
  if (cp >= 0xe000 && cp <= 0xf8ff) return 'private-use'
  // Interlinear annotation controls: renderers drop the annotation text between them.
  if (cp >= 0xfff9 && cp <= 0xfffb) return 'zero-width'
  if (cp < 0x10000) return undefined
  if ((cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a)) return 'zero-width'
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag'
  if (cp >= 0xe0100 && cp <= 0xe01ef) return 'variation-selector'
  // The rest of plane 14 is default-ignorable: nothing renders it.
  if (cp >= 0xe0080 && cp <= 0xe0fff) return 'zero-width'
  if (cp >= 0xf0000) return 'private-use'
  return undefined
}

/**
 * Find hidden characters: one linear pass, adjacent characters of one kind merged into a run (a run
 * of `ansi` holds one or more whole escape sequences). Legitimate uses are left out: an emoji flag's
 * tag sequence, a ZWJ inside an emoji sequence, ZWJ/ZWNJ in scripts that need them, one variation
 * selector after an emoji or symbol, a leading BOM, a soft hyphen inside a long word, and
 * direction marks in right-to-left text.
 */
export function findHidden(raw: string): HiddenRun[] {
  const runs: HiddenRun[] = []
  let last: HiddenRun | undefined
  const add = (kind: HiddenKind, index: number, length: number) => {
    if (last && last.kind === kind && last.index + last.length === index) last.length += length
    else runs.push((last = {kind, index, length}))
  }
  const n = raw.length
  let i = 0
  while (i < n) {
    const c = raw.charCodeAt(i)
    if (c >= 0x20 && c < 0x7f) {
      i++
      continue
    }
    if (isEscapeIntroducer(c)) {
      const len = escapeLengthAt(raw, i)
      add(len > 0 ? 'ansi' : 'control', i, len > 0 ? len : 1)
      i += len > 0 ? len : 1
      continue
    }
    const cp = raw.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const kind = hiddenKindOf(cp)
    if (kind) add(kind, i, width)
    i += width
  }
  if (runs.length === 0) return runs
  const rtl = RTL_RE.test(raw)
  return runs.filter((r) => !isLegitimate(raw, r, rtl))
}

const FLAG_TAGS = /^(?:\uDB40[\uDC30-\uDC39\uDC61-\uDC7A]){2,7}\uDB40\uDC7F$/
const MARKS_ONLY = /^[\u200E\u200F\u061C]+$/
// Characters that may sit between an emoji and a following ZWJ: presentation selectors, skin tones, keycap.
const EMOJI_TRAILERS = /^(?:\uFE0F|\uFE0E|\u20E3|\uD83C[\uDFFB-\uDFFF])$/

function isLegitimate(raw: string, r: HiddenRun, rtl: boolean): boolean {
  const text = raw.slice(r.index, r.index + r.length)
  switch (r.kind) {
    case 'tag':
      // Subdivision flags: U+1F3F4, 2-7 lower-case tag letters or digits, CANCEL TAG.
      return FLAG_TAGS.test(text) && codePointBefore(raw, r.index) === '\u{1F3F4}'
    case 'bidi':
      return rtl && MARKS_ONLY.test(text)
    case 'zero-width':
      if (r.length !== 1) return false
      return legitimateZeroWidth(raw, r.index, text)
    case 'variation-selector':
      if (text.length > 2 || (text.length === 2 && text.charCodeAt(0) !== 0xdb40)) return false
      return legitimateSelector(raw, r.index, text)
    default:
      return false
  }
}

function legitimateZeroWidth(raw: string, index: number, ch: string): boolean {
  const before = codePointBefore(raw, index)
  const after = codePointAt(raw, index + 1)
  if (ch === '\uFEFF') return index === 0
  if (ch === '\u200D' || ch === '\u200C') {
    if (JOINING_SCRIPT_RE.test(before) || JOINING_SCRIPT_RE.test(after)) return true
    if (ch === '\u200C') return false
    let j = index
    let base = before
    while (base && EMOJI_TRAILERS.test(base)) {
      j -= base.length
      base = codePointBefore(raw, j)
    }
    return isPictographic(base) && isPictographic(after)
  }
  if (ch === '\u00AD') return softHyphenInLongWord(raw, index)
  return false
}

// A hyphenation hint (German, Dutch, Finnish compounds): letters on both sides, in a long word.
function softHyphenInLongWord(raw: string, index: number): boolean {
  let left = 0
  for (let j = index - 1; j >= 0 && j > index - 64; j--) {
    const ch = raw[j]
    if (ch === '\u00AD') continue
    if (!/\p{L}/u.test(ch)) break
    left++
  }
  let right = 0
  for (let j = index + 1; j < raw.length && j < index + 64; j++) {
    const ch = raw[j]
    if (ch === '\u00AD') continue
    if (!/\p{L}/u.test(ch)) break
    right++
  }
  return left >= 3 && right >= 3 && left + right >= 10
}

function legitimateSelector(raw: string, index: number, sel: string): boolean {
  const before = codePointBefore(raw, index)
  if (!before) return false
  const cp = before.codePointAt(0)!
  const s = sel.codePointAt(0)!
  if (s === 0xfe0e || s === 0xfe0f) {
    // Keycaps: a digit, # or * with VS16 and U+20E3.
    if (/^[0-9#*]$/.test(before)) return raw.charCodeAt(index + 1) === 0x20e3
    return isPictographic(before) || (cp >= 0x2000 && /\p{S}/u.test(before))
  }
  if (s >= 0xe0100) return /\p{Script=Han}/u.test(before)
  if (s >= 0x180b && s <= 0x180f) return /\p{Script=Mongolian}/u.test(before)
  // Standardized variation sequences (VS1-VS14) exist for math symbols, CJK and a few scripts, never for ASCII.
  return cp >= 0x2000
}

/** Decode Unicode tag characters (U+E0020..U+E007E mirror ASCII) into the text they spell. */
export function decodeTags(run: string): string {
  let out = ''
  for (const ch of run) {
    const cp = ch.codePointAt(0)!
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000)
  }
  return out
}

/**
 * Decode variation selectors used as bytes (VS1-VS16 = 0-15, VS17-VS256 = 16-255), the trick that hides
 * a message after one emoji. Returns the bytes as UTF-8 text, or undefined when they are not text.
 */
export function decodeVariationSelectors(run: string): string | undefined {
  const bytes: number[] = []
  for (const ch of run) {
    const cp = ch.codePointAt(0)!
    if (cp >= 0xfe00 && cp <= 0xfe0f) bytes.push(cp - 0xfe00)
    else if (cp >= 0xe0100 && cp <= 0xe01ef) bytes.push(cp - 0xe0100 + 16)
  }
  return utf8(Buffer.from(bytes))
}

const DECODER = new TextDecoder('utf-8', {fatal: true})

/** Strict UTF-8 decoding: undefined when the bytes are not valid UTF-8. */
function utf8(buf: Buffer): string | undefined {
  // Most candidates (hashes, ids) are not UTF-8: checking first avoids a thrown exception for each.
  if (!isUtf8(buf)) return undefined
  try {
    return DECODER.decode(buf)
  } catch {
    return undefined
  }
}

const LEET: Record<string, string> = {'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's'}
// A digit (or @, $) between letters, or the second of two between letters. Starting at the digit
// rather than at a look-behind lets the regex engine skip the letters, which are most of any text.
const LEET_RE = /[013457@$](?<=[a-z][013457@$]{1,2})(?=[a-z])/gi
// Runs of white space (and braille blanks) read as one space. A lone space already is one, so only
// the other runs are matched: prose has a space between every two words and replacing each with
// itself is most of the cost of collapsing.
const WHITE_RE = /[\s\u2800]{2,}|[^\S ]|\u2800/g

/**
 * NFKC, look-alike letters to Latin, lower case, whitespace collapsed; digits between letters read as
 * leetspeak. Look-alikes are folded only where they impersonate Latin: inside a word that also has
 * Latin letters, or in a mostly Latin text; Russian or Greek prose keeps its own letters.
 */
export function fold(text: string): string {
  return foldForms(text).folded
}

/**
 * `fold` and `literalForm` of one text, sharing its NFKC form. Leetspeak maps digits between letters
 * to lower-case letters and never touches white space, so folding a text without look-alike letters
 * is reading leetspeak in its literal form (ASCII is NFKC-stable and has none). Lower case must not
 * turn a non-ASCII letter into an ASCII one, or it could put a letter next to a digit: only "İ"
 * lower-cases so (to "i̇"; NFKC already made the Kelvin sign a "K").
 */
function foldForms(text: string, ascii = isAscii(text)): {folded: string; literal: string; nfkc: string} {
  const nfkc = ascii ? text : text.normalize('NFKC')
  const literal = collapse(nfkc.toLowerCase())
  if (ascii || (!hasConfusable(nfkc) && !nfkc.includes('\u0130'))) return {folded: deleet(literal), literal, nfkc}
  return {folded: collapse(deleet(foldLookalikes(nfkc)).toLowerCase()), literal, nfkc}
}

function collapse(text: string): string {
  return text.replace(WHITE_RE, ' ').trim()
}

/**
 * A text as written (case and "@" kept) in the layout of its folded form: NFKC, one space for each run
 * of white space. Folding maps characters one to one after that, so where the lengths agree an index
 * in the folded text is the same index here, and evidence can quote what the text says.
 */
export function layout(text: string): string {
  return collapse(text.normalize('NFKC'))
}

function deleet(text: string): string {
  return text.replace(LEET_RE, (c) => LEET[c] ?? c)
}

/**
 * Lower case and one space between words, after NFKC: how addresses and URLs read literally, since
 * folding turns "@" between letters into "a" (right for words, wrong for "archive@mail.net").
 */
export function literalForm(text: string, ascii = isAscii(text)): string {
  return collapse((ascii ? text : text.normalize('NFKC')).toLowerCase())
}

const ASCII_RE = /^[\x00-\x7f]*$/

export function isAscii(text: string): boolean {
  return ASCII_RE.test(text)
}

function foldLookalikes(text: string): string {
  if (!hasConfusable(text)) return text
  let latin = 0
  let lookalike = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++
    else if ((c >= 0x370 && c <= 0x58f) || (c >= 0x13a0 && c <= 0x13ff)) lookalike++
  }
  const latinText = latin > lookalike
  // Only the words (runs of letters and marks) holding a look-alike can change: found from each
  // look-alike outwards, not by visiting every word of a long text.
  let out = ''
  let last = 0
  for (let i = 0; i < text.length; i++) {
    if (!isConfusableAt(text, i)) continue
    let start = i
    for (let w = letterBefore(text, start); w > 0 && start - w >= last; w = letterBefore(text, start)) start -= w
    let end = i
    for (let w = letterAt(text, end); w > 0; w = letterAt(text, end)) end += w
    out += text.slice(last, start) + foldWord(text.slice(start, end), latinText)
    last = end
    // Never back: a look-alike that were no letter would end its own word where it starts.
    i = Math.max(i, end - 1)
  }
  return out + text.slice(last)
}

function foldWord(word: string, latinText: boolean): string {
  if (/[A-Za-z]/.test(word)) return foldConfusables(word)
  if (!latinText) return word
  for (const ch of word) if (!isConfusable(ch)) return word
  return foldConfusables(word)
}

const LETTER_RE = /^[\p{L}\p{M}]$/u
// Whether each BMP unit is a letter or mark, learnt on first sight: a text in a look-alike script
// asks about every character of most of its words.
const BMP_LETTER = new Int8Array(0x10000)

function isLetterUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  if (BMP_LETTER[c] === 0) BMP_LETTER[c] = LETTER_RE.test(text[i]) ? 1 : -1
  return BMP_LETTER[c] === 1
}

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff

/** The length (1 or 2) of the letter or mark at `i`, 0 when there is none. */
function letterAt(text: string, i: number): number {
  if (i >= text.length) return 0
  if (!isSurrogate(text.charCodeAt(i))) return isLetterUnit(text, i) ? 1 : 0
  const ch = codePointAt(text, i)
  return LETTER_RE.test(ch) ? ch.length : 0
}

/** The length of the letter or mark ending just before `i`, 0 when there is none. */
function letterBefore(text: string, i: number): number {
  if (i <= 0) return 0
  if (!isSurrogate(text.charCodeAt(i - 1))) return isLetterUnit(text, i - 1) ? 1 : 0
  const ch = codePointBefore(text, i)
  return LETTER_RE.test(ch) ? ch.length : 0
}

/**
 * A name's skeleton (after UTS #39): what it looks like, not how it is spelled. NFKC, hidden characters
 * dropped, look-alike letters to Latin, lower case, separators dropped, and glyphs that pass for each
 * other merged (`1`, `i`, `l`, `|` read the same; so do `0`/`o`, `5`/`s`, `3`/`e`, `rn`/`m`, `vv`/`w`).
 */
export const skeleton = memoize((name: string): string => {
  const visible = removeRuns(name, findHidden(name))
  return foldConfusables(visible.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s_.\-:/]+/g, '')
    .replace(/[1il|!]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/[5$]/g, 's')
    .replace(/3/g, 'e')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
})

function removeRuns(raw: string, runs: HiddenRun[]): string {
  if (runs.length === 0) return raw
  let out = ''
  let last = 0
  for (const r of runs) {
    out += raw.slice(last, r.index)
    last = r.index + r.length
  }
  return out + raw.slice(last)
}

/** Text with its hidden characters removed: what a person sees. */
export function visibleText(raw: string): string {
  return removeRuns(raw, findHidden(raw))
}

// Candidate blobs. Each is one character class with a bounded join, anchored by look-behind so a run
// is only tried from its start: linear time even on a megabyte of base64-looking characters.
// Base64 (standard or URL-safe), possibly wrapped over lines as MIME and PEM do.
const BASE64_RE = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}(?:\r?\n[A-Za-z0-9+/_-]{16,}){0,4096}={0,2}(?![A-Za-z0-9+/=_-])/g
const HEX_RE = /(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Za-z])/g
const HEX_ESCAPED_RE = /(?:\\x[0-9A-Fa-f]{2}){8,}/g
const HEX_SPACED_RE = /(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(?:[ :,][0-9A-Fa-f]{2}){7,}(?![0-9A-Za-z])/g

// Every match of the blob patterns lies in a run of characters they use: base64, hex and escaped hex
// in a run of [A-Za-z0-9+/=_\\-] and line breaks at least 16 long, spaced hex in a run of hex digits,
// spaces, ":" and "," at least 23 long (8 pairs). Prose is made of shorter runs: one pass finds the
// long ones, and the patterns run on those alone (with the one character around each that their
// look-arounds read), which finds what a pass over the whole text finds.
const BLOB_CHAR = 1
const SPACED_CHAR = 2
const CHAR_KIND = new Uint8Array(128)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-\\\r\n') CHAR_KIND[c.charCodeAt(0)] |= BLOB_CHAR
for (const c of '0123456789ABCDEFabcdef :,') CHAR_KIND[c.charCodeAt(0)] |= SPACED_CHAR
const MIN_BLOB_RUN = 16
const MIN_SPACED_RUN = 23

/** The long runs of each kind, as windows for `windowMatches` ([start, end, start - 1, end + 1]). */
export function blobRuns(text: string): {blob: number[]; spaced: number[]} {
  const out = {blob: [] as number[], spaced: [] as number[]}
  const n = text.length
  const add = (list: number[], start: number, end: number) => list.push(start, end, Math.max(0, start - 1), Math.min(n, end + 1))
  let blob = 0
  let spaced = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    const kind = c < 128 ? CHAR_KIND[c] : 0
    if (!(kind & BLOB_CHAR)) {
      if (i - blob >= MIN_BLOB_RUN) add(out.blob, blob, i)
      blob = i + 1
    }
    if (!(kind & SPACED_CHAR)) {
      if (i - spaced >= MIN_SPACED_RUN) add(out.spaced, spaced, i)
      spaced = i + 1
    }
  }
  if (n - blob >= MIN_BLOB_RUN) add(out.blob, blob, n)
  if (n - spaced >= MIN_SPACED_RUN) add(out.spaced, spaced, n)
  return out
}

/** Each blob pattern and the runs it matches in (exported for the test that checks they find all). */
export const BLOB_RUNS: ReadonlyMap<RegExp, 'blob' | 'spaced'> = new Map([
  [BASE64_RE, 'blob'],
  [HEX_RE, 'blob'],
  [HEX_ESCAPED_RE, 'blob'],
  [HEX_SPACED_RE, 'spaced'],
])

const LOCATOR_RE = /(?:https?|ftp|wss?):\/\/[^\s]|(?:^|[\s"'`(=])(?:~|\.{1,2}|[A-Za-z]:)?[\\/][\w.-]+[\\/]|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/

/**
 * The decoding produced language or a locator, not binary: valid UTF-8 (checked by the caller),
 * almost all printable, mostly letters, and words separated by spaces (or a URL or a file path, or
 * letters throughout, as CJK text is written).
 */
export function isReadable(s: string): boolean {
  if (s.length < 8) return false
  let total = 0
  let printable = 0
  let letters = 0
  let spaces = 0
  for (const ch of s) {
    total++
    const c = ch.codePointAt(0)!
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c === 0x0d || (c >= 0xa0 && c !== 0xfffd && !(c >= 0xe000 && c <= 0xf8ff))) printable++
    if (c === 0x20) spaces++
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x80 && /\p{L}/u.test(ch))) letters++
  }
  if (total < 8 || printable / total < 0.95) return false
  // A run of one or two letters ("AAAAAAAA" from a block of zeros) is filler, not language.
  if (new Set(s.slice(0, 64)).size < Math.min(5, total / 2)) return false
  if (spaces > 0 && letters / total >= 0.4) return true
  if (letters / total >= 0.7) return true
  return letters / total >= 0.2 && LOCATOR_RE.test(s)
}

const DATA_URI_BEFORE = /data:[\w.+-]{1,40}\/[\w.+-]{1,60}(?:;[\w.+-]{1,40}=[\w.+-]{1,60}){0,4};base64,$/i

/** Bytes of one blob and how to read them, or undefined when it cannot be a payload. */
function decodeBlob(blob: string, encoding: 'base64' | 'hex'): string | undefined {
  if (encoding === 'hex') {
    const digits = blob.replace(/\\x|[ :,]/g, '')
    return utf8(Buffer.from(digits.slice(0, MAX_BLOB), 'hex'))
  }
  const compact = blob.replace(/\s+/g, '')
  let end = compact.length
  while (end > 0 && compact.charCodeAt(end - 1) === 0x3d) end--
  const body = compact.slice(0, end)
  // Both alphabets at once is not base64; a length of 4k+1 cannot be either.
  if ((/[+/]/.test(body) && /[-_]/.test(body)) || body.length % 4 === 1) return undefined
  return utf8(Buffer.from(body.slice(0, MAX_BLOB), 'base64'))
}

const MAX_BLOB = 256 * 1024
const MAX_PAYLOADS = 64
const MAX_DEPTH = 3
const MAX_DECODED_CHARS = 1024 * 1024

interface Budget {
  payloads: number
  chars: number
}

/** A blob that is part of a token we know is not a payload: a JWT, a known secret format. */
function partOfToken(text: string, index: number, length: number): boolean {
  let start = index
  while (start > 0 && index - start < 4096 && /[\w.=+/-]/.test(text[start - 1])) start--
  let end = index + length
  while (end < text.length && end - index - length < 4096 && /[\w.=+/-]/.test(text[end])) end++
  const token = text.slice(start, end)
  if (/^eyJ[\w-]{0,8192}\.[\w-]{0,8192}/.test(token)) return true
  return findSecrets(token).length > 0
}

function blobPayloads(text: string, via: PayloadEncoding[], budget: Budget, out: DecodedPayload[]): void {
  const found: Array<{encoding: 'base64' | 'hex'; index: number; blob: string; decoded: string}> = []
  const consider = (encoding: 'base64' | 'hex', index: number, blob: string) => {
    if (found.length >= budget.payloads) return
    const decoded = decodeBlob(blob, encoding)
    if (decoded === undefined || !isReadable(decoded)) return
    if (encoding === 'base64' && DATA_URI_BEFORE.test(text.slice(Math.max(0, index - 200), index))) return
    if (partOfToken(text, index, blob.length)) return
    found.push({encoding, index, blob, decoded})
  }
  const runs = blobRuns(text)
  for (const m of windowMatches(BASE64_RE, text, runs[BLOB_RUNS.get(BASE64_RE)!])) {
    const blob = m[0]
    const index = m.index ?? 0
    if (blob.replace(/\s+/g, '').length < 16) continue
    if (/\n/.test(blob)) {
      // A wrapped blob, or separate tokens on consecutive lines: try the whole, then each line.
      const before = found.length
      consider('base64', index, blob)
      if (found.length > before) continue
      let offset = index
      for (const line of blob.split('\n')) {
        const l = line.replace(/\r$/, '')
        if (l.length >= 16) consider('base64', offset, l)
        offset += line.length + 1
      }
      continue
    }
    consider('base64', index, blob)
  }
  for (const re of [HEX_RE, HEX_ESCAPED_RE, HEX_SPACED_RE]) {
    for (const m of windowMatches(re, text, runs[BLOB_RUNS.get(re)!])) consider('hex', m.index, m[0])
  }
  for (const f of found.sort((a, b) => a.index - b.index)) {
    if (budget.payloads <= 0 || budget.chars <= 0) return
    budget.payloads--
    budget.chars -= f.decoded.length
    out.push({encoding: f.encoding, index: f.index, text: f.decoded, length: f.blob.length, ...(via.length > 0 ? {via} : {})})
  }
}

/** Payloads carried by hidden characters: tag text, and variation selectors used as bytes. */
function hiddenPayloads(raw: string, hidden: HiddenRun[], via: PayloadEncoding[], budget: Budget, out: DecodedPayload[]): void {
  // Tag runs separated only by other hidden characters (a ZWSP dropped between tags) read as one.
  let tagText = ''
  let tagStart = -1
  let tagLength = 0
  let prevEnd = -1
  const flush = () => {
    if (tagStart >= 0 && tagText.trim() && budget.payloads > 0) {
      budget.payloads--
      budget.chars -= tagText.length
      out.push({encoding: 'tags', index: tagStart, text: tagText, length: tagLength, ...(via.length > 0 ? {via} : {})})
    }
    tagText = ''
    tagStart = -1
  }
  for (const r of hidden) {
    if (r.index !== prevEnd && tagStart >= 0) flush()
    prevEnd = r.index + r.length
    if (r.kind === 'tag') {
      if (tagStart < 0) tagStart = r.index
      tagText += decodeTags(raw.slice(r.index, r.index + r.length))
      tagLength = r.index + r.length - tagStart
    } else if (r.kind === 'variation-selector' && r.length >= 2 && budget.payloads > 0) {
      const text = decodeVariationSelectors(raw.slice(r.index, r.index + r.length))
      if (text !== undefined && isReadable(text)) {
        budget.payloads--
        budget.chars -= text.length
        out.push({encoding: 'variation-selectors', index: r.index, text, length: r.length, ...(via.length > 0 ? {via} : {})})
      }
    }
  }
  flush()
}

/** Peel one layer of `text`, then the layers inside what it decoded, up to MAX_DEPTH. */
function peel(raw: string, hidden: HiddenRun[], visible: string, via: PayloadEncoding[], budget: Budget, out: DecodedPayload[]): void {
  const layer: DecodedPayload[] = []
  hiddenPayloads(raw, hidden, via, budget, layer)
  blobPayloads(visible, via, budget, layer)
  for (const p of layer) {
    out.push(p)
    if (via.length + 1 >= MAX_DEPTH || budget.payloads <= 0 || budget.chars <= 0) continue
    const innerHidden = findHidden(p.text)
    const inner: DecodedPayload[] = []
    peel(p.text, innerHidden, removeRuns(p.text, innerHidden), [...via, p.encoding], budget, inner)
    // Inner payloads are located by their outermost blob, so a finding points at what is in the file.
    for (const q of inner) out.push({...q, index: p.index, length: p.length ?? q.length ?? 0})
  }
}

const cache = new TextCache<TextAnalysis>()

export function analyze(raw: string): TextAnalysis {
  const hit = cache.get(raw)
  if (hit) return hit
  const hidden = findHidden(raw)
  const visible = removeRuns(raw, hidden)
  const decoded: DecodedPayload[] = []
  peel(raw, hidden, visible, [], {payloads: MAX_PAYLOADS, chars: MAX_DECODED_CHARS}, decoded)
  const ascii = isAscii(visible)
  const {literal, folded, nfkc} = foldForms(visible, ascii)
  let display: string | undefined
  const views: TextView[] = [{origin: 'visible', text: folded}, ...decoded.map((d) => ({origin: d.encoding, text: fold(visibleText(d.text))}))]
  const a: TextAnalysis = {raw, visible, folded, literal, ascii, hidden, decoded, views, display: () => (display ??= collapse(nfkc))}
  cache.set(raw, a)
  return a
}
