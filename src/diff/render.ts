// What a reviewer reads: per server, per item, the fields that changed, descriptions as word diffs.
// Text (colour on a TTY), a JSON section with a stable shape (docs/formats/diff.md) and Markdown for
// a PR comment or job summary. Every string from a server is untrusted: the text form escapes
// control and invisible characters, the Markdown form goes through md-escape.

import {Chalk} from 'chalk'
import {codeSpan, mdText} from '../report/md-escape.js'
import {escapeUnsafe} from '../text/escape.js'
import {itemCounts, itemLabel, kindWord, pathLabel, show} from './describe.js'
import type {FieldChange, ItemChange, LockDiff} from './types.js'
import {formatWordDiff, wordDiff, type WordPart} from './words.js'

const CONTEXT = 60

const asText = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v))

// ---- text ------------------------------------------------------------------------------------

export function renderDiffText(diff: LockDiff, opts: {color: boolean}): string {
  const c = new Chalk({level: opts.color ? 1 : 0})
  const out: string[] = []
  const esc = (s: string, indent: string) => escapeUnsafe(s).replace(/\r\n?|\n/g, '\n' + indent)
  const words = (parts: WordPart[], indent: string) =>
    formatWordDiff(parts, {same: (t) => esc(t, indent), added: (t) => c.green(`{+${esc(t, indent)}+}`), removed: (t) => c.red(`[-${esc(t, indent)}-]`)}, CONTEXT)
  const field = (f: FieldChange, indent: string) => {
    const name = pathLabel(f.path)
    if (f.class === 'text' && (typeof f.before === 'string' || typeof f.after === 'string')) {
      return `${indent}${name}: ${words(wordDiff(asText(f.before), asText(f.after)), indent + '  ')}`
    }
    if (!('before' in f)) return `${indent}${name}: ${c.green('added')} ${esc(show(f.after, 200), indent)}`
    if (!('after' in f)) return `${indent}${name}: ${c.red('removed')} (was ${esc(show(f.before, 200), indent)})`
    return `${indent}${name}: ${c.red(esc(show(f.before, 200), indent))} → ${c.green(esc(show(f.after, 200), indent))}`
  }
  const item = (i: ItemChange) => {
    const label = esc(itemLabel(i.kind, i.type === 'renamed' ? i.from : i.key), '    ')
    switch (i.type) {
      case 'added': {
        const d = typeof i.after.description === 'string' ? `: ${esc(i.after.description.length > 200 ? i.after.description.slice(0, 199) + '…' : i.after.description, '      ')}` : ''
        return [c.green(`  + ${label} added`) + d]
      }
      case 'removed':
        return [c.red(`  - ${label} removed`)]
      case 'renamed':
        return [c.yellow(`  → ${label} renamed to "${esc(i.key, '')}" (same content)`)]
      case 'changed':
        return [c.yellow(`  ~ ${label} changed`), ...i.fields.map((f) => field(f, '      '))]
    }
  }
  for (const s of diff.servers) {
    const name = esc(s.name, '')
    if (s.status !== 'changed') {
      out.push(c.bold(`server "${name}": ${s.status === 'added' ? c.green('added') : c.red('removed')} (${itemCounts(s.items)})`))
      continue
    }
    out.push(c.bold(`server "${name}"`))
    for (const f of s.launch) out.push(field({...f, path: ['launch', ...f.path]}, '  '))
    if (s.version) out.push(`  version: ${c.red(esc(show(s.version.before), ''))} → ${c.green(esc(show(s.version.after), ''))}`)
    if (s.instructions) out.push(`  instructions: ${words(wordDiff(s.instructions.before ?? '', s.instructions.after ?? ''), '    ')}`)
    for (const f of s.metadata) out.push(field(f, '  '))
    if (s.source) out.push(c.gray(`  declared at ${esc(s.source.before, '')} → ${esc(s.source.after, '')}`))
    if (s.itemsSkipped) out.push(c.gray('  tools, prompts and resources not compared: the server was not probed (remote)'))
    for (const i of s.items) out.push(...item(i))
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '')
}

// ---- JSON ------------------------------------------------------------------------------------

/** `servers` of `diff --format json`: the diff as classified, text changes with their word diff. */
export function diffJson(diff: LockDiff): Record<string, unknown>[] {
  const withWords = (f: FieldChange) =>
    f.class === 'text' && (typeof f.before === 'string' || typeof f.after === 'string') ? {...f, words: wordDiff(asText(f.before), asText(f.after))} : f
  return diff.servers.map((s) => ({
    ...s,
    ...(s.instructions ? {instructions: {...s.instructions, words: wordDiff(s.instructions.before ?? '', s.instructions.after ?? '')}} : {}),
    items: s.items.map((i) => (i.type === 'changed' ? {...i, fields: i.fields.map(withWords)} : i)),
  }))
}

// ---- Markdown --------------------------------------------------------------------------------

/** Characters of each side shown in full under a text change; the word diff above it covers the rest. */
const MD_SIDE_MAX = 600
/**
 * What the diff section may take: GitHub's job summary holds 1 MiB a step (FACTS.md) and the
 * findings table and the rest of the report share it, so the diff stops well before that.
 */
export const MAX_DIFF_MARKDOWN_BYTES = 640 * 1024

function mdWords(parts: WordPart[]): string {
  const md = (t: string) => mdText(t, {max: 2000})
  return formatWordDiff(parts, {same: md, added: (t) => `<ins>${md(t)}</ins>`, removed: (t) => `<del>${md(t)}</del>`}, CONTEXT)
}

/** One side of a text change, as a quoted line: `(none)` when the field was absent. */
function mdSide(v: unknown): string {
  if (v === undefined) return '_(none)_'
  const t = asText(v)
  return t.trim() === '' ? '_(empty)_' : mdText(t, {max: MD_SIDE_MAX})
}

/** A field change as bullet lines; text changes show the word diff, then what it said before and after. */
function mdField(f: FieldChange, indent: string): string[] {
  const name = codeSpan(pathLabel(f.path), {inTable: false})
  if (f.class === 'text' && (typeof f.before === 'string' || typeof f.after === 'string')) {
    return [`${indent}- ${name}: ${mdWords(wordDiff(asText(f.before), asText(f.after)))}`, `${indent}  - before: ${mdSide(f.before)}`, `${indent}  - after: ${mdSide(f.after)}`]
  }
  if (!('before' in f)) return [`${indent}- ${name} added: ${codeSpan(show(f.after, 200), {inTable: false})}`]
  if (!('after' in f)) return [`${indent}- ${name} removed (was ${codeSpan(show(f.before, 200), {inTable: false})})`]
  return [`${indent}- ${name}: ${codeSpan(show(f.before, 200), {inTable: false})} → ${codeSpan(show(f.after, 200), {inTable: false})}`]
}

/** The lines of one server's changes. */
function mdServer(s: LockDiff['servers'][number]): string[] {
  const name = codeSpan(s.name, {inTable: false})
  if (s.status !== 'changed') return [`#### Server ${name}: ${s.status} (${itemCounts(s.items)})`, '']
  const out = [`#### Server ${name}`, '']
  for (const f of s.launch) out.push(...mdField({...f, path: ['launch', ...f.path]}, ''))
  if (s.version) out.push(`- version ${codeSpan(show(s.version.before), {inTable: false})} → ${codeSpan(show(s.version.after), {inTable: false})}`)
  if (s.instructions) {
    out.push(...mdField({path: ['instructions'], class: 'text', ...(s.instructions.before === undefined ? {} : {before: s.instructions.before}), ...(s.instructions.after === undefined ? {} : {after: s.instructions.after})}, ''))
  }
  for (const f of s.metadata) out.push(...mdField(f, ''))
  if (s.itemsSkipped) out.push('- tools, prompts and resources not compared: the server was not probed (remote)')
  for (const i of s.items) {
    const label = (key: string) => `${kindWord(i.kind)} ${codeSpan(key, {inTable: false})}`
    if (i.type === 'added') out.push(`- **${label(i.key)} added**${typeof i.after.description === 'string' ? `: ${mdText(i.after.description, {max: MD_SIDE_MAX})}` : ''}`)
    else if (i.type === 'removed') out.push(`- **${label(i.key)} removed**${typeof i.before.description === 'string' ? ` (it said: ${mdText(i.before.description, {max: MD_SIDE_MAX})})` : ''}`)
    else if (i.type === 'renamed') out.push(`- **${label(i.from)} renamed** to ${codeSpan(i.key, {inTable: false})} (same content)`)
    else out.push(`- **${label(i.key)} changed**`, ...i.fields.flatMap((f) => mdField(f, '  ')))
  }
  out.push('')
  return out
}

export interface DiffMarkdownOptions {
  /** Bytes (UTF-8) the section may take; servers past it are counted, not shown. */
  maxBytes?: number
  /** The closing hint; absent: how to accept the changes with `mcp-warden lock`. Empty: none. */
  footer?: string
}

/**
 * A Markdown section: one heading per server, one bullet per change, descriptions as a word diff with
 * their full text before and after. Bounded by `maxBytes`: what does not fit is counted, and the
 * note says where the rest is.
 */
export function renderDiffMarkdown(diff: LockDiff, title = '### Changes against mcp.lock', opts: DiffMarkdownOptions = {}): string {
  const out: string[] = [title, '']
  if (diff.servers.length === 0) return [...out, 'No changes.'].join('\n')
  const max = opts.maxBytes ?? MAX_DIFF_MARKDOWN_BYTES
  let used = Buffer.byteLength(out.join('\n'))
  let shown = 0
  let cut = false
  for (const s of diff.servers) {
    const lines = mdServer(s)
    const size = Buffer.byteLength(lines.join('\n')) + 1
    if (used + size > max) {
      // One huge server: show its changes line by line until the budget ends, then stop.
      const kept: string[] = []
      for (const line of lines) {
        const n = Buffer.byteLength(line) + 1
        if (used + n > max) break
        kept.push(line)
        used += n
      }
      if (kept.length > 2) {
        out.push(...kept)
        shown++
      }
      cut = true
      break
    }
    out.push(...lines)
    used += size
    shown++
  }
  if (cut) {
    const left = diff.servers.length - shown
    out.push(
      '',
      `> [!WARNING]\n> The diff was cut to stay under GitHub's 1 MiB job summary limit${left > 0 ? `: ${left} more server${left === 1 ? '' : 's'} with changes ${left === 1 ? 'is' : 'are'} not shown` : ''}${shown > 0 ? ', and the last server shown may be incomplete' : ''}. The JSON report (\`drift\`) and \`mcp-warden diff\` show every change.`,
      '',
    )
  }
  const footer = opts.footer ?? 'To accept these changes after review: run `mcp-warden lock`, check `git diff mcp.lock`, and commit it.'
  if (footer) out.push(footer)
  return out.join('\n').trimEnd()
}
