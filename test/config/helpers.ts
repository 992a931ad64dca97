// In-process helpers for config tests: parse a config text as a file of that name, run one rule on it.
import path from 'node:path'
import {InputError} from '../../src/core/errors.js'
import type {Finding} from '../../src/core/finding.js'
import {parseClientConfig} from '../../src/config/parse.js'
import {configView} from '../../src/inputs/views.js'
import type {ServerConfig} from '../../src/model/config.js'
import {runRules} from '../../src/rules/engine.js'
import {requireRule} from '../../src/rules/registry.js'
import {formatFromName, parseSource, readSource, type SourceDocument} from '../../src/source/document.js'
import {ROOT} from '../helpers/cli.js'

export const CONFIGS = path.join(ROOT, 'fixtures/configs')

export function doc(file: string, text: string): SourceDocument {
  return parseSource(file, text, formatFromName(file))
}

/** The servers of a config text, keyed by name. */
export function servers(file: string, text: string): Map<string, ServerConfig> {
  return new Map(parseClientConfig(doc(file, text)).servers.map((s) => [s.name, s]))
}

/** Run the given rules on a config document. */
export function runOn(d: SourceDocument, ...ids: string[]): Finding[] {
  const cfg = parseClientConfig(d)
  const scope = {servers: [], texts: [], configs: cfg.servers.map((s) => configView(s, {file: d.file, doc: d}))}
  return runRules(scope, ids.map((id) => requireRule(id)))
}

/** Run one rule on a config text (JSON unless the name says otherwise). */
export function check(id: string, text: string, file = '.mcp.json'): Finding[] {
  return runOn(doc(file, text), id)
}

/** A one-server `.mcp.json` text. */
export function mcpJson(entry: Record<string, unknown>, name = 's'): string {
  return JSON.stringify({mcpServers: {[name]: entry}}, null, 2)
}

export function readFixture(rel: string): SourceDocument {
  return readSource(path.join(ROOT, rel))
}

/** The InputError `fn` throws; fails the test when it throws nothing or something else. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}
