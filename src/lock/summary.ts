// What `lock` tells the user: each server and what was recorded, whether the file was written and
// signed, what changed since the previous lock, and on a first run what to commit.

import {KEY_ENV, type SigningKey} from './sign.js'
import type {LockRun} from './create.js'

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

export function describeLockRun(run: LockRun, opts: {file: string; isNew: boolean; signed?: SigningKey}): string {
  const out: string[] = []
  const width = Math.max(0, ...Object.keys(run.lock.servers).map((n) => n.length), ...run.failed.map((o) => o.config.name.length))
  const outcome = new Map(run.outcomes.map((o) => [o.config.name, o]))
  const failed = new Set(run.failed.map((o) => o.config.name))
  for (const [name, e] of Object.entries(run.lock.servers)) {
    if (failed.has(name)) continue
    const o = outcome.get(name)
    let line = `  ${name.padEnd(width)}  `
    if (e.probed === false) line += `${e.launch.transport}, not probed: remote servers are pinned by their URL only`
    else if (o?.result) {
      const counts = [plural(Object.keys(e.tools).length, 'tool'), plural(Object.keys(e.prompts).length, 'prompt'), plural(Object.keys(e.resources).length + Object.keys(e.resourceTemplates).length, 'resource')]
      const pkg = e.launch.package ? `, ${e.launch.package.name}${e.launch.package.version ? `@${e.launch.package.version}` : ''}` : ''
      line += `${counts.join(', ')} (sandbox ${o.result.sandbox}${pkg})`
      for (const note of o.result.notes ?? []) line += `\n  ${' '.repeat(width)}  note: ${note}`
    } else line += 'kept from the existing lock'
    out.push(line)
  }
  for (const name of failed) {
    const how = !run.write ? 'failed' : run.kept.includes(name) ? 'failed: kept its previous entry' : 'failed: left out'
    out.push(`  ${name.padEnd(width)}  ${how}`)
  }
  for (const name of run.dropped) out.push(`  ${name.padEnd(width)}  dropped: in no client config any more (or disabled there)`)

  const n = Object.keys(run.lock.servers).length
  if (!run.write) {
    out.push('', `${opts.file} was not written: ${plural(run.failed.length, 'server')} could not be probed (see above). Fix them, or write the others with --partial.`)
    return out.join('\n') + '\n'
  }
  const how = opts.signed ? `signed with key ${opts.signed.id}` : 'not signed'
  const changes = run.diff?.servers ?? []
  if (opts.isNew) out.push('', `wrote ${opts.file}: ${plural(n, 'server')}, ${how}`)
  else if (changes.length === 0) out.push('', `${opts.file} is up to date: ${plural(n, 'server')}, ${how}`)
  else out.push('', `updated ${opts.file}: ${plural(changes.length, 'server')} changed (${changes.map((s) => `${s.name} ${s.status}`).join(', ')}), ${how}; review with \`git diff ${opts.file}\``)
  if (!opts.isNew) {
    if (!opts.signed) out.push(`the lock is not signed: set ${KEY_ENV} to sign it, and give CI the same key as a secret`)
    return out.join('\n') + '\n'
  }
  // A first lock: say what the file is, how to sign it, and what to commit. Nothing here is needed
  // again on later runs, which print only what changed.
  const items = Object.values(run.lock.servers).reduce(
    (acc, e) => {
      acc.tools += Object.keys(e.tools).length
      acc.prompts += Object.keys(e.prompts).length
      acc.resources += Object.keys(e.resources).length + Object.keys(e.resourceTemplates).length
      return acc
    },
    {tools: 0, prompts: 0, resources: 0},
  )
  out.push(
    `it pins how each server is launched (command, arguments, package version) and everything it offers: ${plural(items.tools, 'tool')}, ${plural(items.prompts, 'prompt')}, ${plural(items.resources, 'resource')}, each with its full description and a hash.`,
  )
  if (!opts.signed) {
    out.push(
      `the lock is not signed: set ${KEY_ENV} to sign it, and give CI the same key as a secret. Without a signature, anyone who can edit ${opts.file} can make check accept a changed server. To sign:`,
      `  export ${KEY_ENV}="$(openssl rand -hex 32)"   # keep it; store it as a CI secret named ${KEY_ENV}`,
      `  mcp-warden lock`,
    )
  } else out.push(`check needs the same key: store it as a CI secret named ${KEY_ENV} and pass it to the step's env.`)
  out.push(
    `next: review ${opts.file}, commit it (git add ${opts.file}), and run \`mcp-warden check\` in CI: it fails when a server changes from what the lock records.`,
  )
  return out.join('\n') + '\n'
}
