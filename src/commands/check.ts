import {existsSync} from 'node:fs'
import path from 'node:path'
import * as Flags from '@oclif/core/flags'
import {BaseCommand, reportFlags} from '../cli/base.js'
import {emit, failOnOf} from '../cli/output.js'
import {discoveryFlags, findServers, noConfigError, probeFlags, probeWithFlags, reportProbeFailures} from '../cli/servers.js'
import {runCheck} from '../check/check.js'
import {checkReport, checkNotes} from '../check/report.js'
import {combineExitCodes, ExitCode} from '../core/exit-codes.js'
import {readLock, verifyLock} from '../lock/read.js'
import {isCliSource} from '../lock/servers.js'
import {KEY_ENV, keyFromEnv} from '../lock/sign.js'
import {loadPolicy} from '../policy/load.js'
import {withoutCommands} from '../report/annotations.js'
import {scanScope} from '../scan/scan.js'

export default class Check extends BaseCommand {
  static override summary = 'The CI gate: verify mcp.lock, re-probe every locked server, report drift and findings.'
  static override description = `Verifies the lock (signature with ${KEY_ENV}, hashes: a failure is exit 3), reads the client configs, launches every server as its config describes it now, and compares what it offers with mcp.lock: a changed description, schema, annotation, instruction, launch or version, an added, removed or renamed item, is drift. A server in a config but not in the lock is an unlocked server; a locked server in no config is reported as info. Every rule also runs on everything live. Findings point at the item's line in mcp.lock, or at the config entry when the lock has nothing for it. check never writes the lock: drift stays until someone re-locks.

With --no-probe nothing is launched: the lock's signature and hashes, the static rules on the locked manifests, and the configs against the lock (launch, unlocked and stale servers) are checked; for pull requests from forks.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it (drift included); 2 usage or input error; 3 integrity failure; 4 a server could not be probed. When several apply: 2, then 3, then 4, then 1.`
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check --format sarif --output mcp-warden.sarif',
    '<%= config.bin %> check --no-probe --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> check --fail-on medium --timeout 60 --sandbox strict',
    '<%= config.bin %> check --format json --output mcp-warden.json --sarif mcp-warden.sarif --markdown "$RUNNER_TEMP/mcp-warden.md"',
  ]
  static override flags = {
    ...reportFlags,
    ...discoveryFlags,
    ...probeFlags,
    probe: Flags.boolean({default: true, allowNo: true, summary: 'Launch the servers (--no-probe: check the lock and configs alone).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Check)
    const cwd = process.cwd()
    const policy = loadPolicy(flags.policy)
    const found = findServers(flags, cwd)
    // With no config at all, a missing lock is the second problem, not the first.
    if (found.files.length === 0 && flags.lock !== '-' && !existsSync(flags.lock)) throw noConfigError(cwd)
    const lock = readLock(flags.lock)
    // Servers locked from configs, and no config found: every one would be "stale" (info) and the gate
    // would pass having checked nothing, e.g. when CI runs in another folder.
    const fromConfigs = Object.values(lock.lock.servers).filter((s) => !isCliSource(s.source))
    if (found.files.length === 0 && fromConfigs.length > 0) throw noConfigError(cwd, {lockFile: flags.lock, lockSources: fromConfigs.map((s) => s.source.file)})
    const signature = verifyLock(lock, keyFromEnv())
    const out = await runCheck({
      lock,
      servers: found.servers,
      disabled: found.disabled.map((d) => d.name),
      configDocs: found.docs,
      lockDir: path.dirname(path.resolve(flags.lock)),
      ...(flags.probe ? {probe: (configs) => probeWithFlags(configs, flags, found.root)} : {}),
    })
    const findings = scanScope(out.scope, policy)
    reportProbeFailures(out.probed, found.docs)
    process.stderr.write(withoutCommands(checkNotes(out, {lock: flags.lock, signature, probed: flags.probe})))
    const code = emit(checkReport(out, findings, policy, [flags.lock, ...found.files], flags.lock), flags, failOnOf(flags['fail-on'], policy))
    this.setExit(combineExitCodes(code, out.probed.some((o) => o.error) ? ExitCode.probe : ExitCode.ok))
  }
}
