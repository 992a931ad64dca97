// Severities and confidences shared by findings, policies, reports and exit codes.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** `--fail-on` accepts every severity but `info`, plus `none` (never fail on findings). */
export const FAIL_ON_LEVELS = ['critical', 'high', 'medium', 'low', 'none'] as const
export type FailOn = (typeof FAIL_ON_LEVELS)[number]

export const CONFIDENCES = ['high', 'medium', 'low'] as const
export type Confidence = (typeof CONFIDENCES)[number]

const RANK: Record<Severity, number> = {critical: 4, high: 3, medium: 2, low: 1, info: 0}

export function severityRank(s: Severity): number {
  return RANK[s]
}

/** True when a finding of severity `s` reaches the `--fail-on` threshold. */
export function reaches(s: Severity, failOn: FailOn): boolean {
  if (failOn === 'none') return false
  return RANK[s] >= RANK[failOn]
}

export function maxSeverity(list: Iterable<Severity>): Severity | undefined {
  let best: Severity | undefined
  for (const s of list) if (best === undefined || RANK[s] > RANK[best]) best = s
  return best
}

/** One step down (critical → high ...), used when context lowers how sure we are. */
export function lower(s: Severity, steps = 1): Severity {
  const i = Math.min(SEVERITIES.indexOf(s) + steps, SEVERITIES.length - 1)
  return SEVERITIES[i]
}

export function raise(s: Severity, steps = 1): Severity {
  const i = Math.max(SEVERITIES.indexOf(s) - steps, 0)
  return SEVERITIES[i]
}
