// The exit codes of DESIGN.md, in one place. When several apply: 2, then 3, then 4, then 1.

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  integrity: 3,
  probe: 4,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

const PRECEDENCE: ExitCode[] = [ExitCode.usage, ExitCode.integrity, ExitCode.probe, ExitCode.findings, ExitCode.ok]

/** Combine the outcomes of several steps into the one code the process exits with. */
export function combineExitCodes(...codes: ExitCode[]): ExitCode {
  for (const c of PRECEDENCE) if (codes.includes(c)) return c
  return ExitCode.ok
}
