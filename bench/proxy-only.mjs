// wrap's proxy (dist/proxy) with a pipeline that allows everything without reading it: the cost of
// framing, routing and forwarding alone, apart from what the pipeline's stages cost.
import {startProxy} from '../dist/proxy/proxy.js'

const [command, ...args] = process.argv.slice(2)
const pipeline = {
  process: (e) => ({action: 'allow', ruleIds: [], findings: [], dir: e.dir, line: e.line, bytes: e.raw.length}),
}
const proxy = startProxy({command, args, server: 'bench', pipeline, maxMessageBytes: 64 * 1024 * 1024, graceMs: 2000, log: (m) => process.stderr.write(`proxy-only: ${m}\n`)})
const result = await proxy.done
process.exitCode = result.code ?? 1
