// A server that takes a fixed time to start (`node slow-start.mjs MS`), as an `npx` server that
// downloads or a Python server that imports for a second does: the lock suite locks several of them
// to show that `lock` probes them at once. It reads nothing before the delay, so the client's
// `initialize` waits in the pipe.
import {serve, text} from '../../fixtures/servers/lib/stdio-server.mjs'

const ms = Number(process.argv[2] ?? 1000)
await new Promise((resolve) => setTimeout(resolve, ms))
serve({
  name: `slow-start-${ms}`,
  tools: () => [
    {name: 'echo', description: 'Return the text it is given.', inputSchema: {type: 'object', properties: {text: {type: 'string'}}}, annotations: {readOnlyHint: true}},
    {name: 'now', description: 'Return the current time.', inputSchema: {type: 'object'}, annotations: {readOnlyHint: true}},
  ],
  call: (name, args) => text(name === 'echo' ? String(args.text ?? '') : new Date().toISOString()),
})
