// Property-based tests of the stdio framing (src/proxy/framing.ts), the short campaign of issue 7;
// `npm run fuzz` runs the same property (test/fuzz/properties.mjs) for longer against dist/.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {LineSplitter} from '../../src/proxy/framing.js'
import {framingProperty, type Stats} from './properties.mjs'

// Fixed, so the suite is deterministic; FUZZ_SEED explores others. fast-check prints the seed and path of a failure.
const seed = Number(process.env.FUZZ_SEED ?? 7)

describe('framing: fuzzed', () => {
  it('yields exactly the lines sent, in order, however chunked; holds no more than the limit', () => {
    const stats: Stats = {}
    fc.assert(framingProperty(fc, {LineSplitter}, stats), {seed, numRuns: 400})
    // The campaign did exercise what it claims to.
    expect(stats.cases).toBe(400)
    expect(stats.messages).toBeGreaterThan(800)
  })
})
