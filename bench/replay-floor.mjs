// The floor of any replay (`node bench/replay-floor.mjs TRACE`): stream the trace, split it into
// lines and JSON.parse each, nothing else. Prints {"events": N} on stdout.
import {createReadStream} from 'node:fs'

let events = 0
let carry = ''
const parse = (line) => {
  if (line.trim() === '') return
  JSON.parse(line)
  events++
}
for await (const chunk of createReadStream(process.argv[2], {highWaterMark: 1 << 20, encoding: 'utf8'})) {
  const lines = (carry + chunk).split('\n')
  carry = lines.pop()
  for (const l of lines) parse(l)
}
parse(carry)
process.stdout.write(JSON.stringify({events}) + '\n')
