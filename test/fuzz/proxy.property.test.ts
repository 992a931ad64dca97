// Property-based tests of the stdio proxy with the real runtime pipeline (issue 7): generated
// sessions in both directions between a scripted client and an in-process stub server. The short
// campaign; `npm run fuzz` runs the same property (test/fuzz/properties.mjs) longer against dist/.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {createPipeline} from '../../src/pipeline/create.js'
import {startProxy} from '../../src/proxy/proxy.js'
import {proxyProperty, type Stats} from './properties.mjs'

const seed = Number(process.env.FUZZ_SEED ?? 7)
const sut = {startProxy, createPipeline}

describe('proxy: fuzzed sessions', () => {
  it('forwards what passes byte for byte and in order, answers every request once, never hangs', async () => {
    const stats: Stats = {}
    await fc.assert(proxyProperty(fc, sut, stats), {seed, numRuns: 150})
    expect(stats.cases).toBe(150)
    // The sessions went through the pipeline's refusals and the size limit, not only `allow`.
    expect(stats.actions).toMatchObject({allow: expect.any(Number), reject: expect.any(Number), oversize: expect.any(Number)})
    expect(stats.answers).toBeGreaterThan(150)
  })
})
