// The server's command for `wrap`: the raw words after the first `--`, or one string (`--command`,
// as Cursor-style configs give it) split the way a POSIX shell splits words, without expansion.

import {InputError} from '../core/errors.js'

/** Split `text` into words: whitespace separates, quotes group, backslash escapes (not inside '...'). */
export function splitCommandLine(text: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
      continue
    }
    if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) word += text[++i]
      else word += c
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      inWord = true
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (quote) throw new InputError(`unterminated ${quote === '"' ? 'double' : 'single'} quote in --command`, undefined, 'close the quote, or give the command after `--` instead')
  if (inWord) words.push(word)
  return words
}

/** The words after the first `--` in raw argv, and the argv before it (the flags). */
export function splitAtDoubleDash(argv: string[]): {flags: string[]; command?: string[]} {
  const i = argv.indexOf('--')
  if (i === -1) return {flags: argv}
  return {flags: argv.slice(0, i), command: argv.slice(i + 1)}
}
