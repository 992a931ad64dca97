// The session recording of `wrap --record`: DESIGN.md's trace format, one event a line, written in
// batches off the message path. A message is recorded as received (before any redaction), so that a
// replay of the recording meets the same input and reaches the same decisions, with one exception:
// secrets never reach the file. Each is replaced by a stand-in of the same kind (src/secrets/
// surrogate.ts), which the same rule still recognizes, so replay decisions do not change. The
// message's bytes are embedded as `msg` without a parse and re-serialization (stand-ins keep the
// length and never add quotes); a line that is not JSON is recorded as a JSON string, so the trace
// stays valid JSON Lines and replay still sees it.

import {Appender} from '../io/append.js'
import {surrogateSecrets, surrogateSecretsInJson} from '../secrets/surrogate.js'
import type {Direction} from '../pipeline/types.js'

interface Recorded {
  ts: number
  dir: Direction
  raw: Buffer
  /** The pipeline parsed it as JSON-RPC, so it is known to be JSON. */
  json: boolean
}

export class TraceRecorder {
  private readonly out: Appender<Recorded>
  private readonly prefix: string

  constructor(
    readonly file: string,
    opts: {server: string; report(message: string): void},
  ) {
    this.prefix = `","server":${JSON.stringify(opts.server)},"dir":"`
    this.out = new Appender(file, (items) => this.render(items), {label: 'recording', report: opts.report})
  }

  /** Queue a message; `raw` must stay unchanged until written (chunks from a stream are never reused). */
  add(ts: number, dir: Direction, raw: Buffer, json: boolean): void {
    this.out.add({ts, dir, raw, json})
  }

  close(): Promise<void> {
    return this.out.close()
  }

  private render(items: Recorded[]): Buffer {
    const parts: Buffer[] = []
    for (const {ts, dir, raw, json} of items) {
      parts.push(Buffer.from(`{"ts":"${new Date(ts).toISOString()}${this.prefix}${dir}","msg":`, 'utf8'))
      const text = raw.toString('utf8')
      const safe = json ? surrogateSecretsInJson(text) : surrogateSecrets(text)
      const bytes = safe === text ? raw : Buffer.from(safe, 'utf8')
      parts.push(json || isJson(bytes) ? bytes : Buffer.from(JSON.stringify(safe), 'utf8'))
      parts.push(CLOSE)
    }
    return Buffer.concat(parts)
  }
}

const CLOSE = Buffer.from('}\n')

function isJson(raw: Buffer): boolean {
  try {
    JSON.parse(raw.toString('utf8'))
    return true
  } catch {
    return false
  }
}
