// The PII detectors, each with values that must be found and near misses that must not: a wrong
// checksum, an impossible range, a different grouping, a value inside a longer token.
import {describe, expect, it} from 'vitest'
import {cardBrand, findCards, luhn} from '../../src/pii/card.js'
import {findPii, maskPii, redactPii, type PiiKind} from '../../src/pii/detect.js'
import {EMAIL, findEmails} from '../../src/pii/email.js'
import {findIbans, ibanChecksumOk, isValidIban} from '../../src/pii/iban.js'
import {findIps} from '../../src/pii/ip.js'
import {findPhones} from '../../src/pii/phone.js'
import {findSsns, isValidSsn} from '../../src/pii/ssn.js'

const values = (list: Array<{value: string}>) => list.map((m) => m.value)
const kinds = (text: string) => findPii(text).map((m) => `${m.kind}:${m.value}`)

describe('US social security numbers', () => {
  it('finds valid numbers written with dashes or spaces', () => {
    expect(values(findSsns('ssn 123-45-6789, spouse 219 09 9998'))).toEqual(['123-45-6789', '219 09 9998'])
  })
  it('checks area, group and serial', () => {
    expect(isValidSsn('000', '12', '3456')).toBe(false)
    expect(isValidSsn('666', '12', '3456')).toBe(false)
    expect(isValidSsn('900', '12', '3456')).toBe(false)
    expect(isValidSsn('123', '00', '4567')).toBe(false)
    expect(isValidSsn('123', '45', '0000')).toBe(false)
    expect(isValidSsn('899', '99', '9999')).toBe(true)
  })
  it('skips numbers published in advertising', () => {
    expect(findSsns('078-05-1120 and 219-09-9999')).toEqual([])
  })
  it('does not take mixed separators, longer digit runs or dates', () => {
    expect(findSsns('123-45 6789, 1123-45-6789, 123-45-67890, 2024-01-15')).toEqual([])
  })
  it('takes nine bare digits only after an SSN label', () => {
    expect(values(findSsns('SSN: 123456789'))).toEqual(['123456789'])
    expect(findSsns('order 123456789')).toEqual([])
  })
})

describe('payment card numbers', () => {
  it('computes the Luhn checksum', () => {
    expect(luhn('4111111111111111')).toBe(true)
    expect(luhn('4111111111111112')).toBe(false)
    expect(luhn('79927398713')).toBe(true)
  })
  it('knows issuer ranges and lengths', () => {
    expect(cardBrand('4111111111111111')).toBe('visa')
    expect(cardBrand('5555555555554444')).toBe('mastercard')
    expect(cardBrand('2223003122003222')).toBe('mastercard')
    expect(cardBrand('378282246310005')).toBe('amex')
    expect(cardBrand('6011111111111117')).toBe('discover')
    expect(cardBrand('3530111333300000')).toBe('jcb')
    expect(cardBrand('37828224631000')).toBeUndefined()
    expect(cardBrand('1234567812345670')).toBeUndefined()
  })
  it('finds grouped and compact numbers that pass both checks', () => {
    expect(values(findCards('visa 4111 1111 1111 1111, mc 5555-5555-5555-4444, amex 378282246310005'))).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'])
  })
  it('rejects a wrong checksum, an unknown issuer, mixed separators and longer runs', () => {
    expect(findCards('4111 1111 1111 1112')).toEqual([])
    expect(findCards('1234 5678 1234 5670')).toEqual([])
    expect(findCards('4111 1111-1111 1111')).toEqual([])
    expect(findCards('id 41111111111111110000')).toEqual([])
    expect(findCards('version 4.111111111111111')).toEqual([])
  })
})

describe('IBANs', () => {
  it('checks the mod-97 checksum', () => {
    expect(ibanChecksumOk('DE89370400440532013000')).toBe(true)
    expect(ibanChecksumOk('DE89370400440532013001')).toBe(false)
  })
  it('checks the length of the country', () => {
    expect(isValidIban('GB82WEST12345698765432')).toBe(true)
    expect(isValidIban('GB82WEST1234569876543')).toBe(false)
    expect(isValidIban('XX82WEST12345698765432')).toBe(false)
  })
  it('finds compact and grouped IBANs', () => {
    expect(values(findIbans('pay DE89 3704 0044 0532 0130 00 or FR1420041010050500013M02606 today'))).toEqual(['DE89 3704 0044 0532 0130 00', 'FR1420041010050500013M02606'])
  })
  it('ignores look-alikes that fail the checksum or sit inside a longer token', () => {
    expect(findIbans('DE89 3704 0044 0532 0130 01')).toEqual([])
    expect(findIbans('xDE89370400440532013000')).toEqual([])
  })
})

describe('e-mail addresses', () => {
  it('finds addresses', () => {
    expect(values(findEmails('write to jane.doe+news@mail.example.co.uk or ops@example.com.'))).toEqual(['jane.doe+news@mail.example.co.uk', 'ops@example.com'])
  })
  it('needs a dotted domain with a letter top-level label', () => {
    expect(findEmails('user@localhost, @handle, a@b.1, foo@bar')).toEqual([])
  })
  it('takes mailto: addresses but not the credentials of a URL', () => {
    expect(values(findEmails('<a href="mailto:jane@example.com">'))).toEqual(['jane@example.com'])
    expect(findEmails('postgres://app:s3cret@db.example.com/app')).toEqual([])
  })
  it('does not start inside a longer token', () => {
    expect(values(findEmails('git@github.com:org/repo.git'))).toEqual(['git@github.com'])
  })
  it('finds in a long text, around each "@", what one pass over it finds', () => {
    const parts = ['write to jane.doe+news@mail.example.co.uk', '<a href="mailto:jane@example.com">', 'postgres://app:s3cret@db.example.com/app', 'git@github.com:org/repo.git', '@handle a@b.1', 'x'.repeat(70) + '@example.org', `${'a'.repeat(62)}b@${'c.'.repeat(8)}io`]
    let text = ''
    for (let i = 0; i < 300; i++) text += parts[i % parts.length] + (i % 3 ? ' some prose; ' : '\n').repeat(1 + (i % 5))
    const re = new RegExp(EMAIL.source, EMAIL.flags)
    const expected = [...text.matchAll(re)].map((m) => ({index: m.index, value: m[0]}))
    expect(text.length).toBeGreaterThan(8192)
    expect(expected.length).toBeGreaterThan(150)
    expect(findEmails(text)).toEqual(expected)
  })
})

describe('phone numbers', () => {
  it('finds valid national and international numbers', () => {
    expect(values(findPhones('call (415) 555-2671, +44 20 7946 0958 or 202.456.1111'))).toEqual(['(415) 555-2671', '+44 20 7946 0958', '202.456.1111'])
  })
  it('skips numbers that are not valid for their region', () => {
    expect(findPhones('call (123) 456-7890 or +1 055 555 0100')).toEqual([])
  })
  it('skips digit runs that are not written as phone numbers', () => {
    expect(findPhones('order 2024561111, totals 20245 61111, date 2024-01-15 10:00')).toEqual([])
  })
})

describe('IP addresses', () => {
  it('finds IPv4 and IPv6 addresses', () => {
    expect(values(findIps('from 203.0.113.5 and 10.0.0.1, then 2001:db8::1 and fe80::1ff:fe23:4567:890a'))).toEqual(['203.0.113.5', '10.0.0.1', '2001:db8::1', 'fe80::1ff:fe23:4567:890a'])
  })
  it('skips out-of-range octets, versions, longer dotted runs, clocks, loopback and unspecified', () => {
    expect(findIps('256.1.1.1 v1.2.3.4 1.2.3.4.5 10:30:00 127.0.0.1 0.0.0.0 ::1 :: aa:bb:cc:dd:ee:ff')).toEqual([])
  })
})

describe('findPii', () => {
  it('resolves overlaps in favour of the checked format', () => {
    expect(kinds('card 4111 1111 1111 1111')).toEqual(['card:4111 1111 1111 1111'])
  })
  it('returns matches in text order with their kind', () => {
    const text = 'Jane (jane@example.com, 202-456-1111) SSN 123-45-6789 IBAN GB82WEST12345698765432 from 198.51.100.7'
    expect(findPii(text).map((m) => m.kind)).toEqual<PiiKind[]>(['email', 'phone', 'ssn', 'iban', 'ip'])
    for (const m of findPii(text)) expect(text.slice(m.index, m.index + m.value.length)).toBe(m.value)
  })
  it('finds nothing in prose without digits or @', () => {
    expect(findPii('The quick brown fox jumps over the lazy dog.')).toEqual([])
  })
  it('masks to what identifies the value to its owner only', () => {
    expect(maskPii({kind: 'ssn', value: '123-45-6789'})).toBe('***-**-6789')
    expect(maskPii({kind: 'card', value: '4111 1111 1111 1111'})).toBe('****1111')
    expect(maskPii({kind: 'email', value: 'jane.doe@example.com'})).toBe('j***@example.com')
    expect(maskPii({kind: 'ip', value: '203.0.113.5'})).toBe('203.0.*.*')
    expect(maskPii({kind: 'iban', value: 'DE89 3704 0044 0532 0130 00'})).toBe('DE******3000')
  })
  it('redacts in place and leaves the rest of the text alone', () => {
    expect(redactPii('mail jane@example.com, card 4111111111111111.')).toBe('mail j***@example.com, card ****1111.')
  })
  it('stays linear on hostile input', () => {
    const hostile = ['1'.repeat(200_000), '1 '.repeat(100_000), 'a'.repeat(100_000) + '@', ('a@' + 'b.'.repeat(50)).repeat(2000), '1.'.repeat(100_000), ':'.repeat(100_000) + 'g', '+1 ('.repeat(50_000)]
    for (const text of hostile) {
      const start = performance.now()
      findPii(text)
      expect(performance.now() - start, `${JSON.stringify(text.slice(0, 12))}…`).toBeLessThan(2000)
    }
  })
})
