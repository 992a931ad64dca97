// US social security numbers: `AAA-GG-SSSS` (or spaced), valid only when the area, group and serial
// could have been issued, plus bare nine digits when the text names them as an SSN.

export interface RawMatch {
  index: number
  value: string
}

// Separated form; the same separator twice (a back-reference keeps `123-45 6789` out).
const SEPARATED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g
// Bare nine digits only right after a label, so order numbers and ids stay out.
const LABELLED = /\b(?:ssn|social security(?: number| no\.?)?|ss#)\s{0,3}[:#=]?\s{0,3}(\d{9})(?!\d)/gi

/**
 * Area 001-899 but not 666 (900-999 were never issued), group 01-99, serial 0001-9999 (SSA rules
 * since 2011 randomization), and not the two numbers published in advertising and misused for decades.
 */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area)
  if (a === 0 || a === 666 || a >= 900) return false
  if (group === '00' || serial === '0000') return false
  const all = area + group + serial
  return all !== '078051120' && all !== '219099999'
}

export function findSsns(text: string): RawMatch[] {
  const out: RawMatch[] = []
  for (const m of text.matchAll(SEPARATED)) {
    if (isValidSsn(m[1], m[3], m[4])) out.push({index: m.index ?? 0, value: m[0]})
  }
  for (const m of text.matchAll(LABELLED)) {
    const d = m[1]
    if (isValidSsn(d.slice(0, 3), d.slice(3, 5), d.slice(5))) out.push({index: (m.index ?? 0) + m[0].length - 9, value: d})
  }
  return out
}
