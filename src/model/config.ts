// A server as a client config declares it, normalized across clients (Claude, Cursor, VS Code, Zed,
// Codex, goose, Continue...). The raw entry is kept with pointers to each field, so config rules
// can point at the exact line of an `env` value or an argument.

export type Transport = 'stdio' | 'http' | 'sse'

export type ClientKind =
  | 'claude-desktop'
  | 'claude-code'
  | 'cursor'
  | 'vscode'
  | 'windsurf'
  | 'cline'
  | 'continue'
  | 'zed'
  | 'gemini'
  | 'codex'
  | 'goose'
  | 'generic'

export interface ServerConfig {
  /** Server name: the key in the config (or `name` in list-shaped configs). */
  name: string
  client: ClientKind
  /** Config file the entry came from, as the user gave it or relative to the working folder. */
  file: string
  /** JSON pointer of the entry in that file. */
  pointer: string
  transport: Transport
  command?: string
  args: string[]
  env: Record<string, string>
  url?: string
  headers: Record<string, string>
  cwd?: string
  disabled?: boolean
  /** Pointers of the normalized fields inside the file, for precise findings. */
  pointers: {
    command?: string
    args?: string
    env?: string
    url?: string
    headers?: string
  }
  /** The entry as written, unknown fields included. */
  raw: Record<string, unknown>
}

export interface ClientConfig {
  file: string
  client: ClientKind
  servers: ServerConfig[]
}
