// Escape sequences: recognized whole, and classified by what they do to what a person sees.
import {describe, expect, it} from 'vitest'
import {concealedText, describeEscape, escapeLengthAt, splitEscapes} from '../../src/text/terminal.js'

const effect = (seq: string) => describeEscape(seq).effect

describe('terminal escapes', () => {
  it('splits a run of adjacent sequences', () => {
    expect(splitEscapes('\u001B[1A\u001B[2K\u001B]0;title\u0007')).toEqual(['\u001B[1A', '\u001B[2K', '\u001B]0;title\u0007'])
    expect(escapeLengthAt('x\u001B[0m', 1)).toBe(4)
    expect(escapeLengthAt('x\u001B[0m', 0)).toBe(0)
  })

  it('tells concealment from colour', () => {
    expect(effect('\u001B[8m')).toBe('conceal')
    expect(effect('\u001B[1;8m')).toBe('conceal')
    expect(effect('\u001B[8;28m')).toBe('style')
    expect(effect('\u001B[30;40m')).toBe('conceal')
    expect(effect('\u001B[38;5;231;48;5;231m')).toBe('conceal')
    expect(effect('\u001B[38;2;1;2;3;48;2;1;2;3m')).toBe('conceal')
    // 8 as a 256-colour index is a colour, not SGR 8.
    expect(effect('\u001B[38;5;8m')).toBe('style')
    expect(effect('\u001B[31;42m')).toBe('style')
    expect(effect('\u009B8m')).toBe('conceal')
  })

  it('classifies cursor moves, erases, save/restore, reset and the alternate screen as rewrites', () => {
    for (const s of ['\u001B[1A', '\u001B[2K', '\u001B[2J', '\u001B[10;1H', '\u001B[s', '\u001B7', '\u001B8', '\u001Bc', '\u001B[?1049h']) expect(effect(s), JSON.stringify(s)).toBe('rewrite')
    expect(effect('\u001B[?25l')).toBe('other')
  })

  it('reads OSC 52, OSC 8 and titles; an unterminated OSC swallows what follows', () => {
    expect(describeEscape('\u001B]52;c;ZWNobyBoaQ==\u0007')).toEqual({effect: 'clipboard', label: 'OSC 52 (writes the clipboard)', detail: 'ZWNobyBoaQ=='})
    expect(describeEscape('\u001B]8;;https://evil.test/\u001B\\')).toMatchObject({effect: 'hyperlink', detail: 'https://evil.test/'})
    expect(effect('\u001B]8;;\u001B\\')).toBe('style')
    expect(effect('\u001B]2;hello\u0007')).toBe('title')
    expect(effect('\u001B]')).toBe('swallow')
    expect(effect('\u001BP')).toBe('swallow')
    expect(effect('\u001B_hidden APC text\u001B\\')).toBe('conceal')
  })

  it('returns the concealed text up to the next reset', () => {
    const s = 'ok\u001B[8msecret words\u001B[0m visible'
    expect(concealedText(s, s.indexOf('secret'))).toBe('secret words')
  })
})
