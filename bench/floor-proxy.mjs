// The floor: a proxy that only relays chunks as they come (no framing, no decisions, not even stream
// backpressure bookkeeping). No proxy that looks at messages can be cheaper, so what wrap costs above
// this is what framing and the pipeline add.
import {spawn} from 'node:child_process'

const [command, ...args] = process.argv.slice(2)
const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'inherit']})
process.stdin.on('data', (chunk) => child.stdin.write(chunk))
process.stdin.on('end', () => child.stdin.end())
child.stdout.on('data', (chunk) => process.stdout.write(chunk))
child.on('exit', (code) => process.exit(code ?? 1))
