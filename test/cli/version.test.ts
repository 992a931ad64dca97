// bin/run.js answers `--version` without loading oclif (start-up); the line must stay the one oclif
// prints, which scripts parse.
import {Config} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

describe('--version', () => {
  it('prints exactly what oclif would, and exits 0', async () => {
    const config = await Config.load(ROOT)
    const r = runCli(['--version'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`${config.userAgent}\n`)
  })

  it('is still a flag only in first place: elsewhere oclif parses it', () => {
    const r = runCli(['rules', '--version'])
    expect(r.stdout).not.toMatch(/^mcp-warden\/\d/)
  })
})
