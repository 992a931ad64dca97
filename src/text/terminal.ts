// Terminal escape sequences (ECMA-48 / VT): a small bounded parser recognizes a sequence, and
// `describeEscape` says what it does to what a person sees in a terminal, so a finding can tell
// harmless colour from text that is concealed, overwritten, swallowed or sent to the clipboard.

/** Code units that can start an escape sequence: ESC and the C1 introducers CSI, OSC, DCS, SOS, PM, APC. */
export function isEscapeIntroducer(code: number): boolean {
  return code === 0x1b || code === 0x9b || code === 0x9d || code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f
}

/** Length of the escape sequence that starts at `i`, or 0 when none does. */
export function escapeLengthAt(s: string, i: number): number {
  // Parsed by hand, every part bounded (32 parameters, 8 intermediates, 4096 characters of string
  // body), so a flood of sequences or an unterminated one stays linear.
  const c = s.charCodeAt(i)
  if (c === 0x9b) return csiLength(s, i + 1, i)
  if (c === 0x9d) return stringLength(s, i + 1, i, true)
  if (c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) return stringLength(s, i + 1, i, false)
  if (c !== 0x1b || i + 1 >= s.length) return 0
  const d = s.charCodeAt(i + 1)
  if (d === 0x5b) return csiLength(s, i + 2, i)
  // OSC, and DCS/SOS/PM/APC; unterminated, ESC and its letter are still a two-character escape (Fe).
  if (d === 0x5d) return stringLength(s, i + 2, i, true) || 2
  if (d === 0x50 || d === 0x58 || d === 0x5e || d === 0x5f) return stringLength(s, i + 2, i, false) || 2
  // nF: intermediates 0x20-0x2F, then a final 0x30-0x7E (charset designation and the like).
  if (d >= 0x20 && d <= 0x2f) {
    let j = i + 1
    while (j < s.length && j < i + 5 && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++
    const f = s.charCodeAt(j)
    return f >= 0x30 && f <= 0x7e ? j + 1 - i : 0
  }
  return d >= 0x30 && d <= 0x7e ? 2 : 0
}

// CSI: up to 32 parameter bytes (0x30-0x3F), up to 8 intermediates (0x20-0x2F), one final (0x40-0x7E).
// Without a valid final, ESC [ alone is still a two-character escape (Fe).
function csiLength(s: string, j: number, start: number): number {
  const limit = Math.min(s.length, j + 32)
  while (j < limit && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x3f) j++
  const limit2 = Math.min(s.length, j + 8)
  while (j < limit2 && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++
  const f = s.charCodeAt(j)
  if (f >= 0x40 && f <= 0x7e) return j + 1 - start
  return s.charCodeAt(start) === 0x1b ? 2 : 0
}

// A control string: a body of at most 4096 characters that holds no ESC (but the one of ST) and no
// ST, ended by ST (ESC \ or U+009C), or by BEL for OSC. 0 when there is no terminator.
function stringLength(s: string, j: number, start: number, bel: boolean): number {
  const limit = Math.min(s.length, j + 4097)
  for (; j < limit; j++) {
    const c = s.charCodeAt(j)
    if (c === 0x9c || (bel && c === 0x07)) return j + 1 - start
    if (c === 0x1b) return s.charCodeAt(j + 1) === 0x5c ? j + 2 - start : 0
  }
  return 0
}

/** Split a run of adjacent escape sequences (as `findHidden` reports them) into single sequences. */
export function splitEscapes(run: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < run.length) {
    const len = escapeLengthAt(run, i)
    if (len === 0) break
    out.push(run.slice(i, i + len))
    i += len
  }
  return out
}

/**
 * What a sequence does on screen. `conceal`: text stays in the stream but is not shown; `rewrite`:
 * the cursor moves or the screen is erased so later text overwrites earlier text; `swallow`: an
 * unterminated string that makes the terminal drop everything after it; `clipboard`: OSC 52 writes
 * the clipboard; `hyperlink`: OSC 8 shows one text and links to another; `title`: sets the window title.
 */
export type EscapeEffect = 'conceal' | 'rewrite' | 'swallow' | 'clipboard' | 'hyperlink' | 'title' | 'style' | 'other'

export interface EscapeInfo {
  effect: EscapeEffect
  /** Short lower-case label for messages, such as `SGR 8 (conceal)`. */
  label: string
  /** The link target of OSC 8, or the payload of OSC 52. */
  detail?: string
}

/** Effects that hide or rewrite what the person reads (the critical ones). */
export const HIDING_EFFECTS: ReadonlySet<EscapeEffect> = new Set(['conceal', 'rewrite', 'swallow', 'clipboard'])

// CSI final bytes that move the cursor, erase, scroll, insert or delete: later text overwrites earlier text.
const REWRITE_FINALS = new Set('ABCDEFGHIJKLMPSTXZ@`adefsu'.split(''))

export function describeEscape(seq: string): EscapeInfo {
  const first = seq.charCodeAt(0)
  if (first === 0x9b || seq.startsWith('\u001B[')) return describeCsi(seq.slice(first === 0x9b ? 1 : 2))
  if (first === 0x9d || seq.startsWith('\u001B]')) {
    const body = seq.slice(first === 0x9d ? 1 : 2).replace(/(?:\u0007|\u001B\\|\u009C)$/, '')
    if (seq === '\u001B]') return {effect: 'swallow', label: 'unterminated OSC (the terminal drops what follows)'}
    return describeOsc(body)
  }
  if (first === 0x90 || first === 0x98 || first === 0x9e || first === 0x9f || /^\u001B[PX^_]/.test(seq)) {
    if (seq.length === 2 && first === 0x1b) return {effect: 'swallow', label: 'unterminated control string (the terminal drops what follows)'}
    // DCS, SOS, PM and APC bodies are consumed by the terminal and never displayed.
    return {effect: 'conceal', label: 'control string (its text is never displayed)'}
  }
  if (seq.length === 2) {
    const c = seq[1]
    if (c === '7' || c === '8') return {effect: 'rewrite', label: `ESC ${c} (save/restore cursor)`}
    if (c === 'c') return {effect: 'rewrite', label: 'ESC c (reset, clears the screen)'}
    if (c === 'M') return {effect: 'rewrite', label: 'ESC M (reverse line feed)'}
  }
  return {effect: 'other', label: 'escape sequence'}
}

function describeCsi(body: string): EscapeInfo {
  const final = body.slice(-1)
  const params = body.slice(0, -1)
  if (final === 'm') return describeSgr(params)
  if (REWRITE_FINALS.has(final)) return {effect: 'rewrite', label: `CSI ${params}${final} (moves the cursor or erases)`}
  // Alternate screen buffer: what follows is shown on a screen that disappears afterwards.
  if ((final === 'h' || final === 'l') && /^\?(?:47|1047|1049)$/.test(params)) return {effect: 'rewrite', label: `CSI ${params}${final} (alternate screen)`}
  return {effect: 'other', label: `CSI ${params}${final}`}
}

const FG_BG: Array<[number, number]> = [
  [30, 40],
  [90, 100],
]

function describeSgr(params: string): EscapeInfo {
  const ps = params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)))
  // Same foreground and background colour hides the text as well as SGR 8 does.
  let fg: string | undefined
  let bg: string | undefined
  let conceal = false
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]
    if (p === 8) conceal = true
    else if (p === 28 || p === 0) conceal = false
    else if ((p === 38 || p === 48) && ps[i + 1] === 5) {
      const v = `256:${ps[i + 2]}`
      if (p === 38) fg = v
      else bg = v
      i += 2
    } else if ((p === 38 || p === 48) && ps[i + 1] === 2) {
      const v = `rgb:${ps[i + 2]},${ps[i + 3]},${ps[i + 4]}`
      if (p === 38) fg = v
      else bg = v
      i += 4
    } else {
      for (const [f, b] of FG_BG) {
        if (p >= f && p <= f + 7) fg = `16:${f === 90 ? 8 : 0}${p - f}`
        if (p >= b && p <= b + 7) bg = `16:${b === 100 ? 8 : 0}${p - b}`
      }
    }
  }
  if (conceal) return {effect: 'conceal', label: 'SGR 8 (conceal)'}
  if (fg !== undefined && fg === bg) return {effect: 'conceal', label: `SGR ${params} (text in its background colour)`}
  return {effect: 'style', label: `SGR ${params}`}
}

function describeOsc(body: string): EscapeInfo {
  const semi = body.indexOf(';')
  const num = semi < 0 ? body : body.slice(0, semi)
  const rest = semi < 0 ? '' : body.slice(semi + 1)
  if (num === '52') return {effect: 'clipboard', label: 'OSC 52 (writes the clipboard)', detail: rest.slice(rest.indexOf(';') + 1)}
  if (num === '8') {
    const url = rest.slice(rest.indexOf(';') + 1)
    return url ? {effect: 'hyperlink', label: 'OSC 8 (hyperlink)', detail: url} : {effect: 'style', label: 'OSC 8 (end of hyperlink)'}
  }
  if (num === '0' || num === '1' || num === '2') return {effect: 'title', label: `OSC ${num} (sets the window title)`, detail: rest}
  return {effect: 'other', label: `OSC ${num}`}
}

/** The text an SGR conceal hides: from the end of the sequence to the next SGR reset, or the end. */
export function concealedText(raw: string, from: number): string {
  const rest = raw.slice(from, from + 4096)
  const end = rest.search(/\u001B\[(?:0|28|39;49|)m|\u009B(?:0|28|)m/)
  return end < 0 ? rest : rest.slice(0, end)
}
