// The text the benchmark servers' `blob` tool returns: a realistic tool result (bench/corpus.mjs) of
// the asked size, built once per size so the server's own cost stays flat, with the call number in
// front so no two calls return the same text. The rule engine caches its analyses by whole text; a
// server returning the same text every call would measure that cache, not scanning.
import {resultText} from '../corpus.mjs'

const bases = new Map()
let calls = 0

export function blob(bytes) {
  if (!bases.has(bytes)) bases.set(bytes, resultText(bytes, bytes))
  const tag = `call ${++calls}\n`
  return bytes <= tag.length ? tag.slice(0, bytes) : tag + bases.get(bytes).slice(tag.length)
}
