// mcp-warden's own messages while proxying: always on stderr (stdout carries only protocol bytes),
// one line each, prefixed with the server's name, and masked, because reasons quote what they found.

import {maskSecrets} from '../secrets/patterns.js'

export interface ProxyLog {
  (message: string): void
}

export function stderrLog(server: string, stream: NodeJS.WritableStream = process.stderr): ProxyLog {
  const prefix = `mcp-warden[${server}]: `
  return (message) => {
    stream.write(prefix + maskSecrets(message).replaceAll('\n', '\n' + ' '.repeat(prefix.length)) + '\n')
  }
}
