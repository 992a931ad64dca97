// The environment a probed server gets: a short allowlist taken from the caller (what programs need
// to start and print text), a fresh HOME and TMPDIR, and exactly the variables its config names.
// Never the caller's whole environment: that is where API keys and tokens live.

/** Caller variables passed through unchanged when set. */
const PASS_THROUGH = ['PATH', 'LANG', 'LANGUAGE', 'TZ'] as const
const PASS_PREFIXES = ['LC_'] as const

/** Name of the variable that tags every process of one launch, so stragglers can be found and killed. */
export const MARKER_VAR = 'MCP_WARDEN_PROBE'

export interface EnvInput {
  /** Where the allowlisted values come from (the caller's environment). */
  caller: NodeJS.ProcessEnv
  /** The config's `env`, references already resolved. */
  configured: Record<string, string>
  /** Fresh folders for HOME and TMPDIR; the caller's HOME when undefined (sandbox `off`). */
  home?: string
  tmpdir?: string
  /** Unique per launch: the value of MARKER_VAR. */
  marker: string
  /** Extra variables the launcher itself needs (e.g. npm's cache folder for `npx` under basic). */
  extra?: Record<string, string>
}

export function buildEnv(input: EnvInput): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of PASS_THROUGH) {
    const v = input.caller[name]
    if (v !== undefined) env[name] = v
  }
  for (const [name, v] of Object.entries(input.caller)) {
    if (v !== undefined && PASS_PREFIXES.some((p) => name.startsWith(p))) env[name] = v
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin'
  // A server must not think it talks to a terminal: no colours or cursor codes on its streams.
  env.TERM = 'dumb'
  const home = input.home ?? input.caller.HOME
  if (home !== undefined) env.HOME = home
  if (input.tmpdir !== undefined) env.TMPDIR = input.tmpdir
  Object.assign(env, input.extra)
  // The config's own variables win over the allowlist: it may set PATH or HOME on purpose.
  Object.assign(env, input.configured)
  env[MARKER_VAR] = input.marker
  return env
}
