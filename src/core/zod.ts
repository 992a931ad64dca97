// zod, loaded on the first validation rather than at start-up: importing it costs about 55 ms
// (95 files, with every locale), a tenth of a scan of a small JSON file, and a valid tools/list
// never needs it (inputs/views.ts checks the common shapes by hand first). Loaded with require so
// that validation stays synchronous. That is zod's CommonJS build: no module imports zod's ESM
// build at run time (only its types), so every schema is built on this one copy.

import {createRequire} from 'node:module'
import type {z as Z} from 'zod'

let lib: typeof Z | undefined

export function zod(): typeof Z {
  return (lib ??= (createRequire(import.meta.url)('zod') as typeof import('zod')).z)
}

/** Schemas built with zod on first use, once: `build` receives zod; the types come from what it returns. */
export function lazySchemas<T>(build: (z: typeof Z) => T): () => T {
  let built: T | undefined
  return () => (built ??= build(zod()))
}
