// From a config entry to the exact process the sandbox starts: references resolved, the sandbox
// level chosen, the command found, `npx pkg@ver` turned into `node <bin>` of an installed copy when
// there is one (so strict needs no network), and relative paths made absolute (the server runs in
// a fresh working folder, not in the project).

import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {resolveLaunch} from '../config/refs.js'
import type {ServerConfig} from '../model/config.js'
import {chooseLevel, SandboxUnavailableError} from '../sandbox/launch.js'
import {findOnPath, realpathOr, resolveCommand} from '../sandbox/paths.js'
import {findInNpxCache, findInProject, npmCacheDir, packageOfFile, parseDockerRun, parseNpx, parseUvx, type NpxCall, type PackageId} from './package.js'
import type {ProbeOptions, SandboxLevel} from './types.js'

export interface LaunchPlan {
  level: SandboxLevel
  /** Absolute path of what runs. */
  command: string
  args: string[]
  configuredEnv: Record<string, string>
  extraEnv: Record<string, string>
  cwd?: string
  /** Paths the server reads that a strict sandbox must keep visible. */
  reads: string[]
  package?: PackageId
  /** An npx call left to npx itself (basic): its version is looked up in npx's cache afterwards. */
  npxPending?: NpxCall
  notes: string[]
}

/** Why a server cannot be launched; the probe turns it into a ProbeError naming the server. */
export class LaunchError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = 'LaunchError'
  }
}

const base = (cmd: string) => path.basename(cmd).replace(/\.(cmd|exe|bat)$/i, '')
const INTERPRETERS = new Set(['node', 'nodejs', 'bun', 'deno', 'python', 'python3', 'tsx', 'ts-node'])

export async function planLaunch(config: ServerConfig, opts: ProbeOptions): Promise<LaunchPlan> {
  if (config.transport !== 'stdio') {
    throw new LaunchError(`remote ${config.transport} server at ${config.url ?? '(no url)'} is not probed: mcp-warden works offline and never connects to remote servers`, 'skip remote servers before probing (see canProbe); their url is what gets locked')
  }
  if (!config.command) throw new LaunchError('the entry has no command to launch', 'give the server a "command" (and "args")')
  const callerEnv = opts.env ?? process.env
  const projectRoot = path.resolve(opts.projectRoot)
  const resolved = resolveLaunch(config, callerEnv, {
    inputs: opts.inputs,
    builtins: {workspaceFolder: projectRoot, workspaceRoot: projectRoot, workspaceFolderBasename: path.basename(projectRoot), cwd: projectRoot, userHome: callerEnv.HOME},
  })
  if (resolved.missing.length > 0) {
    const names = resolved.missing.map((n) => `"${n}"`).join(', ')
    const inputs = resolved.missing.filter((n) => n.startsWith('input:'))
    throw new LaunchError(
      `the launch references ${names}, which ${resolved.missing.length === 1 ? 'is' : 'are'} not set`,
      inputs.length > 0
        ? 'mcp-warden cannot prompt for VS Code inputs: replace them by ${env:NAME} and export NAME'
        : envHint(resolved.missing),
    )
  }
  const command = resolved.command ?? config.command
  const cwd = resolved.cwd === undefined ? undefined : path.resolve(projectRoot, resolved.cwd)
  if (cwd !== undefined && !existsSync(cwd)) throw new LaunchError(`working folder ${cwd} does not exist`, 'fix "cwd" in the config, or create the folder')

  let choice
  try {
    choice = await chooseLevel(opts.sandbox)
  } catch (err) {
    if (err instanceof SandboxUnavailableError) throw new LaunchError(err.message, err.hint)
    throw err
  }
  const plan: LaunchPlan = {level: choice.level, command: '', args: [], configuredEnv: resolved.env, extraEnv: {}, cwd, reads: [], notes: choice.note ? [choice.note] : []}
  const pathVar = resolved.env.PATH ?? callerEnv.PATH
  // Where relative paths in the command line point: the configured folder, else the project (the
  // folder a client starts the server in), never the fresh working folder the probe runs it in.
  const relBase = cwd ?? projectRoot
  const needsNetwork = (what: string, hint: string) => {
    if (plan.level !== 'strict') return
    if (opts.sandbox === 'strict') throw new LaunchError(`${what} needs the network, which --sandbox strict does not give`, hint)
    plan.level = 'basic'
    plan.notes.push(`sandbox auto used basic: ${what} needs the network`)
  }

  const name = base(command)
  if (name === 'npx') {
    const call = parseNpx(resolved.args)
    const installed = call && (findInProject(call, projectRoot) ?? findInNpxCache(call, callerEnv))
    if (call && installed) {
      const node = nodeFor(installed.binFile, pathVar)
      plan.command = node ?? installed.binFile
      plan.args = [...(node ? [installed.binFile] : []), ...absolutize(call.args, relBase, false)]
      plan.reads.push(installed.dir)
      plan.package = {ecosystem: 'npm', name: installed.name, version: installed.version}
      plan.notes.push(`ran ${installed.name}@${installed.version} from ${installed.from === 'project' ? 'the project\'s node_modules' : 'npx\'s cache'} instead of npx`)
    } else {
      const spec = call ? call.name + (call.range ? `@${call.range}` : '') : (resolved.args.find((a) => !a.startsWith('-')) ?? '<package>')
      needsNetwork(`npx ${spec} (not installed in the project or in npx's cache)`, `install it first so it runs offline: npm i -D ${spec} (in ${projectRoot}), or choose --sandbox basic`)
      plan.command = must(resolveCommand(command, relBase, pathVar), command)
      plan.args = resolved.args
      if (call) {
        plan.package = {ecosystem: 'npm', name: call.name, ...(call.range && /^\d/.test(call.range) ? {version: call.range} : {})}
        plan.npxPending = call
      }
      // npx downloads into npm's cache: reuse the caller's instead of an empty one in the fresh HOME.
      const cache = npmCacheDir(callerEnv)
      if (cache && plan.level !== 'strict') plan.extraEnv.npm_config_cache = cache
    }
  } else if (name === 'uvx' || (name === 'uv' && resolved.args[0] === 'tool' && resolved.args[1] === 'run')) {
    plan.package = parseUvx(name === 'uvx' ? resolved.args : resolved.args.slice(2))
    needsNetwork(`uvx ${plan.package?.name ?? ''}`.trim(), 'install the server first (uv tool install <pkg>==<version>) and point the config\'s command at its executable, or choose --sandbox basic')
    plan.command = must(resolveCommand(command, relBase, pathVar), command)
    plan.args = resolved.args
  } else if (name === 'docker' || name === 'podman') {
    plan.package = parseDockerRun(resolved.args)
    needsNetwork(`${name} ${resolved.args[0] ?? ''}`.trim(), `a container server talks to the ${name} daemon, which strict hides; choose --sandbox basic for it`)
    plan.command = must(resolveCommand(command, relBase, pathVar), command)
    plan.args = resolved.args
  } else {
    plan.command = must(resolveCommand(command, relBase, pathVar), command)
    plan.args = absolutize(resolved.args, relBase, INTERPRETERS.has(name))
    const real = realpathOr(plan.command)
    const script = INTERPRETERS.has(name) ? plan.args.find((a) => !a.startsWith('-') && path.isAbsolute(a)) : undefined
    plan.package = packageOfFile(script ? realpathOr(script) : real)
    if (real !== plan.command) plan.reads.push(real)
  }
  for (const a of plan.args) if (path.isAbsolute(a) && existsSync(a)) plan.reads.push(a)
  if (cwd) plan.reads.push(cwd)
  return plan
}

/** How to get the usual launchers of MCP servers; in CI, the setup action that provides them. */
const INSTALL: Record<string, string> = {
  npx: 'npx comes with Node.js and npm: install Node.js (https://nodejs.org; in GitHub Actions: actions/setup-node)',
  npm: 'install Node.js, which includes npm (https://nodejs.org; in GitHub Actions: actions/setup-node)',
  node: 'install Node.js (https://nodejs.org; in GitHub Actions: actions/setup-node)',
  uvx: 'uvx comes with uv: install uv (https://docs.astral.sh/uv/; pipx install uv; in GitHub Actions: astral-sh/setup-uv)',
  uv: 'install uv (https://docs.astral.sh/uv/; pipx install uv; in GitHub Actions: astral-sh/setup-uv)',
  python: 'install Python (in GitHub Actions: actions/setup-python)',
  python3: 'install Python 3 (in GitHub Actions: actions/setup-python)',
  pipx: 'install pipx (python3 -m pip install --user pipx)',
  docker: 'install Docker (https://docs.docker.com/engine/install/; GitHub\'s Ubuntu runners have it)',
  podman: 'install Podman (sudo apt-get install -y podman)',
  bun: 'install Bun (https://bun.sh; in GitHub Actions: oven-sh/setup-bun)',
  bunx: 'bunx comes with Bun: install Bun (https://bun.sh; in GitHub Actions: oven-sh/setup-bun)',
  deno: 'install Deno (https://deno.com; in GitHub Actions: denoland/setup-deno)',
}

/** How to set variables a launch references: in the shell, and in CI from secrets. */
function envHint(names: string[]): string {
  const many = names.length > 1
  const first = names[0]
  return (
    `set the variable${many ? 's' : ''}: export ${names.map((n) => `${n}=...`).join(' ')} in the shell that runs mcp-warden; ` +
    `in CI, store ${many ? 'them as secrets and pass them' : 'it as a secret and pass it'} to the step's env (GitHub Actions: env: ${first}: \${{ secrets.${first} }}). ` +
    `Listing tools rarely needs a real credential: a placeholder value often does, and keeps the secret away from the probed server. Or give the reference a default: \${${first}:-placeholder}`
  )
}

function must(found: string | undefined, command: string): string {
  if (found) return found
  if (command.includes('/') || command.includes('\\')) {
    throw new LaunchError(`command "${command}" not found`, 'check the path in the config (a relative path starts at the project root, or at the entry\'s "cwd")')
  }
  const how = INSTALL[base(command)] ?? `install it, or give its full path as "command" in the config`
  throw new LaunchError(`command "${command}" not found on PATH`, `${how}; then check that \`command -v ${command}\` finds it in the shell that runs mcp-warden`)
}

/** `node` for a JavaScript bin (npx runs them through their `#!/usr/bin/env node` line), else undefined. */
function nodeFor(binFile: string, pathVar: string | undefined): string | undefined {
  let head = ''
  try {
    head = readFileSync(binFile, 'utf8').slice(0, 200)
  } catch {
    return undefined
  }
  const isJs = /\.[cm]?js$/.test(binFile) || /^#!.*\bnode\b/.test(head)
  if (!isJs) return undefined
  return findOnPath('node', pathVar) ?? process.execPath
}

/**
 * Relative paths in the arguments, made absolute against `relBase`: an interpreter's script
 * (`node server.js`) when it exists, and any argument with a slash (or `.`/`..`) that exists.
 * Flags and words are left alone.
 */
function absolutize(args: string[], relBase: string, interpreter: boolean): string[] {
  let scriptSeen = !interpreter
  return args.map((a) => {
    if (a.startsWith('-') || path.isAbsolute(a) || a === '') return a
    const isScript = !scriptSeen
    scriptSeen = true
    const pathLike = a === '.' || a === '..' || a.includes('/')
    if (!isScript && !pathLike) return a
    const abs = path.resolve(relBase, a)
    return existsSync(abs) ? abs : a
  })
}
