// Types for test/fuzz/properties.mjs (plain JavaScript so `node scripts/fuzz.mjs` runs it against dist/).
import type fc from 'fast-check'

type FastCheck = typeof fc

export interface FramingSut {
  LineSplitter: new (max: number, sink: {line(raw: Buffer, frame: Buffer): void; oversize(head: Buffer, tail: Buffer, bytes: number): void}) => {
    push(chunk: Buffer): void
    end(): number
    readonly buffered: number
  }
}

export interface ProxySut {
  startProxy: (opts: any) => {done: Promise<unknown>}
  createPipeline: (opts: any) => {process(event: any): any}
}

export interface Stats {
  cases?: number
  messages?: number
  bytes?: number
  answers?: number
  peakHeld?: number
  actions?: Record<string, number>
}

export declare const KEEP_HEAD: number
export declare const KEEP_TAIL: number
export declare function modelFrames(bytes: Buffer, max: number): {frames: Array<{oversize: boolean; bytes: number; raw: Buffer; frame: Buffer}>; rest: number}
export declare function framingProperty(fc: FastCheck, sut: FramingSut, stats?: Stats): ReturnType<FastCheck['property']>
export declare function proxyProperty(fc: FastCheck, sut: ProxySut, stats?: Stats, opts?: {timeoutMs?: number; graceMs?: number}): ReturnType<FastCheck['asyncProperty']>
export declare function runProxyCase(c: unknown, sut: ProxySut, opts?: {timeoutMs?: number; graceMs?: number}): Promise<Stats & {c2s: number; s2c: number}>
export declare function proxyCaseArb(fc: FastCheck): ReturnType<FastCheck['record']>
export declare function framingCaseArb(fc: FastCheck): ReturnType<FastCheck['record']>
