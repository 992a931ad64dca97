#!/usr/bin/env node
// Entry point of the bundled CLI (see scripts/bundle-action.mjs). Generated: do not edit.
import {execute} from './mcp-warden.mjs'

await execute({dir: import.meta.url})
