#!/usr/bin/env node
// `npm run eval`: detection figures from the built package (run `npm run build` first); the logic is in
// src/eval so the test suite can hold the same figures to thresholds.
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
let mod
try {
  mod = await import(path.join(root, 'dist/eval/index.js'))
} catch (error) {
  console.error(`eval: cannot load dist/eval (${error.message}); run \`npm run build\` first`)
  process.exit(2)
}
process.exitCode = mod.main(process.argv.slice(2), root)
