// The server's command for `wrap`: the raw words after the first `--`, or one string (`--command`,
// as Cursor-style configs give it) split the way a POSIX shell splits words, without expansion.

import {splitCommandString} from '../config/parse.js'
import {InputError} from '../core/errors.js'

/**
 * `--command` takes a server written as one string the way Cursor-style client configs write it, so
 * it is split by the same rules as a config's command (src/config/parse.ts): quotes group, a
 * backslash escapes white space, quotes and itself (Windows paths survive), no expansion.
 */
export function splitCommandLine(text: string): string[] {
  try {
    return splitCommandString(text)
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message.replace('command line', '--command'), undefined, 'close the quote, or give the command after `--` instead')
    throw error
  }
}

/** The words after the first `--` in raw argv, and the argv before it (the flags). */
export function splitAtDoubleDash(argv: string[]): {flags: string[]; command?: string[]} {
  const i = argv.indexOf('--')
  if (i === -1) return {flags: argv}
  return {flags: argv.slice(0, i), command: argv.slice(i + 1)}
}
