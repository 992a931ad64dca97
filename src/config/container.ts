// Reads a `docker run` / `podman run` command line: its options (with the field each is written in)
// and the image. The image is the first word that is not an option or an option's value, so the
// parser must know which options take a value; unknown long options are read as flags, which is what
// both CLIs do for `--opt=value` and the common boolean ones.

import {programName, type Token} from './command.js'

export interface ContainerOption {
  /** Canonical long name without dashes: `volume`, `env`, `cap-add`, `privileged`. */
  name: string
  /** The word the option is written in. */
  flag: Token
  /** Its value (`--opt value`, `--opt=value`, `-vVALUE`), when it takes one. */
  value?: Token
}

export interface ContainerRun {
  runtime: string
  options: ContainerOption[]
  image?: Token
}

export const CONTAINER_RUNTIMES = new Set(['docker', 'podman', 'nerdctl', 'finch'])

// Options of `docker run` and `podman run` that take a value.
const VALUED = new Set(
  (
    'add-host annotation arch attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent cgroupns cgroups cidfile conmon-pidfile ' +
    'cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems detach-keys device device-cgroup-rule ' +
    'device-read-bps device-read-iops device-write-bps device-write-iops dns dns-option dns-opt dns-search domainname entrypoint env env-file ' +
    'env-merge expose gidmap gpus group-add group-entry health-cmd health-interval health-retries health-start-period health-start-interval ' +
    'health-timeout health-on-failure hooks-dir hostname hostuser http-proxy image-volume init-path ip ip6 ipc isolation kernel-memory label ' +
    'label-file link link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap memory-swappiness mount name network ' +
    'net network-alias oom-score-adj os passwd-entry personality pid pidfile pids-limit platform pod pod-id-file preserve-fds publish pull ' +
    'requires restart runtime sdnotify seccomp-policy secret security-opt shm-size shm-size-systemd stop-signal stop-timeout storage-opt ' +
    'subgidname subuidname sysctl systemd timeout tmpfs tz uidmap ulimit umask unsetenv user userns uts variant volume volume-driver ' +
    'volumes-from workdir chrootdirs decryption-key retry retry-delay'
  ).split(' '),
)

// Short options, mapped to their long names; `true` marks the ones that take a value.
const SHORT: Record<string, [string, boolean]> = {
  a: ['attach', true],
  c: ['cpu-shares', true],
  d: ['detach', false],
  e: ['env', true],
  h: ['hostname', true],
  i: ['interactive', false],
  l: ['label', true],
  m: ['memory', true],
  p: ['publish', true],
  P: ['publish-all', false],
  q: ['quiet', false],
  t: ['tty', false],
  u: ['user', true],
  v: ['volume', true],
  w: ['workdir', true],
}

const ALIASES: Record<string, string> = {net: 'network', 'dns-opt': 'dns-option'}

// Global options that come before the subcommand and take a value.
const GLOBAL_VALUED = new Set(['-H', '--host', '--context', '-c', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--connection', '--url', '--identity', '--root', '--runroot'])

/** Parse `docker run ...` (also `container run`, `podman run`); undefined for anything else. */
export function parseContainerRun(argv: Token[]): ContainerRun | undefined {
  const runtime = programName(argv[0]?.text ?? '')
  if (!CONTAINER_RUNTIMES.has(runtime)) return undefined
  let i = 1
  while (i < argv.length && argv[i].text.startsWith('-')) i += GLOBAL_VALUED.has(argv[i].text) ? 2 : 1
  if (argv[i]?.text === 'container') i++
  if (argv[i]?.text !== 'run' && argv[i]?.text !== 'create') return undefined
  const options: ContainerOption[] = []
  for (i++; i < argv.length; i++) {
    const t = argv[i]
    if (t.text === '--') return {runtime, options, ...(argv[i + 1] ? {image: argv[i + 1]} : {})}
    if (!t.text.startsWith('-') || t.text === '-') return {runtime, options, image: t}
    if (t.text.startsWith('--')) {
      const eq = t.text.indexOf('=')
      const raw = eq > 0 ? t.text.slice(2, eq) : t.text.slice(2)
      const name = ALIASES[raw] ?? raw
      if (eq > 0) options.push({name, flag: t, value: {text: t.text.slice(eq + 1), pointer: t.pointer}})
      else if (VALUED.has(raw) && i + 1 < argv.length) options.push({name, flag: t, value: argv[++i]})
      else options.push({name, flag: t})
      continue
    }
    // A group of short options (`-it`, `-dit`), the last of which may take a value (`-itv /a:/b`, `-eK=V`).
    const group = t.text.slice(1)
    for (let k = 0; k < group.length; k++) {
      const s = SHORT[group[k]]
      if (!s) {
        options.push({name: group[k], flag: t})
        continue
      }
      const [name, valued] = s
      if (!valued) {
        options.push({name, flag: t})
        continue
      }
      const attached = group.slice(k + 1).replace(/^=/, '')
      if (attached) options.push({name, flag: t, value: {text: attached, pointer: t.pointer}})
      else if (i + 1 < argv.length) options.push({name, flag: t, value: argv[++i]})
      break
    }
  }
  return {runtime, options}
}
