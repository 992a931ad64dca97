// The wrapped server process: spawned in its own process group (so a signal reaches every process it
// started: `npx` runs node, which may run more), ended by the MCP shutdown sequence (stdin EOF, then
// SIGTERM, then SIGKILL), and swept after it exits so nothing it left behind outlives `wrap`.

import {spawn, type ChildProcessByStdio} from 'node:child_process'
import type {Readable, Writable} from 'node:stream'

export interface ServerExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** The launch itself failed (command not found, not executable). */
  error?: NodeJS.ErrnoException
}

const GROUPS = process.platform !== 'win32'

export class ServerProcess {
  readonly child: ChildProcessByStdio<Writable, Readable, null>
  /** Resolves once the process has exited and its stdout is closed (everything it wrote has been read). */
  readonly exited: Promise<ServerExit>
  private exit?: ServerExit
  private timers: NodeJS.Timeout[] = []
  private stopping = false

  constructor(command: string, args: string[], opts: {env?: NodeJS.ProcessEnv; cwd?: string; graceMs: number}) {
    this.graceMs = opts.graceMs
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: GROUPS,
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      windowsHide: true,
    })
    this.exited = new Promise((resolve) => {
      let stdoutClosed = false
      let swept = false
      const finish = () => {
        if (!this.exit || !stdoutClosed || !swept) return
        this.clearTimers()
        resolve(this.exit)
      }
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        if (this.child.pid !== undefined) return
        this.exit = {code: null, signal: null, error}
        stdoutClosed = swept = true
        finish()
      })
      this.child.once('exit', (code, signal) => {
        this.exit = {code, signal}
        this.clearTimers()
        // A grandchild that inherited stdout can keep it open after the server is gone; the sweep
        // kills it, and this timer keeps a pipe held by anything else from holding `wrap` forever.
        const t = setTimeout(() => {
          stdoutClosed = true
          finish()
        }, this.graceMs + 1500)
        t.unref()
        this.timers.push(t)
        void this.sweep().then(() => {
          swept = true
          finish()
        })
      })
      this.child.stdout.once('close', () => {
        stdoutClosed = true
        finish()
      })
    })
    // Writes racing the server's exit fail with EPIPE; the exit itself is what we act on.
    this.child.stdin.on('error', () => {})
    // If `wrap` itself dies (a bug, an uncaught error), its server must not outlive it.
    process.on('exit', this.killOnExit)
    void this.exited.then(() => process.off('exit', this.killOnExit))
  }

  private readonly killOnExit = () => {
    if (this.running) this.signal('SIGKILL')
  }

  private readonly graceMs: number

  get pid(): number | undefined {
    return this.child.pid
  }

  get running(): boolean {
    return this.exit === undefined
  }

  /** Send a signal to the server's whole process group. */
  signal(signal: NodeJS.Signals): boolean {
    const pid = this.child.pid
    if (pid === undefined) return false
    try {
      if (GROUPS) process.kill(-pid, signal)
      else this.child.kill(signal)
      return true
    } catch {
      return false
    }
  }

  /**
   * The MCP shutdown: close the server's stdin (done by the caller once its last message is written),
   * SIGTERM after the grace period, SIGKILL after another. Returns the signal that ended it, if any.
   */
  stop(opts: {now?: NodeJS.Signals} = {}): void {
    if (!this.running) return
    if (opts.now) this.signal(opts.now)
    if (this.stopping) return
    this.stopping = true
    const term = opts.now ? undefined : setTimeout(() => this.signal('SIGTERM'), this.graceMs)
    const kill = setTimeout(() => this.signal('SIGKILL'), opts.now ? this.graceMs : this.graceMs * 2)
    if (term) this.timers.push(term)
    this.timers.push(kill)
  }

  /** After the leader exits, end whatever is left in its group: SIGTERM, then SIGKILL. */
  private async sweep(): Promise<void> {
    if (!GROUPS || this.child.pid === undefined) return
    const group = -this.child.pid
    if (!alive(group)) return
    try {
      process.kill(group, 'SIGTERM')
    } catch {
      return
    }
    const deadline = Date.now() + Math.min(this.graceMs, 1000)
    while (alive(group) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    if (!alive(group)) return
    try {
      process.kill(group, 'SIGKILL')
    } catch {
      // Gone in the meantime.
    }
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
  }
}

function alive(pidOrGroup: number): boolean {
  try {
    process.kill(pidOrGroup, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
