// The same `blob` tool as sdk-blob.mjs on the dependency-free stdio server of the fixtures: what a
// proxy costs next to a server that itself costs almost nothing.
import {serve, text} from '../../fixtures/servers/lib/stdio-server.mjs'
import {blob} from './blob.mjs'

serve({
  name: 'bench-raw-blob',
  tools: () => [{name: 'blob', description: 'Return a text of the given size.', inputSchema: {type: 'object', properties: {bytes: {type: 'number'}}, required: ['bytes']}, annotations: {readOnlyHint: true}}],
  call: (_name, args) => text(blob(args.bytes)),
})
