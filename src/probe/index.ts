// The probe's public surface, for `lock` and `check`: launch servers in the sandbox and read what they offer.

export {canProbe, probeAll, probeServer, ServerProbeError, stderrTail, type ProbeAllOptions, type ProbeProgress} from './probe.js'
export type {ProbeOptions, ProbeOutcome, ProbeResult, SandboxLevel, SandboxMode} from './types.js'
