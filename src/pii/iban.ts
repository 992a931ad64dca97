// IBANs: country code, two check digits and the national account number, printed compact or in
// groups of four, accepted only when the length fits the country and the ISO 13616 mod-97 check is 1.

import type {RawMatch} from './ssn.js'

/** IBAN length per country (SWIFT IBAN registry). */
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}

// Compact (`DE89370400440532013000`) or grouped by four with single spaces. The groups are bounded,
// so matching stays linear.
const CANDIDATE = /\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b/g

/** ISO 7064 mod 97-10 over the IBAN moved to `BBAN + country + check`, letters as 10..35. */
export function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4)
  let rest = 0
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i)
    if (c >= 48 && c <= 57) rest = (rest * 10 + (c - 48)) % 97
    else if (c >= 65 && c <= 90) rest = (rest * 100 + (c - 55)) % 97
    else return false
  }
  return rest === 1
}

export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/ /g, '')
  const len = LENGTHS[iban.slice(0, 2)]
  return len === iban.length && ibanChecksumOk(iban)
}

export function findIbans(text: string): RawMatch[] {
  const out: RawMatch[] = []
  for (const m of text.matchAll(CANDIDATE)) if (isValidIban(m[0])) out.push({index: m.index ?? 0, value: m[0]})
  return out
}
