// IP addresses: dotted-quad IPv4 with every octet in range, and IPv6 in any RFC 4291/5952 form
// (checked by node:net). Loopback, unspecified and broadcast addresses identify nobody and are skipped.

import {isIPv6} from 'node:net'
import type {RawMatch} from './ssn.js'

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
// Not inside a longer dotted run (`1.2.3.4.5`, a version `v1.2.3.4`, an OID).
const IPV4 = new RegExp(`(?<![\\d.]|[vV])${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'g')
// Candidates for IPv6: hex groups and colons (and a trailing dotted quad); node:net decides.
const IPV6_CANDIDATE = /(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![0-9A-Fa-f:])/g

function boringV4(ip: string): boolean {
  return ip.startsWith('127.') || ip === '0.0.0.0' || ip === '255.255.255.255'
}

function boringV6(ip: string): boolean {
  const lower = ip.toLowerCase()
  return lower === '::' || lower === '::1' || /^(?:0{1,4}:){7}0{0,3}[01]$/.test(lower)
}

export function findIps(text: string): RawMatch[] {
  const out: RawMatch[] = []
  if (text.includes('.')) {
    for (const m of text.matchAll(IPV4)) if (!boringV4(m[0])) out.push({index: m.index ?? 0, value: m[0]})
  }
  if (text.includes(':')) {
    for (const m of ipv6Candidates(text)) {
      const v = m[0]
      // A clock (`10:30:00`) or a MAC address has colons too; only a real IPv6 address parses.
      if (v.length >= 3 && isIPv6(v) && !boringV6(v)) out.push({index: m.index ?? 0, value: v})
    }
  }
  return out
}

// Every candidate has two colons with at most four hex digits between them, starting at most four
// characters before its first colon. A search that starts at a colon is fast where one that starts at
// any hex digit (most letters of English) is not, so the colons are found first and the candidate is
// tried only at the few places it could start: the same matches as a scan of the whole text.
const IPV6_HINT = /:[0-9A-Fa-f]{0,4}:/g
const IPV6_AT = new RegExp(IPV6_CANDIDATE.source, 'y')

function* ipv6Candidates(text: string): Generator<RegExpExecArray> {
  let from = 0
  while (from < text.length) {
    IPV6_HINT.lastIndex = from
    const hint = IPV6_HINT.exec(text)
    if (!hint) return
    let m: RegExpExecArray | null = null
    for (let at = Math.max(from, hint.index - 4); at <= hint.index && !m; at++) {
      IPV6_AT.lastIndex = at
      m = IPV6_AT.exec(text)
    }
    if (m) {
      yield m
      from = m.index + m[0].length
    } else from = hint.index + 1
  }
}
