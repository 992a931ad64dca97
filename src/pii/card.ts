// Payment card numbers: 12 to 19 digits (optionally in groups split by one space or dash), accepted
// only when the Luhn check passes and the number starts with an issuer range (IIN) that is in use.

import type {RawMatch} from './ssn.js'

const CANDIDATE = /(?<![\d.-])\d(?:[ -]?\d){11,18}(?![\d]|[.-]\d)/g

/** The Luhn (mod 10) checksum over a string of digits. */
export function luhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

interface Range {
  brand: string
  from: number
  to: number
  /** Number of leading digits `from` and `to` are written in. */
  width: number
  lengths: number[]
}

// Issuer ranges (ISO/IEC 7812 IINs as published by the networks).
const RANGES: Range[] = [
  {brand: 'visa', from: 4, to: 4, width: 1, lengths: [13, 16, 19]},
  {brand: 'mastercard', from: 51, to: 55, width: 2, lengths: [16]},
  {brand: 'mastercard', from: 2221, to: 2720, width: 4, lengths: [16]},
  {brand: 'amex', from: 34, to: 34, width: 2, lengths: [15]},
  {brand: 'amex', from: 37, to: 37, width: 2, lengths: [15]},
  {brand: 'discover', from: 6011, to: 6011, width: 4, lengths: [16, 17, 18, 19]},
  {brand: 'discover', from: 644, to: 649, width: 3, lengths: [16, 17, 18, 19]},
  {brand: 'discover', from: 65, to: 65, width: 2, lengths: [16, 17, 18, 19]},
  {brand: 'unionpay', from: 62, to: 62, width: 2, lengths: [16, 17, 18, 19]},
  {brand: 'jcb', from: 3528, to: 3589, width: 4, lengths: [16, 17, 18, 19]},
  {brand: 'diners', from: 300, to: 305, width: 3, lengths: [14, 15, 16, 17, 18, 19]},
  {brand: 'diners', from: 36, to: 36, width: 2, lengths: [14, 15, 16, 17, 18, 19]},
  {brand: 'diners', from: 38, to: 39, width: 2, lengths: [16, 17, 18, 19]},
  {brand: 'maestro', from: 50, to: 50, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19]},
  {brand: 'maestro', from: 56, to: 58, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19]},
  {brand: 'maestro', from: 6304, to: 6304, width: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19]},
  {brand: 'maestro', from: 67, to: 67, width: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19]},
  {brand: 'mir', from: 2200, to: 2204, width: 4, lengths: [16, 17, 18, 19]},
  {brand: 'rupay', from: 60, to: 60, width: 2, lengths: [16]},
  {brand: 'troy', from: 9792, to: 9792, width: 4, lengths: [16]},
]

/** The card network of a digit string, when its prefix and length fit a known issuer range. */
export function cardBrand(digits: string): string | undefined {
  for (const r of RANGES) {
    const p = Number(digits.slice(0, r.width))
    if (p >= r.from && p <= r.to && r.lengths.includes(digits.length)) return r.brand
  }
  return undefined
}

/** Grouped numbers use one separator throughout; `4111 1111-1111 1111` is not how cards are written. */
function consistent(candidate: string): boolean {
  return !(candidate.includes(' ') && candidate.includes('-'))
}

export function findCards(text: string): Array<RawMatch & {brand: string}> {
  const out: Array<RawMatch & {brand: string}> = []
  for (const m of text.matchAll(CANDIDATE)) {
    const candidate = m[0]
    if (!consistent(candidate)) continue
    const digits = candidate.replace(/[ -]/g, '')
    // A run of one repeated digit passes Luhn for some lengths and is never a card.
    if (/^(\d)\1+$/.test(digits)) continue
    const brand = cardBrand(digits)
    if (brand && luhn(digits)) out.push({index: m.index ?? 0, value: candidate, brand})
  }
  return out
}
