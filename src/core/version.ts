// The package version, read once from package.json (two levels up from src/core and dist/core).
import {readFileSync} from 'node:fs'

export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version

export const TOOL = {name: 'mcp-warden', version: VERSION} as const
