// Append-only file writer for the audit log and the session recording: callers queue cheap work on
// the message path; serializing and writing happen later, in batches, with one asynchronous write
// at a time so lines land in order. A failing file (full disk, EACCES) is reported once and then
// ignored: the proxy keeps forwarding rather than cutting the user off from the server (docs/wrap.md).

import {closeSync, fsyncSync, openSync, write, writeSync} from 'node:fs'

export interface AppenderOptions {
  /** What the file is, for the one error message (`audit log`, `recording`). */
  label: string
  report(message: string): void
}

/** Turns queued items into the bytes of their lines; runs off the message path, in queue order. */
export type Render<T> = (items: T[]) => Buffer

export class Appender<T> {
  private fd = -1
  private queue: T[] = []
  private scheduled = false
  private inFlight = false
  private failed = false
  private idle: Array<() => void> = []
  private readonly onExit = () => this.flushSync()

  constructor(
    readonly file: string,
    private readonly render: Render<T>,
    private readonly opts: AppenderOptions,
  ) {
    try {
      this.fd = openSync(file, 'a')
    } catch (error) {
      this.fail(error)
    }
    // Last resort for an exit we did not plan (an uncaught error): what is queued still gets written.
    process.on('exit', this.onExit)
  }

  get ok(): boolean {
    return !this.failed
  }

  add(item: T): void {
    if (this.failed) return
    this.queue.push(item)
    if (!this.scheduled && !this.inFlight) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Resolves when everything queued so far is written (or the file has failed). */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Write what is queued now, synchronously (the last write of a session, or an unplanned exit). */
  flushSync(): void {
    if (this.failed || this.fd < 0 || this.queue.length === 0) return
    const items = this.queue
    this.queue = []
    try {
      writeFully(this.fd, this.render(items))
    } catch (error) {
      this.fail(error)
    }
  }

  /** Wait for the write in flight, write the rest synchronously, sync to disk and close. */
  async close(): Promise<void> {
    while (this.inFlight) await new Promise<void>((resolve) => this.idle.push(resolve))
    this.flushSync()
    process.off('exit', this.onExit)
    if (this.fd >= 0) {
      try {
        fsyncSync(this.fd)
      } catch {
        // fsync is unsupported on some files (pipes, /dev/null): the data is written all the same.
      }
      try {
        closeSync(this.fd)
      } catch (error) {
        this.fail(error)
      }
      this.fd = -1
    }
    this.wake()
  }

  private flush(): void {
    this.scheduled = false
    if (this.failed || this.inFlight || this.queue.length === 0) {
      this.wake()
      return
    }
    const items = this.queue
    this.queue = []
    let buf: Buffer
    try {
      buf = this.render(items)
    } catch (error) {
      this.fail(error)
      return
    }
    this.inFlight = true
    this.writeAsync(buf, 0)
  }

  private writeAsync(buf: Buffer, offset: number): void {
    write(this.fd, buf, offset, buf.length - offset, null, (error, written) => {
      if (error) {
        this.inFlight = false
        this.fail(error)
        return
      }
      if (offset + written < buf.length) {
        this.writeAsync(buf, offset + written)
        return
      }
      this.inFlight = false
      if (this.queue.length > 0) this.flush()
      else this.wake()
    })
  }

  private wake(): void {
    if (this.inFlight || (this.queue.length > 0 && !this.failed)) return
    const waiting = this.idle
    this.idle = []
    for (const resolve of waiting) resolve()
  }

  private fail(error: unknown): void {
    if (!this.failed) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      this.opts.report(`cannot write the ${this.opts.label} ${this.file}: ${code}; forwarding goes on without it\n  hint: check the path, its permissions and the free disk space`)
    }
    this.failed = true
    this.queue = []
    this.wake()
  }
}

function writeFully(fd: number, buf: Buffer): void {
  let offset = 0
  while (offset < buf.length) offset += writeSync(fd, buf, offset, buf.length - offset)
}
