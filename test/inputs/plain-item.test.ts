// The by-hand check of manifest items (inputs/views.ts) lets scan skip loading zod; it must never
// pass an item the zod schemas reject, or a malformed manifest would scan without its error.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {checkItems, ITEM_KINDS, plainItem} from '../../src/inputs/views.js'
import {itemSchemas, type ManifestItemKind} from '../../src/model/manifest.js'

const seed = Number(process.env.FUZZ_SEED ?? 11)

// Values of every JSON (and YAML) type, with the field names the schemas look at, so that generated
// items often come near the accepted shapes and fail them by one field.
const FIELDS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations', 'arguments', 'uri', 'uriTemplate', 'mimeType', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint', 'required', 'type']
const leaf = fc.oneof(fc.string({maxLength: 4}), fc.boolean(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.date({noInvalidDate: true}))
const value = fc.letrec((tie) => ({
  any: fc.oneof({depthSize: 'small', withCrossShrink: true}, leaf, tie('obj'), tie('arr')),
  obj: fc.dictionary(fc.constantFrom(...FIELDS), tie('any'), {maxKeys: 6}),
  arr: fc.array(tie('any'), {maxLength: 3}),
})).any

// Items that pass mostly, with one field perturbed, or none.
function nearly(kind: ManifestItemKind) {
  const base = {
    tool: {name: 't', title: 'T', description: 'd', inputSchema: {type: 'object'}, outputSchema: {}, annotations: {title: 'a', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false}},
    prompt: {name: 'p', title: 'P', description: 'd', arguments: [{name: 'a', description: 'd', required: true}]},
    resource: {uri: 'file:///x', name: 'n', title: 'T', description: 'd', mimeType: 'text/plain'},
    resourceTemplate: {uriTemplate: 'file:///{x}', name: 'n', title: 'T', description: 'd', mimeType: 'text/plain'},
  }[kind] as Record<string, unknown>
  return fc.record({drop: fc.subarray(Object.keys(base)), set: fc.dictionary(fc.constantFrom(...FIELDS), value, {maxKeys: 2}), deep: fc.option(fc.tuple(fc.constantFrom('annotations', 'arguments'), value))}).map(({drop, set, deep}) => {
    const item: Record<string, unknown> = structuredClone(base)
    for (const k of drop) delete item[k]
    Object.assign(item, set)
    if (deep && kind === 'tool' && deep[0] === 'annotations') item.annotations = {...(item.annotations as object), readOnlyHint: deep[1]}
    if (deep && kind === 'prompt' && deep[0] === 'arguments') item.arguments = [{name: 'a'}, deep[1]]
    return item
  })
}

describe('plainItem', () => {
  for (const kind of ITEM_KINDS) {
    it(`passes only ${kind}s that zod passes, and passes the common ones`, () => {
      let passed = 0
      fc.assert(
        fc.property(fc.oneof(nearly(kind), value), (item) => {
          if (!plainItem(kind, item)) return
          passed++
          expect(itemSchemas()[kind].safeParse(item).success).toBe(true)
        }),
        {seed, numRuns: 3000},
      )
      // The check is not vacuous: near-valid items do pass it.
      expect(passed).toBeGreaterThan(100)
    })
  }

  it('leaves holes in a prompt argument list to zod', () => {
    // eslint-disable-next-line no-sparse-arrays
    const item = {name: 'p', arguments: [{name: 'a'}, , {name: 'b'}]}
    expect(plainItem('prompt', item)).toBe(false)
    expect(checkItems('prompt', [item], '/prompts')).toBeDefined()
  })

  it('still reports a malformed item with zod', () => {
    expect(checkItems('tool', [{name: 't'}, {name: 3}], '/tools')).toEqual({pointer: '/tools/1/name', message: 'tool name: invalid input: expected string, received number'})
  })
})
