// Phone numbers through libphonenumber-js (Google's metadata): only numbers that are valid for their
// region count. The library is slow on free text, so linear patterns first pick what is written like
// a phone number, and the library only judges those candidates: a national number grouped 3-3-4 with
// separators (`(415) 555-2671`, `415.555.2671`, `1-415-555-2671`), or an international one after `+`.
// Ten bare digits, or two numbers side by side in prose, are ids and counts far more often.

import {createRequire} from 'node:module'
import type {CountryCode} from 'libphonenumber-js'
import type {RawMatch} from './ssn.js'

// The library and its metadata cost about as much start-up as the rest of the rules together, and
// most texts hold no phone-like candidate: load it (synchronously, through its CommonJS build) the
// first time a candidate needs judging.
type Lib = typeof import('libphonenumber-js')
let lib: Lib | undefined
const load = (): Lib => (lib ??= createRequire(import.meta.url)('libphonenumber-js') as Lib)

const NATIONAL = /(?<![\d+\-.])(?:1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d]|[.-]\d)/g
const INTERNATIONAL = /(?<![\d+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){1,6}(?![\d]|[.-]\d)/g

/** Beyond this many candidates in one text the rest is not checked: a phone book is reported already. */
const MAX_CANDIDATES = 200

export function findPhones(text: string, region: CountryCode = 'US'): RawMatch[] {
  const out: RawMatch[] = []
  let budget = MAX_CANDIDATES
  for (const re of [NATIONAL, INTERNATIONAL]) {
    for (const m of text.matchAll(re)) {
      if (budget-- <= 0) return out
      const number = load().parsePhoneNumberFromString(m[0], region)
      if (number?.isValid()) out.push({index: m.index ?? 0, value: m[0]})
    }
  }
  return out.sort((a, b) => a.index - b.index)
}
