// Find and kill every process a launch left behind: its process group, its descendants, and any
// process that carries the launch's marker variable (a daemon that called setsid and was reparented
// keeps its environment, so the marker still finds it). Reads /proc on Linux; elsewhere only the
// process group can be reached. Pids are recycled (pid_max can be 32768): the root's pid and group
// are trusted only while the root has not been reaped, or for members that still carry the group id
// (the kernel does not hand out a pid still in use as a group id).

import {readdirSync, readFileSync} from 'node:fs'

interface ProcInfo {
  pid: number
  ppid: number
  pgrp: number
  zombie: boolean
}

const HAS_PROC = process.platform === 'linux'

function readStat(pid: number): ProcInfo | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {pid, ppid: Number(rest[1]), pgrp: Number(rest[2]), zombie: rest[0] === 'Z' || rest[0] === 'X'}
}

function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const info = readStat(Number(name))
    if (info) out.push(info)
  }
  return out
}

function hasMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)
  } catch {
    return false
  }
}

export interface LaunchRef {
  rootPid: number
  /** `NAME=value` of the marker variable every process of the launch inherits. */
  marker: string
  /** False once the root was reaped: from then on its pid may belong to someone else. */
  rootAlive: boolean
}

/** Live (not zombie) processes that belong to the launch. */
export function launchProcesses({rootPid, marker, rootAlive}: LaunchRef): number[] {
  if (!HAS_PROC) return groupAlive(rootPid) ? [rootPid] : []
  const procs = allProcesses()
  const children = new Map<number, number[]>()
  for (const p of procs) {
    const list = children.get(p.ppid)
    if (list) list.push(p.pid)
    else children.set(p.ppid, [p.pid])
  }
  const found = new Set<number>()
  const visit = (pid: number) => {
    if (found.has(pid)) return
    found.add(pid)
    for (const c of children.get(pid) ?? []) visit(c)
  }
  for (const p of procs) {
    if (p.pid === process.pid) continue
    const inGroup = p.pgrp === rootPid && (p.pid !== rootPid || rootAlive)
    if ((rootAlive && p.pid === rootPid) || inGroup || hasMarker(p.pid, marker)) visit(p.pid)
  }
  const live = new Set(procs.filter((p) => !p.zombie).map((p) => p.pid))
  return [...found].filter((pid) => live.has(pid) && pid !== process.pid)
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** Send `signal` to the launch's process group and to every process of the launch found by other means. */
export function signalLaunch(ref: LaunchRef, signal: NodeJS.Signals): void {
  if (ref.rootAlive || !HAS_PROC) {
    try {
      process.kill(-ref.rootPid, signal)
    } catch {
      // The group is already empty; stragglers outside it are handled below.
    }
  }
  for (const pid of launchProcesses(ref)) {
    try {
      process.kill(pid, signal)
    } catch {
      // Exited between the scan and the signal.
    }
  }
}

/** Resolve true once no process of the launch is left, false when `ms` passed first. */
export async function waitGone(ref: () => LaunchRef, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  for (;;) {
    if (launchProcesses(ref()).length === 0) return true
    if (Date.now() >= until) return false
    await new Promise((r) => setTimeout(r, 40))
  }
}
