// Benchmark server built the way most servers are, on the MCP SDK: `blob` returns a realistic text
// result of `bytes` characters, different on every call (see blob.mjs).
import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {z} from 'zod'
import {blob} from './blob.mjs'

const server = new McpServer({name: 'bench-sdk-blob', version: '1.0.0'})
server.registerTool(
  'blob',
  {description: 'Return a text of the given size.', inputSchema: {bytes: z.number().int().nonnegative()}, annotations: {readOnlyHint: true}},
  async ({bytes}) => ({content: [{type: 'text', text: blob(bytes)}]}),
)
await server.connect(new StdioServerTransport())
