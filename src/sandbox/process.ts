// One launched server process: spawned in its own process group (so the whole tree can be signalled),
// stderr kept as a bounded tail, and a shutdown that closes stdin, then sends SIGTERM, then SIGKILL,
// and returns only when no process of the launch is left.

import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import type {Readable} from 'node:stream'
import {MARKER_VAR} from './env.js'
import {signalLaunch, waitGone} from './tree.js'

export interface SpawnSpec {
  command: string
  args: string[]
  env: Record<string, string>
  cwd: string
  /** Value of the marker variable in `env`: how stragglers are recognized. */
  marker: string
}

export interface ExitInfo {
  code: number | null
  signal: NodeJS.Signals | null
}

/** How long each shutdown step waits before the next, harsher one. */
export interface ShutdownTimings {
  afterStdinMs: number
  afterTermMs: number
  afterKillMs: number
}

const DEFAULT_TIMINGS: ShutdownTimings = {afterStdinMs: 500, afterTermMs: 1000, afterKillMs: 5000}

/** Bytes of stderr kept; older output is dropped so a chatty server cannot grow memory. */
const STDERR_KEEP = 64 * 1024

export class LaunchedProcess {
  readonly pid: number | undefined
  readonly stdout: Readable
  /** Resolves when the main process exited (or could not start). */
  readonly exited: Promise<ExitInfo>
  exitInfo?: ExitInfo
  spawnError?: Error
  private readonly child: ChildProcessWithoutNullStreams
  private stderrChunks: Buffer[] = []
  private stderrBytes = 0
  private terminating?: Promise<void>

  constructor(private readonly spec: SpawnSpec) {
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    })
    this.pid = this.child.pid
    this.stdout = this.child.stdout
    // Writes to a server that already exited fail with EPIPE; the exit itself is what gets reported.
    this.child.stdin.on('error', () => undefined)
    this.child.stdout.on('error', () => undefined)
    this.child.stderr.on('error', () => undefined)
    this.child.stderr.on('data', (chunk: Buffer) => this.keepStderr(chunk))
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.spawnError = err
        this.exitInfo ??= {code: null, signal: null}
        resolve(this.exitInfo)
      })
      this.child.once('exit', (code, signal) => {
        this.exitInfo = {code, signal}
        resolve(this.exitInfo)
      })
    })
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrChunks.push(chunk)
    this.stderrBytes += chunk.length
    if (this.stderrBytes > 2 * STDERR_KEEP) {
      const all = Buffer.concat(this.stderrChunks)
      const kept = all.subarray(all.length - STDERR_KEEP)
      this.stderrChunks = [kept]
      this.stderrBytes = kept.length
    }
  }

  /** The raw stderr kept so far (at most the last 128 KiB): mask before showing it. */
  stderrText(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8')
  }

  write(text: string): void {
    if (!this.child.stdin.writable) return
    this.child.stdin.write(text)
  }

  get running(): boolean {
    return this.pid !== undefined && this.exitInfo === undefined
  }

  /** Close stdin, SIGTERM, SIGKILL: each step only when the one before did not end the launch. Idempotent. */
  terminate(timings: Partial<ShutdownTimings> = {}): Promise<void> {
    this.terminating ??= this.shutdown({...DEFAULT_TIMINGS, ...timings})
    return this.terminating
  }

  private async shutdown(t: ShutdownTimings): Promise<void> {
    const pid = this.pid
    this.child.stdin.end()
    if (pid !== undefined) {
      const ref = () => ({rootPid: pid, marker: `${MARKER_VAR}=${this.spec.marker}`, rootAlive: this.exitInfo === undefined})
      if (this.running) await within(this.exited, t.afterStdinMs)
      if (!(await waitGone(ref, 0))) {
        signalLaunch(ref(), 'SIGTERM')
        if (!(await waitGone(ref, t.afterTermMs))) {
          signalLaunch(ref(), 'SIGKILL')
          await waitGone(ref, t.afterKillMs)
        }
      }
      await within(this.exited, t.afterKillMs)
    }
    this.child.stdout.destroy()
    this.child.stderr.destroy()
  }
}

/** Wait for `p`, at most `ms`; the timer is cleared as soon as `p` settles, so it never holds the process open. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([p.then(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer))
}
