import {test} from 'vitest'
import {findPii, redactPii} from '../../src/pii/detect.js'
test('scratch', () => {
const texts = [
  'SSN 078-05-1120 and 123-45-6789 and 666-12-3456 and 900-12-3456 and 123-00-4567 and 123 45 6789 and 123-45 6789',
  'ssn: 123456789, order 123456789',
  'card 4111 1111 1111 1111 and 4111111111111112 and 378282246310005 and 5555-5555-5555-4444 and 1234567812345670',
  'IBAN DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432 and DE89370400440532013001',
  'mail jane.doe@example.com or foo@bar or @handle, a@b.co',
  'ip 192.168.1.10 203.0.113.5 127.0.0.1 v1.2.3.4 1.2.3.4.5 256.1.1.1 2001:db8::1 ::1 10:30:00 fe80::1ff:fe23:4567:890a',
  'call (415) 555-2671 or +44 20 7946 0958, ref 2024-01-15',
]
for (const t of texts) console.log(findPii(t).map((m) => `${m.kind}:${m.value}`).join(' | '), '\n  ', redactPii(t))
})
