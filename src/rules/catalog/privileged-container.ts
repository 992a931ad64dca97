// Container launches that hand the server the host: privileged mode, host namespaces, disabled
// confinement, host devices, or mounts of the root, system folders, home or the container socket.
import {OWASP} from '../../core/finding.js'
import type {Severity} from '../../core/severity.js'
import {simpleCommands} from '../../config/command.js'
import {parseContainerRun, type ContainerOption} from '../../config/container.js'
import {maskedCommandLine} from '../../config/redact.js'
import {defineRule} from '../types.js'

interface Problem {
  what: string
  severity: Severity
  pointer: string
}

const STRONG_CAPS = new Set(['SYS_ADMIN', 'ALL', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'BPF', 'SYS_BOOT'])
const HOST_NAMESPACES = ['pid', 'network', 'ipc', 'userns', 'uts', 'cgroupns']

const SOCKET = /(?:^|\/)(?:docker|podman|containerd)\.sock$|^\/run\/containerd\/|^\/var\/run\/crio\//
const SYSTEM = /^\/(?:etc|root|proc|sys|dev|boot|var|usr|bin|sbin|lib|lib64|home|Users|private\/etc)\/?$/
const HOME = /^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$\{env:HOME\}|\$\{userHome\}|\/home\/[^/]+|\/Users\/[^/]+|[A-Za-z]:[\\/]Users[\\/][^\\/]+)[\\/]?$/
const CREDENTIAL_DIRS = /(?:^|[\\/])\.(?:ssh|aws|gnupg|kube|docker|azure|config\/gcloud)[\\/]?$/

/** The host side of a mount: `-v SRC:DST[:opts]` or `--mount type=bind,source=SRC,...`. */
function mountSource(o: ContainerOption): string | undefined {
  const v = o.value?.text
  if (!v) return undefined
  if (o.name === 'volume') {
    // `C:\data:/data` keeps its drive colon.
    const m = /^([A-Za-z]:[\\/][^:]*|[^:]+):/.exec(v)
    return m ? m[1] : undefined
  }
  if (o.name === 'mount') {
    const parts = Object.fromEntries(v.split(',').map((kv) => [kv.split('=')[0].trim().toLowerCase(), kv.slice(kv.indexOf('=') + 1)]))
    if (parts.type && parts.type !== 'bind') return undefined
    return parts.source ?? parts.src
  }
  return undefined
}

function judgeMount(src: string): {what: string; severity: Severity} | undefined {
  let s = src.trim()
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1)
  if (s === '/' || /^[A-Za-z]:[\\/]?$/.test(s)) return {what: 'mounts the host root file system', severity: 'critical'}
  if (SOCKET.test(s)) return {what: `mounts the container engine socket (${s}), which is root on the host`, severity: 'critical'}
  if (SYSTEM.test(s)) return {what: `mounts the host folder ${s}`, severity: 'high'}
  if (HOME.test(s)) return {what: `mounts the home folder (${s})`, severity: 'high'}
  if (CREDENTIAL_DIRS.test(s)) return {what: `mounts the credential folder ${s}`, severity: 'high'}
  return undefined
}

function problems(options: ContainerOption[]): Problem[] {
  const out: Problem[] = []
  const at = (o: ContainerOption) => (o.value ?? o.flag).pointer
  for (const o of options) {
    const v = o.value?.text ?? ''
    switch (o.name) {
      case 'privileged':
        if (v === '' || v === 'true') out.push({what: 'runs the container --privileged', severity: 'high', pointer: o.flag.pointer})
        break
      case 'cap-add': {
        const caps = v.split(',').map((c) => c.trim().toUpperCase().replace(/^CAP_/, ''))
        const strong = caps.filter((c) => STRONG_CAPS.has(c))
        if (strong.length > 0) out.push({what: `adds the capability ${strong.join(', ')}`, severity: 'high', pointer: at(o)})
        else if (caps.some((c) => c === 'NET_ADMIN' || c === 'NET_RAW')) out.push({what: `adds the capability ${caps.join(', ')}`, severity: 'medium', pointer: at(o)})
        break
      }
      case 'security-opt': {
        const opt = v.toLowerCase().replace(':', '=')
        if (/^(?:seccomp|apparmor)=unconfined$|^label=disable$|^systempaths=unconfined$/.test(opt)) out.push({what: `disables confinement with --security-opt ${v}`, severity: 'high', pointer: at(o)})
        break
      }
      case 'device':
        out.push({what: `passes the host device ${v.split(':')[0]}`, severity: 'high', pointer: at(o)})
        break
      case 'volume':
      case 'mount': {
        const src = mountSource(o)
        const j = src === undefined ? undefined : judgeMount(src)
        if (j) out.push({...j, pointer: at(o)})
        break
      }
      default:
        if (HOST_NAMESPACES.includes(o.name) && v.toLowerCase() === 'host') out.push({what: `shares the host's ${o.name === 'network' ? 'network' : `${o.name} namespace`} (--${o.name}=host)`, severity: 'high', pointer: at(o)})
    }
  }
  return out
}

export default defineRule({
  meta: {
    id: 'privileged-container',
    summary: 'a server runs in a container with host privileges or host mounts',
    description:
      'The server is launched with `docker run`/`podman run` options that remove the container boundary: `--privileged`, `--cap-add SYS_ADMIN` (or `ALL` and other escape-grade capabilities), host namespaces (`--pid=host`, `--network=host`, `--ipc=host`, `--userns=host`, `--uts=host`), `--security-opt seccomp=unconfined` or `apparmor=unconfined`, `--device`, or bind mounts of `/`, system folders (`/etc`, `/root`, `/var`...), the home folder (`$HOME`, `~`, `/home/USER`), credential folders (`~/.ssh`, `~/.aws`) or the container engine socket (`/var/run/docker.sock`). An MCP server is driven by a model that reads untrusted text; with these options a prompt injection or a malicious server release reaches the host. Critical for the engine socket and `/` mounts, high otherwise.',
    category: 'config',
    severity: 'high',
    confidence: 'high',
    owasp: [OWASP.MCP02],
    cwe: [250],
    remediation:
      'Drop the option. Mount only the folder the server works on (`-v "$PWD/data:/data:ro"`), add only the capability it needs, keep the default seccomp and AppArmor profiles, and give the server its own network. A server that needs the engine socket or the host root should not be driven by a model.',
  },
  config(view, ctx) {
    const e = view.entry
    for (const cmd of simpleCommands(e)) {
      const run = parseContainerRun(cmd.argv)
      if (!run) continue
      for (const p of problems(run.options)) {
        ctx.report({
          at: view,
          pointer: p.pointer,
          message: `server "${e.name}" ${p.what}: a compromised server or a prompt injection reaches the host`,
          severity: p.severity,
          evidence: maskedCommandLine(e.command, e.args),
          key: `${p.pointer}:${p.what}`,
        })
      }
    }
  },
})
