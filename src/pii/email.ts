// E-mail addresses: a local part, `@`, and a domain with a letters-only top-level label. Label lengths
// are bounded as in RFC 5321, which also keeps the match linear on hostile input.

import {matchesWith} from '../text/windows.js'
import type {RawMatch} from './ssn.js'

// Not the `user:password@host` of a URL (that is a credential, reported as a secret), but `mailto:` is an address.
export const EMAIL = /(?<![A-Za-z0-9._%+/-])(?<!(?<!mailto):)[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g

export function findEmails(text: string): RawMatch[] {
  // Cheap test first: most texts hold no `@` at all.
  if (!text.includes('@')) return []
  const out: RawMatch[] = []
  for (const m of matchesWith(EMAIL, text, '@')) out.push({index: m.index, value: m[0]})
  return out
}
