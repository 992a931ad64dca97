// `node bench/rss.mjs SCRIPT ARGS...` runs SCRIPT in this process as `node SCRIPT ARGS...` would, and
// when the process exits writes its peak resident memory (the kernel's high-water mark, in KB) to the
// file named by BENCH_RSS_FILE. Node cannot read a child's peak RSS from outside (no wait4 rusage), and
// sampling /proc/PID/status from the parent would miss short peaks; from inside, the figure is exact.
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

const [script, ...args] = process.argv.slice(2)
const out = process.env.BENCH_RSS_FILE
if (!script || !out) {
  process.stderr.write('usage: BENCH_RSS_FILE=FILE node bench/rss.mjs SCRIPT ARGS...\n')
  process.exit(2)
}
process.on('exit', () => writeFileSync(out, JSON.stringify({maxRssKB: process.resourceUsage().maxRSS})))
process.argv = [process.argv[0], path.resolve(script), ...args]
await import(pathToFileURL(path.resolve(script)).href)
