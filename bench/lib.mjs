// Shared pieces of the benchmarks: a raw JSON-RPC client on a child process's stdio (Buffer framing, so
// the client is never the bottleneck), percentiles and medians, and the table printer.
import {spawn} from 'node:child_process'

export class RawSession {
  constructor(command, args, opts = {}) {
    this.child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd, env: {...process.env, ...opts.env}})
    this.stderr = ''
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + d.toString()).slice(-4000)))
    this.nextId = 1
    this.waiting = new Map()
    this.parts = []
    this.child.stdout.on('data', (chunk) => {
      let start = 0
      let nl
      while ((nl = chunk.indexOf(10, start)) !== -1) {
        this.parts.push(chunk.subarray(start, nl))
        start = nl + 1
        const line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts)
        this.parts = []
        // A real client parses every message; so does this one.
        const msg = JSON.parse(line.toString('utf8'))
        const w = this.waiting.get(msg.id)
        if (w && msg.method === undefined) {
          this.waiting.delete(msg.id)
          w(msg)
        }
      }
      if (start < chunk.length) this.parts.push(chunk.subarray(start))
    })
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({code, signal})))
  }

  request(method, params) {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within 120 s; stderr: ${this.stderr}`)), 120_000)
      this.waiting.set(id, (msg) => {
        clearTimeout(timer)
        if (msg.error) reject(new Error(`${method} failed: ${msg.error.message}`))
        else resolve(msg)
      })
      this.child.stdin.write(JSON.stringify({jsonrpc: '2.0', id, method, ...(params ? {params} : {})}) + '\n')
    })
  }

  async initialize() {
    await this.request('initialize', {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'mcp-warden-bench', version: '1'}})
    this.child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
  }

  /** Latency of one tools/call, in milliseconds, from the write to the parsed answer. */
  async timeCall(name, args) {
    const t0 = process.hrtime.bigint()
    await this.request('tools/call', {name, arguments: args})
    return Number(process.hrtime.bigint() - t0) / 1e6
  }

  async close() {
    this.child.stdin.end()
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
    await this.exited
    clearTimeout(t)
  }
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

export function median(values) {
  return percentile(values, 50)
}

export const round = (x, digits = 3) => Number(x.toFixed(digits))

/** `x` to `digits` significant digits: for ratios that may be far below 1. */
export const sig = (x, digits = 3) => Number(x.toPrecision(digits))

/** Rows as aligned columns: the first `left` columns (names) to the left, the rest (figures) to the right. */
export function table(rows, left = 1) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  return rows.map((r) => r.map((c, i) => (i < left ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ').trimEnd()).join('\n')
}

/** A small seeded PRNG, so generated benchmark inputs are the same on every run. */
export function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

