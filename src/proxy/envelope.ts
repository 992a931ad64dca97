// The JSON-RPC envelope (id, method) of a message the proxy cannot or need not parse whole: a line
// over the size limit, of which only the first and last bytes were kept. Writers put `id` either
// first (`{"jsonrpc":"2.0","id":1,...`) or last (the SDK spreads the request, then adds `id`), so
// looking at both ends finds it without reading the middle.

export type JsonRpcId = string | number

export interface Envelope {
  id?: JsonRpcId
  method?: string
  /** The head shows `params` before any `method`: only a request or notification has params. */
  params?: true
}

// A number whole, exponent included (JSON.stringify writes 1e21 as `1e+21`, 5e-324 as is): cut at
// the `e`, an id would be read as another, and its error sent to a different request.
const VALUE = String.raw`(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,}])|"(?:[^"\\]|\\.){0,256}")`
// Top-level members near the start: `{` then at most a couple of short scalar members before ours.
const HEAD_ID = new RegExp(String.raw`^\s*\{(?:\s*"(?:jsonrpc|method)"\s*:\s*"(?:[^"\\]|\\.){0,256}"\s*,)*\s*"id"\s*:\s*` + VALUE)
const HEAD_METHOD = new RegExp(String.raw`^\s*\{(?:\s*"(?:jsonrpc|id)"\s*:\s*` + VALUE + String.raw`\s*,)*\s*"method"\s*:\s*("(?:[^"\\]|\\.){0,256}")`)
// `params` as a top-level member before the method: a writer that puts the arguments first. A
// response has no params, so this is a request even though its method is in the unread middle.
const HEAD_PARAMS = new RegExp(String.raw`^\s*\{(?:\s*"(?:jsonrpc|id)"\s*:\s*` + VALUE + String.raw`\s*,)*\s*"params"\s*:`)
// Last member of the top-level object: `"id":5}` at the very end.
const TAIL_ID = new RegExp(String.raw`"id"\s*:\s*` + VALUE + String.raw`\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$`)

export function peekEnvelope(head: Buffer, tail: Buffer): Envelope {
  const h = head.toString('latin1')
  const t = tail.toString('latin1')
  const out: Envelope = {}
  const id = HEAD_ID.exec(h)?.[1] ?? TAIL_ID.exec(t)?.[1]
  if (id !== undefined) out.id = parseScalar(id) as JsonRpcId
  const method = HEAD_METHOD.exec(h)?.[2]
  if (method !== undefined) out.method = parseScalar(method) as string
  else if (HEAD_PARAMS.test(h)) out.params = true
  return out
}

function parseScalar(text: string): unknown {
  try {
    // latin1 kept the UTF-8 bytes one per char; undo that before parsing a string.
    return JSON.parse(Buffer.from(text, 'latin1').toString('utf8'))
  } catch {
    return undefined
  }
}
