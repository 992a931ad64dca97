// Precision on real-world configs: the examples that servers' READMEs tell users to paste, and the
// realistic per-client fixtures, must not fail CI at --fail-on high because of the config rules.
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {LoadedPolicy} from '../../src/policy/load.js'
import {scanPaths} from '../../src/scan/scan.js'
import {CONFIGS} from './helpers.js'

const CONFIG_RULES = new Set(['inline-secret', 'unpinned-package', 'package-typosquat', 'remote-code-pipe', 'insecure-remote', 'privileged-container'])
const NO_POLICY: LoadedPolicy = {policy: {}, locate: () => ({line: 1, column: 1})}

function severe(paths: string[]): string[] {
  return scanPaths(paths, NO_POLICY)
    .findings.filter((f) => CONFIG_RULES.has(f.ruleId) && (f.severity === 'critical' || f.severity === 'high'))
    .map((f) => `${path.relative(CONFIGS, f.location.file)}:${f.location.line} ${f.ruleId}`)
}

describe('benign configs', () => {
  it('README examples: placeholders are not secrets, official names are not squats; only the home mount is high', () => {
    expect(severe([path.join(CONFIGS, 'readme-examples')])).toEqual(['readme-examples/docker-servers.json:27 privileged-container'])
  })

  it('the per-client fixtures raise nothing at high', () => {
    const clients = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'cline', 'continue', 'zed', 'gemini', 'codex', 'goose']
    expect(severe(clients.map((c) => path.join(CONFIGS, c)))).toEqual([])
  })
})
