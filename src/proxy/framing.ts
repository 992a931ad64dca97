// Newline framing on raw bytes for the stdio proxy: lines are views into the chunks they arrived in
// (a copy only when a line spans chunks), and a line over the limit is discarded as it streams, so
// one endless line cannot grow memory without bound (FACTS.md: upstream stdio bugs).

/** Bytes kept from each end of an oversized line, enough to find a top-level `id` and `method`. */
const KEEP_HEAD = 4096
const KEEP_TAIL = 1024

const LF = 0x0a
const CR = 0x0d

export interface FrameSink {
  /**
   * One complete, non-blank line. `raw` excludes the terminator; `frame` is the same bytes with the
   * terminator as received (LF or CRLF), to forward unchanged. Both may be views into a chunk.
   */
  line(raw: Buffer, frame: Buffer): void
  /** A line longer than the limit: only its first and last bytes were kept; `bytes` is its full size. */
  oversize(head: Buffer, tail: Buffer, bytes: number): void
}

export class LineSplitter {
  private parts: Buffer[] = []
  private pending = 0
  private discarding = false
  private head: Buffer = Buffer.alloc(0)
  private tail: Buffer = Buffer.alloc(0)
  private discarded = 0

  constructor(
    private readonly max: number,
    private readonly sink: FrameSink,
  ) {}

  /** Bytes of an unfinished line (or of the discarded one) still waiting for their newline. */
  get buffered(): number {
    return this.discarding ? this.discarded : this.pending
  }

  push(chunk: Buffer): void {
    let start = 0
    let nl = chunk.indexOf(LF)
    while (nl !== -1) {
      if (this.discarding) {
        this.discardPiece(chunk.subarray(start, nl))
        this.finishDiscard()
      } else if (this.pending > 0) {
        const piece = chunk.subarray(start, nl + 1)
        if (this.pending + nl - start > this.max + 1) {
          this.startDiscard()
          this.discardPiece(chunk.subarray(start, nl))
          this.finishDiscard()
        } else {
          this.parts.push(piece)
          const frame = Buffer.concat(this.parts, this.pending + piece.length)
          this.parts = []
          this.pending = 0
          this.emit(frame)
        }
      } else {
        this.emit(chunk.subarray(start, nl + 1))
      }
      start = nl + 1
      nl = chunk.indexOf(LF, start)
    }
    if (start < chunk.length) this.hold(start === 0 ? chunk : chunk.subarray(start))
  }

  /** End of stream: returns the size of an unterminated last line, which is dropped (it is not a message). */
  end(): number {
    const left = this.buffered
    this.parts = []
    this.pending = 0
    this.discarding = false
    this.discarded = 0
    return left
  }

  private emit(frame: Buffer): void {
    let end = frame.length - 1
    if (end > 0 && frame[end - 1] === CR) end--
    if (end > this.max) {
      // The head stops at the line's end, as when the line is discarded piece by piece: the ends
      // reported do not depend on how the bytes were chunked.
      this.sink.oversize(Buffer.from(frame.subarray(0, Math.min(KEEP_HEAD, end))), Buffer.from(frame.subarray(Math.max(0, end - KEEP_TAIL), end)), end)
      return
    }
    if (isBlank(frame, end)) return
    this.sink.line(frame.subarray(0, end), frame)
  }

  private hold(piece: Buffer): void {
    if (this.discarding) {
      this.discardPiece(piece)
      return
    }
    // The CR of a CRLF may be the last byte held: allow one byte of slack over the limit for it.
    if (this.pending + piece.length > this.max + 1) {
      this.startDiscard()
      this.discardPiece(piece)
      return
    }
    this.parts.push(piece)
    this.pending += piece.length
  }

  private startDiscard(): void {
    const held = Buffer.concat(this.parts, this.pending)
    this.head = Buffer.from(held.subarray(0, KEEP_HEAD))
    this.tail = Buffer.from(held.subarray(Math.max(0, held.length - KEEP_TAIL - 1)))
    this.discarded = this.pending
    this.parts = []
    this.pending = 0
    this.discarding = true
  }

  private discardPiece(piece: Buffer): void {
    this.discarded += piece.length
    if (this.head.length < KEEP_HEAD) this.head = Buffer.concat([this.head, piece.subarray(0, KEEP_HEAD - this.head.length)])
    // Copy what we keep so the chunk itself can be freed. One byte more than the tail: the line's
    // last byte may be the CR of its CRLF, dropped at the end.
    this.tail =
      piece.length > KEEP_TAIL ? Buffer.from(piece.subarray(piece.length - KEEP_TAIL - 1)) : Buffer.from(Buffer.concat([this.tail, piece]).subarray(-KEEP_TAIL - 1))
  }

  private finishDiscard(): void {
    let tail = this.tail
    let bytes = this.discarded
    if (tail.length > 0 && tail[tail.length - 1] === CR) {
      tail = tail.subarray(0, tail.length - 1)
      bytes--
    }
    if (tail.length > KEEP_TAIL) tail = tail.subarray(tail.length - KEEP_TAIL)
    // A line shorter than the head kept its CR in the head too.
    const head = this.head.length > bytes ? this.head.subarray(0, bytes) : this.head
    this.discarding = false
    this.discarded = 0
    this.head = Buffer.alloc(0)
    this.tail = Buffer.alloc(0)
    this.sink.oversize(head, tail, bytes)
  }
}

function isBlank(frame: Buffer, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = frame[i]
    if (b !== 0x20 && b !== 0x09 && b !== CR) return false
  }
  return true
}
