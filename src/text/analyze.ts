// Layered text analysis shared by every text rule: what a person sees (`visible`), what the model
// may also read (hidden characters, Unicode tag payloads, base64/hex payloads), and a folded form
// (NFKC, homoglyphs and leetspeak folded, lower case, whitespace collapsed) for phrase detectors.
// Rules never match raw text directly: they ask for `analyze(text).views`.

export type HiddenKind = 'tag' | 'zero-width' | 'bidi' | 'ansi' | 'control' | 'variation-selector' | 'private-use'

export interface HiddenRun {
  kind: HiddenKind
  /** UTF-16 index in the raw text. */
  index: number
  /** Length in UTF-16 code units. */
  length: number
}

export type PayloadEncoding = 'tags' | 'base64' | 'hex'

export interface DecodedPayload {
  encoding: PayloadEncoding
  index: number
  /** The decoded text (printable, UTF-8). */
  text: string
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
  hidden: HiddenRun[]
  decoded: DecodedPayload[]
  views: TextView[]
}

const HIDDEN: Array<[HiddenKind, RegExp]> = [
  ['ansi', /\u001B(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]|\][^\u0007\u001B]{0,4096}(?:\u0007|\u001B\\)|[@-Z\\-_])|\u009B[0-?]{0,32}[ -/]{0,8}[@-~]/g],
  ['tag', /(?:\uDB40[\uDC00-\uDC7F])+/g],
  ['bidi', /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g],
  ['zero-width', /[\u00AD\u034F\u115F\u1160\u180E\u200B-\u200D\u2060-\u2064\u3164\uFEFF\uFFA0]+/g],
  ['variation-selector', /(?:[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF])+/g],
  ['private-use', /[\uE000-\uF8FF]+|[\uDB80-\uDBFF][\uDC00-\uDFFF]/g],
  ['control', /[\u0000-\u0008\u000B\u000C\u000E-\u001A\u001C-\u001F\u007F-\u009A\u009C-\u009F]+/g],
]

/** Find hidden characters; overlapping matches (an ANSI sequence holds controls) keep the first kind. */
export function findHidden(raw: string): HiddenRun[] {
  const runs: HiddenRun[] = []
  const taken = new Uint8Array(raw.length)
  for (const [kind, re] of HIDDEN) {
    re.lastIndex = 0
    for (const m of raw.matchAll(re)) {
      const index = m.index ?? 0
      if (taken[index]) continue
      taken.fill(1, index, index + m[0].length)
      runs.push({kind, index, length: m[0].length})
    }
  }
  return runs.sort((a, b) => a.index - b.index)
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

// Confusable letters that NFKC leaves alone (Cyrillic, Greek) folded to the Latin letter they mimic.
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  α: 'a', ο: 'o', ν: 'v', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
}
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g')
const LEET: Record<string, string> = {'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's'}

/** NFKC, homoglyphs to Latin, lower case, whitespace collapsed; digits between letters read as leetspeak. */
export function fold(text: string): string {
  const nfkc = text.normalize('NFKC').replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c])
  const deleet = nfkc.replace(/(?<=[a-z])[013457@$](?=[a-z])|(?<=[a-z][013457@$])[013457@$](?=[a-z])/gi, (c) => LEET[c] ?? c)
  return deleet.toLowerCase().replace(/\s+/g, ' ').trim()
}

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

const BASE64_RE = /(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{4}){5,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=])/g
const HEX_RE = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])/g

/** Mostly printable text with letters and spaces: the decode produced language, not binary. */
export function isReadable(s: string): boolean {
  if (s.length < 8) return false
  let printable = 0
  let letters = 0
  let spaces = 0
  for (const ch of s) {
    const c = ch.charCodeAt(0)
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c >= 0xa0) printable++
    if (/\p{L}/u.test(ch)) letters++
    if (ch === ' ') spaces++
  }
  return printable / s.length > 0.95 && letters / s.length > 0.5 && spaces > 0
}

function decodePayloads(visible: string): DecodedPayload[] {
  const out: DecodedPayload[] = []
  for (const m of visible.matchAll(BASE64_RE)) {
    const text = Buffer.from(m[0], 'base64').toString('utf8')
    if (isReadable(text)) out.push({encoding: 'base64', index: m.index ?? 0, text})
  }
  for (const m of visible.matchAll(HEX_RE)) {
    const text = Buffer.from(m[0], 'hex').toString('utf8')
    if (isReadable(text)) out.push({encoding: 'hex', index: m.index ?? 0, text})
  }
  return out
}

const cache = new Map<string, TextAnalysis>()
const CACHE_MAX = 2048

export function analyze(raw: string): TextAnalysis {
  const hit = cache.get(raw)
  if (hit) return hit
  const hidden = findHidden(raw)
  const visible = removeRuns(raw, hidden)
  const decoded: DecodedPayload[] = []
  for (const r of hidden) {
    if (r.kind !== 'tag') continue
    const text = decodeTags(raw.slice(r.index, r.index + r.length))
    if (text.trim()) decoded.push({encoding: 'tags', index: r.index, text})
  }
  decoded.push(...decodePayloads(visible))
  const folded = fold(visible)
  const views: TextView[] = [{origin: 'visible', text: folded}, ...decoded.map((d) => ({origin: d.encoding, text: fold(d.text)}))]
  const a: TextAnalysis = {raw, visible, folded, hidden, decoded, views}
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string)
  cache.set(raw, a)
  return a
}
