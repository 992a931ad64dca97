// Benchmark server built the way most servers are, on the MCP SDK: `blob` returns a text result of
// `bytes` characters, built once per size so the server's own cost is flat across the runs.
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {z} from 'zod'

const blobs = new Map()
const blob = (n) => {
  if (!blobs.has(n)) blobs.set(n, 'lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(Math.ceil(n / 57)).slice(0, n))
  return blobs.get(n)
}

const server = new McpServer({name: 'bench-sdk-blob', version: '1.0.0'})
server.registerTool(
  'blob',
  {description: 'Return a text of the given size.', inputSchema: {bytes: z.number().int().nonnegative()}, annotations: {readOnlyHint: true}},
  async ({bytes}) => ({content: [{type: 'text', text: blob(bytes)}]}),
)
await server.connect(new StdioServerTransport())
