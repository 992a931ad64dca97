import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base.js'
import {IntegrityError} from '../core/errors.js'
import {DEFAULT_LOCK, readLock, verifyLock} from '../lock/read.js'
import {KEY_ENV, keyFromEnv} from '../lock/sign.js'

export default class Verify extends BaseCommand {
  static override summary = "Check a lock's signature and hashes, or an audit log's hash chain."
  static override description = `Exit 0 when the lock is intact: signed with the key in ${KEY_ENV}, or unsigned while no key is set. Exit 3 with the reason when it is not: changed after signing, signed with another key, signed but ${KEY_ENV} is not set, unsigned while ${KEY_ENV} is set (a removed signature), malformed, or an item whose hash does not match its descriptor. An empty ${KEY_ENV} counts as not set. With --audit, checks the hash chain of a log written by \`wrap --audit\` instead (or as well, with --lock).`
  static override examples = [
    '<%= config.bin %> verify',
    `${KEY_ENV}=... <%= config.bin %> verify --lock mcp.lock`,
    '<%= config.bin %> verify --audit audit.jsonl',
    '<%= config.bin %> verify --audit audit.jsonl --audit-head sha256:...',
  ]
  static override flags = {
    lock: Flags.string({summary: `Lock file to verify (default: ${DEFAULT_LOCK}, unless only --audit is given).`}),
    audit: Flags.string({summary: 'Audit log (JSON Lines) whose hash chain to verify.'}),
    'audit-head': Flags.string({summary: 'Hash of the last event that `wrap` printed: also catches a log cut short at its end.', dependsOn: ['audit']}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Verify)
    if (flags.lock !== undefined || flags.audit === undefined) {
      const file = flags.lock ?? DEFAULT_LOCK
      const loaded = readLock(file)
      const status = verifyLock(loaded, keyFromEnv())
      const n = Object.keys(loaded.lock.servers).length
      const how = status.signed ? `signed with key ${status.keyId}` : `not signed (${KEY_ENV} is not set)`
      process.stdout.write(`${file}: ok, ${n} server${n === 1 ? '' : 's'}, ${how}\n`)
    }
    if (flags.audit !== undefined) {
      const {verifyAuditFile} = await import('../audit/verify.js')
      const r = await verifyAuditFile(flags.audit, flags['audit-head'] === undefined ? {} : {expectHead: flags['audit-head']})
      if (!r.ok) throw new IntegrityError(`audit chain broken: ${r.reason ?? 'line does not verify'}`, {file: flags.audit, ...(r.firstBad === undefined ? {} : {line: r.firstBad})}, 'the log was edited, truncated or reordered after it was written; keep the original')
      process.stdout.write(`${flags.audit}: ok, ${r.lines} event${r.lines === 1 ? '' : 's'}, hash chain intact, head ${r.head}\n`)
    }
  }
}
