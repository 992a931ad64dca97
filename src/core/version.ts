// The package version. The GitHub Action's bundle (scripts/bundle-action.mjs) has no package.json two
// levels up, so esbuild writes the version in at bundle time; everywhere else it is read once from
// package.json (two levels up from src/core and dist/core).
import {readFileSync} from 'node:fs'

declare const __MCP_WARDEN_VERSION__: string | undefined

export const VERSION: string =
  typeof __MCP_WARDEN_VERSION__ === 'string' ? __MCP_WARDEN_VERSION__ : JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version

export const TOOL = {name: 'mcp-warden', version: VERSION} as const
