// What a config entry actually runs. The program may sit behind a wrapper (`cmd /c`, `sh -c "..."`,
// `env X=1`, `powershell -Command`), and a shell script may chain several commands: config rules see
// every simple command with, for each word, the pointer of the field it was written in, so a finding
// about `npx pkg` inside `bash -c "..."` still lands on that argument's line.

import type {ServerConfig} from '../model/config.js'
import {argPointer} from './parse.js'

export interface Token {
  text: string
  /** JSON pointer of the config field this word was written in. */
  pointer: string
}

export interface SimpleCommand {
  /** argv[0] is the program. */
  argv: Token[]
  /** Wrappers this command was found behind, outermost first (`sh -c`, `cmd /c`, `env`). */
  via: string[]
}

/** `C:\Program Files\nodejs\npx.cmd` → `npx`; `/usr/bin/python3.12` stays `python3.12`. */
export function programName(command: string): string {
  const base = command.replace(/\\/g, '/').split('/').pop() ?? command
  return base.toLowerCase().replace(/\.(?:exe|cmd|bat|ps1|com)$/, '')
}

/** The entry's command and arguments as tokens with their pointers. */
export function launchTokens(entry: ServerConfig): Token[] {
  if (entry.command === undefined) return []
  return [{text: entry.command, pointer: entry.pointers.command ?? entry.pointer}, ...entry.args.map((a, i) => ({text: a, pointer: argPointer(entry, i)}))]
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'busybox'])
const PASS_THROUGH = new Set(['sudo', 'doas', 'nohup', 'exec', 'time', 'nice', 'stdbuf', 'command'])
const MAX_DEPTH = 4

/** Every simple command an entry runs, unwrapping shells and wrappers. */
export function simpleCommands(entry: ServerConfig): SimpleCommand[] {
  const tokens = launchTokens(entry)
  return tokens.length === 0 ? [] : unwrap(tokens, [], 0)
}

function unwrap(tokens: Token[], via: string[], depth: number): SimpleCommand[] {
  if (tokens.length === 0) return []
  if (depth > MAX_DEPTH) return [{argv: tokens, via}]
  const prog = programName(tokens[0].text)
  const rest = tokens.slice(1)
  if (prog === 'env') {
    let i = 0
    while (i < rest.length && (rest[i].text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[i].text))) i += rest[i].text === '-u' ? 2 : 1
    return unwrap(rest.slice(i), [...via, 'env'], depth + 1)
  }
  if (PASS_THROUGH.has(prog)) {
    let i = 0
    while (i < rest.length && rest[i].text.startsWith('-')) i += /^-[ugCpD]$/.test(rest[i].text) ? 2 : 1
    return unwrap(rest.slice(i), [...via, prog], depth + 1)
  }
  if (SHELLS.has(prog)) {
    // `-c`, or a group of short options ending in c (`-lc`, `-ec`): the next word is the script.
    const i = rest.findIndex((t) => /^-[a-z]{1,12}$/i.test(t.text) && t.text.includes('c'))
    if (i >= 0 && i + 1 < rest.length) return scriptCommands(rest[i + 1], [...via, `${prog} -c`], depth)
    return [{argv: tokens, via}]
  }
  if (prog === 'cmd') {
    const i = rest.findIndex((t) => /^\/[ck]$/i.test(t.text))
    if (i < 0) return [{argv: tokens, via}]
    const after = rest.slice(i + 1)
    if (after.length === 1) return scriptCommands(after[0], [...via, 'cmd /c'], depth)
    return splitOperators(after).flatMap((c) => unwrap(c, [...via, 'cmd /c'], depth + 1))
  }
  if (prog === 'powershell' || prog === 'pwsh') {
    const i = rest.findIndex((t) => /^-(?:c|command)$/i.test(t.text))
    if (i >= 0 && i + 1 < rest.length) {
      const after = rest.slice(i + 1)
      const script: Token = {text: after.map((t) => t.text).join(' '), pointer: after[0].pointer}
      return scriptCommands(script, [...via, `${prog} -Command`], depth)
    }
    const e = rest.findIndex((t) => /^-(?:e|ec|enc|encodedcommand)$/i.test(t.text))
    if (e >= 0 && e + 1 < rest.length) {
      const decoded = decodePowerShell(rest[e + 1].text)
      if (decoded !== undefined) return scriptCommands({text: decoded, pointer: rest[e + 1].pointer}, [...via, `${prog} -EncodedCommand`], depth)
    }
    return [{argv: tokens, via}]
  }
  return [{argv: tokens, via}]
}

function scriptCommands(script: Token, via: string[], depth: number): SimpleCommand[] {
  return splitScript(script.text).flatMap((words) =>
    unwrap(
      words.map((w) => ({text: w, pointer: script.pointer})),
      via,
      depth + 1,
    ),
  )
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&', '|&'])

function splitOperators(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]]
  for (const t of tokens) {
    if (OPERATORS.has(t.text)) out.push([])
    else out.at(-1)!.push(t)
  }
  return out.filter((c) => c.length > 0)
}

/**
 * Split a shell script into the words of each simple command: quotes group words, and `&&`, `||`,
 * `;`, `|`, `&` and newlines end a command. Lenient (an unterminated quote runs to the end): this
 * reads a script to find what it runs, it does not execute it.
 */
export function splitScript(script: string): string[][] {
  return scriptSegments(script).map((s) => s.words)
}

export interface ScriptSegment {
  words: string[]
  /** The operator that ends this command: `|`, `&&`, `||`, `;`, `&`, newline, or '' at the end. */
  op: string
}

/** The simple commands of a script with the operator after each, so pipelines can be followed. */
export function scriptSegments(script: string): ScriptSegment[] {
  const out: ScriptSegment[] = []
  let words: string[] = []
  let cur = ''
  let started = false
  let quote = ''
  const endWord = () => {
    if (started) words.push(cur)
    cur = ''
    started = false
  }
  const endCommand = (op: string) => {
    endWord()
    if (words.length > 0) out.push({words, op})
    else if (out.length > 0 && op) out[out.length - 1].op ||= op
    words = []
  }
  for (let i = 0; i < script.length && i < 100_000; i++) {
    const ch = script[i]
    if (quote) {
      if (ch === quote) quote = ''
      else if (ch === '\\' && quote === '"' && i + 1 < script.length) cur += script[++i]
      else cur += ch
      continue
    }
    if (ch === '"' || ch === "'") {
      quote = ch
      started = true
    } else if (ch === '\\' && i + 1 < script.length) {
      cur += script[++i]
      started = true
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|') {
      let op = ch
      if ((ch === '&' || ch === '|') && (script[i + 1] === '&' || script[i + 1] === '|')) op += script[++i]
      endCommand(op)
    } else if (/\s/.test(ch)) endWord()
    else {
      cur += ch
      started = true
    }
  }
  endCommand('')
  return out
}

/** PowerShell's -EncodedCommand is base64 of UTF-16LE text. */
export function decodePowerShell(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{4,100000}={0,2}$/.test(b64)) return undefined
  const buf = Buffer.from(b64, 'base64')
  if (buf.length % 2 !== 0) return undefined
  const text = buf.toString('utf16le')
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(text) ? text : undefined
}

/** The whole launch as one line, for messages and evidence (callers mask secrets in it first). */
export function commandLine(tokens: Array<{text: string}>): string {
  return tokens.map((t) => (/[\s"']/.test(t.text) || t.text === '' ? JSON.stringify(t.text) : t.text)).join(' ')
}
