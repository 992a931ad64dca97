#!/usr/bin/env node
// Entry point of the mcp-warden CLI: hands argv to oclif, which loads commands from dist/commands
// through the manifest generated at build time (so start-up does not scan the commands folder).
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
