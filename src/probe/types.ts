// The probe contract: launch one configured server in the sandbox, perform the handshake, read every
// page of every list, never call a tool, and leave no process behind. Used by `lock` and `check`.

import type {ServerConfig} from '../model/config.js'
import type {ServerManifest} from '../model/manifest.js'

export type SandboxMode = 'auto' | 'strict' | 'basic' | 'off'
/** The level actually used: `auto` resolves to `strict` when bubblewrap works, else `basic`. */
export type SandboxLevel = 'strict' | 'basic' | 'off'

export interface ProbeOptions {
  /** Covers start-up, handshake and listing. */
  timeoutMs: number
  sandbox: SandboxMode
  /** Folder relative commands and `cwd` are resolved against (the config file's project root). */
  projectRoot: string
  /** Where to take the values of the variables the config names (default: process.env). Nothing else from it reaches the server. */
  env?: NodeJS.ProcessEnv
  /** Bytes a server may print on stdout before the probe fails (default 16 MiB); stderr keeps only its last 64 KiB. */
  maxOutputBytes?: number
  /** Values for VS Code `${input:id}` references (mcp-warden cannot prompt for them). */
  inputs?: Record<string, string>
  /** Pages read from one list before the probe fails (default 1000). */
  maxPages?: number
  /** Items read from one list before the probe fails (default 10000). */
  maxItems?: number
}

export interface ProbeResult {
  server: string
  manifest: ServerManifest
  protocolVersion: string
  handshake: 'discover' | 'initialize'
  sandbox: SandboxLevel
  /** Last lines of the server's stderr (secrets masked). */
  stderrTail: string
  /** Resolved package identity when the command runs one (npx pkg@ver, uvx, docker image). */
  package?: {ecosystem: 'npm' | 'pypi' | 'docker' | 'other'; name: string; version?: string}
  /** What actually ran (after `npx pkg` became `node <bin>`, relative paths made absolute); not for the lock. */
  ran?: {command: string; args: string[]}
  /** Things the user should know about how it ran (why `auto` used basic, which installed copy ran). */
  notes?: string[]
}

export interface ProbeOutcome {
  config: ServerConfig
  result?: ProbeResult
  /** Why it failed, with the stderr tail; the command reports it and exits 4. */
  error?: {message: string; stderrTail: string; hint?: string}
}
