// Recompute the item and server hashes of hand-edited, unsigned lock files (test fixtures), and
// rewrite them in canonical form: `npm run build && node scripts/rehash-lock.mjs fixtures/rules/*/*.lock`.
// Never for a real mcp.lock: re-lock it with `mcp-warden lock`, so what it records is what runs.
import {readFileSync, writeFileSync} from 'node:fs'
import {entryOf, ITEM_LISTS, manifestOfEntry} from '../dist/lock/entry.js'
import {stringifyLock} from '../dist/lock/serialize.js'

for (const file of process.argv.slice(2)) {
  const lock = JSON.parse(readFileSync(file, 'utf8'))
  if (lock.signature) {
    console.error(`${file}: signed; not touched (re-lock it instead)`)
    process.exitCode = 1
    continue
  }
  for (const [name, s] of Object.entries(lock.servers)) {
    const fresh = entryOf({source: s.source, launch: s.launch, ...(s.probed === false ? {} : {manifest: manifestOfEntry(s)}), ...(s.protocolVersion ? {protocolVersion: s.protocolVersion} : {})})
    for (const [, list] of ITEM_LISTS) if (Object.keys(fresh[list]).join() !== Object.keys(s[list]).join()) console.error(`${file}: ${name}.${list}: keys renamed to match the descriptors`)
    lock.servers[name] = fresh
  }
  writeFileSync(file, stringifyLock(lock))
}
