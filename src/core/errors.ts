// Errors a user can act on. They print as one clean message (file, place, reason, hint) with no
// stack trace, and carry the exit code of DESIGN.md. Anything else is a bug and keeps its stack.

import {ExitCode} from './exit-codes.js'

export interface Place {
  file?: string
  line?: number
  column?: number
  pointer?: string
}

export class WardenError extends Error {
  readonly exitCode: ExitCode
  readonly place: Place
  readonly hint?: string
  constructor(message: string, opts: {exitCode: ExitCode; place?: Place; hint?: string}) {
    super(message)
    this.name = 'WardenError'
    this.exitCode = opts.exitCode
    this.place = opts.place ?? {}
    this.hint = opts.hint
  }

  /** `file:line:col: message (at /pointer)` followed by the hint on its own line. */
  format(): string {
    const {file, line, column, pointer} = this.place
    let where = ''
    if (file) where = file + (line ? `:${line}` + (column ? `:${column}` : '') : '') + ': '
    let out = where + this.message
    if (pointer !== undefined && pointer !== '') out += ` (at ${pointer})`
    if (this.hint) out += `\n  hint: ${this.hint}`
    return out
  }
}

/** Exit 2: unreadable or malformed input, bad flag, invalid config or policy. */
export class InputError extends WardenError {
  constructor(message: string, place?: Place, hint?: string) {
    super(message, {exitCode: ExitCode.usage, place, hint})
    this.name = 'InputError'
  }
}

/** Exit 3: signature wrong, key missing or wrong, lock malformed, audit chain broken. */
export class IntegrityError extends WardenError {
  constructor(message: string, place?: Place, hint?: string) {
    super(message, {exitCode: ExitCode.integrity, place, hint})
    this.name = 'IntegrityError'
  }
}

/** Exit 4: a server could not be probed. */
export class ProbeError extends WardenError {
  constructor(message: string, place?: Place, hint?: string) {
    super(message, {exitCode: ExitCode.probe, place, hint})
    this.name = 'ProbeError'
  }
}
