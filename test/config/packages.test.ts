// What a launch line runs: wrappers unwrapped, package specs read with their pin, docker options
// parsed so the image (and every option) is found; typosquats of well-known server names.
import {describe, expect, it} from 'vitest'
import {decodePowerShell, programName, simpleCommands, splitScript} from '../../src/config/command.js'
import {parseContainerRun} from '../../src/config/container.js'
import {KNOWN_IMAGES, KNOWN_NPM, KNOWN_PYPI} from '../../src/config/known-servers.js'
import {packageRefs, parseImageRef, parseNpmSpec, parsePypiSpec} from '../../src/config/packages.js'
import {editDistance, skeleton, typosquatOf} from '../../src/config/typosquat.js'
import {mcpJson, servers} from './helpers.js'

const entry = (command: string, args: string[] = []) => servers('.mcp.json', mcpJson({command, args})).get('s')!
const refs = (command: string, args: string[] = []) => packageRefs(entry(command, args)).map((p) => `${p.ecosystem}:${p.name}:${p.pin}${p.version ? `:${p.version}` : ''}`)

describe('simpleCommands', () => {
  it('unwraps shells, cmd, powershell and env, keeping each word\'s pointer', () => {
    const cmds = simpleCommands(entry('bash', ['-lc', 'cd /srv && env A=1 npx -y pkg@1.0.0 | tee log']))
    expect(cmds.map((c) => c.argv.map((t) => t.text))).toEqual([['cd', '/srv'], ['npx', '-y', 'pkg@1.0.0'], ['tee', 'log']])
    expect(cmds[1].via).toEqual(['bash -c', 'env'])
    expect(cmds[1].argv[0].pointer).toBe('/mcpServers/s/args/1')
    expect(simpleCommands(entry('cmd', ['/c', 'npx', '-y', 'pkg'])).map((c) => c.argv[0].pointer)).toEqual(['/mcpServers/s/args/1'])
    const ps = Buffer.from('npx -y evil-pkg', 'utf16le').toString('base64')
    expect(simpleCommands(entry('powershell', ['-EncodedCommand', ps]))[0].argv.map((t) => t.text)).toEqual(['npx', '-y', 'evil-pkg'])
    expect(decodePowerShell('not base64!')).toBeUndefined()
  })

  it('normalizes program names', () => {
    expect(programName('C:\\Program Files\\nodejs\\npx.cmd')).toBe('npx')
    expect(programName('/usr/local/bin/uvx')).toBe('uvx')
  })

  it('splits scripts on operators outside quotes', () => {
    expect(splitScript(`a "b && c" && d; e | f || g & h\ni`)).toEqual([['a', 'b && c'], ['d'], ['e'], ['f'], ['g'], ['h'], ['i']])
  })
})

describe('package specs', () => {
  it('reads npm specs', () => {
    expect(parseNpmSpec('@scope/name@1.2.3')).toEqual({name: '@scope/name', version: '1.2.3', pin: 'exact'})
    expect(parseNpmSpec('name')).toEqual({name: 'name', pin: 'none'})
    expect(parseNpmSpec('name@latest')?.pin).toBe('latest')
    expect(parseNpmSpec('name@^1.2.0')?.pin).toBe('range')
    expect(parseNpmSpec('name@1')?.pin).toBe('range')
    expect(parseNpmSpec('name@1.x')?.pin).toBe('range')
    expect(parseNpmSpec('name@next')?.pin).toBe('dist-tag')
    expect(parseNpmSpec('name@1.0.0-beta.2')?.pin).toBe('exact')
    expect(parseNpmSpec('github:org/repo')?.pin).toBe('branch')
    expect(parseNpmSpec('github:org/repo#main')?.pin).toBe('branch')
    expect(parseNpmSpec('org/repo#4f6b8d0a2c4e6a8c0e2b4d6f8a0c2e4b6d8f0a2c')?.pin).toBe('commit')
    expect(parseNpmSpec('./local')?.pin).toBe('local')
    expect(parseNpmSpec('https://x.example.com/p.tgz')?.pin).toBe('url')
  })

  it('reads PyPI specs', () => {
    expect(parsePypiSpec('mcp-server-git==2025.9.25')).toEqual({name: 'mcp-server-git', version: '2025.9.25', pin: 'exact'})
    expect(parsePypiSpec('mcp-server-git@2025.9.25')?.pin).toBe('exact')
    expect(parsePypiSpec('mcp-server-git@latest')?.pin).toBe('latest')
    expect(parsePypiSpec('mcp-server-git')?.pin).toBe('none')
    expect(parsePypiSpec('pkg[cli]>=1.0,<2')).toEqual({name: 'pkg', version: '>=1.0,<2', pin: 'range'})
    expect(parsePypiSpec('pkg==1.*')?.pin).toBe('range')
    expect(parsePypiSpec('git+https://github.com/o/r@main')?.pin).toBe('branch')
    expect(parsePypiSpec('./dist/pkg-1.0-py3-none-any.whl')?.pin).toBe('local')
  })

  it('reads image references', () => {
    expect(parseImageRef('mcp/fetch')).toEqual({name: 'mcp/fetch'})
    expect(parseImageRef('registry:5000/org/img:1.0')).toEqual({name: 'registry:5000/org/img', tag: '1.0'})
    const digest = 'sha256:' + 'a'.repeat(64)
    expect(parseImageRef(`img:1.0@${digest}`)).toEqual({name: 'img', tag: '1.0', digest})
    expect(parseImageRef('${IMAGE}')).toBeUndefined()
  })

  it('finds the packages each launcher runs', () => {
    expect(refs('npx', ['-y', '@modelcontextprotocol/server-github'])).toEqual(['npm:@modelcontextprotocol/server-github:none'])
    expect(refs('npx', ['--package=a@1.0.0', '-p', 'b', 'bin-name'])).toEqual(['npm:a:exact:1.0.0', 'npm:b:none'])
    expect(refs('npx', ['--registry', 'https://r.example.com', 'pkg@2.0.0'])).toEqual(['npm:pkg:exact:2.0.0'])
    expect(refs('pnpm', ['dlx', 'x@^1'])).toEqual(['npm:x:range:^1'])
    expect(refs('yarn', ['dlx', 'x@next'])).toEqual(['npm:x:dist-tag:next'])
    expect(refs('npm', ['exec', '--yes', '--', 'x@1.0.0'])).toEqual(['npm:x:exact:1.0.0'])
    expect(refs('bunx', ['x'])).toEqual(['npm:x:none'])
    expect(refs('uvx', ['--python', '3.12', 'mcp-server-git==1.0'])).toEqual(['pypi:mcp-server-git:exact:1.0'])
    expect(refs('uvx', ['--from', 'mcp-server-git>=1', '--with', 'extra', 'mcp-server-git', '--with', 'not-uvx'])).toEqual(['pypi:mcp-server-git:range:>=1', 'pypi:extra:none'])
    expect(refs('uv', ['tool', 'run', 'pkg@latest'])).toEqual(['pypi:pkg:latest:latest'])
    expect(refs('pipx', ['run', '--spec', 'pkg==1.0', 'cmd'])).toEqual(['pypi:pkg:exact:1.0'])
    expect(refs('docker', ['run', '-i', '--rm', '-e', 'TOKEN', '-v', '/a:/b', 'mcp/github'])).toEqual(['docker:mcp/github:none'])
    expect(refs('podman', ['--log-level', 'warn', 'run', '-it', 'mcp/github:1.0'])).toEqual(['docker:mcp/github:tag:1.0'])
    expect(refs('node', ['server.js'])).toEqual([])
    expect(refs('npx', ['./local'])).toEqual([])
    expect(refs('sh', ['-c', 'npx -y pkg && uvx other'])).toEqual(['npm:pkg:none', 'pypi:other:none'])
    expect(packageRefs(entry('npx', ['-y', 'pkg']))[0].autoYes).toBe(true)
  })
})

describe('parseContainerRun', () => {
  const run = (args: string[]) => parseContainerRun(simpleCommands(entry('docker', args))[0].argv)!
  it('knows which options take a value, including grouped short options', () => {
    const r = run(['run', '-itv', '/a:/b', '--rm', '--name', 'x', '-eTOKEN=1', '--network=host', 'img:1', '--flag'])
    expect(r.image?.text).toBe('img:1')
    expect(r.options.map((o) => `${o.name}=${o.value?.text ?? ''}`)).toEqual(['interactive=', 'tty=', 'volume=/a:/b', 'rm=', 'name=x', 'env=TOKEN=1', 'network=host'])
  })

  it('reads `container run` and refuses other subcommands', () => {
    expect(run(['container', 'run', 'img']).image?.text).toBe('img')
    expect(parseContainerRun(simpleCommands(entry('docker', ['ps']))[0].argv)).toBeUndefined()
  })
})

describe('typosquatOf', () => {
  it('never flags a known name', () => {
    for (const n of KNOWN_NPM) expect(typosquatOf('npm', n), n).toBeUndefined()
    for (const n of KNOWN_PYPI) expect(typosquatOf('pypi', n), n).toBeUndefined()
    for (const n of KNOWN_IMAGES) expect(typosquatOf('docker', n), n).toBeUndefined()
    expect(typosquatOf('pypi', 'MCP_Server_Fetch')).toBeUndefined()
    expect(typosquatOf('docker', 'docker.io/mcp/fetch')).toBeUndefined()
  })

  it('finds look-alikes, scope confusion, dropped scopes and typos', () => {
    expect(typosquatOf('npm', '@modelcontextprotocoI/server-github')).toMatchObject({reason: 'homoglyph', target: '@modelcontextprotocol/server-github'})
    expect(typosquatOf('npm', '@modelcontextprotоcol/server-github')).toMatchObject({reason: 'homoglyph'})
    expect(typosquatOf('npm', '@model-context-protocol/server-filesystem')).toMatchObject({reason: 'scope', target: '@modelcontextprotocol/server-filesystem'})
    expect(typosquatOf('npm', '@modelcontextprotocal/server-x')).toMatchObject({reason: 'scope', target: '@modelcontextprotocol'})
    expect(typosquatOf('npm', 'modelcontextprotocol-server-github')).toMatchObject({reason: 'scope', target: '@modelcontextprotocol/server-github'})
    expect(typosquatOf('npm', 'modelcontextprotocol/server-github')).toMatchObject({reason: 'scope'})
    expect(typosquatOf('npm', 'server-filesystem')).toMatchObject({reason: 'unscoped', target: '@modelcontextprotocol/server-filesystem'})
    expect(typosquatOf('npm', '@playwrigth/mcp')).toMatchObject({reason: 'scope', target: '@playwright/mcp'})
    expect(typosquatOf('npm', 'firecrawl-mpc')).toMatchObject({reason: 'distance', target: 'firecrawl-mcp'})
    expect(typosquatOf('pypi', 'mcp-server-fecth')).toMatchObject({reason: 'distance', target: 'mcp-server-fetch'})
    expect(typosquatOf('docker', 'ghcr.io/githubb/github-mcp-server')).toMatchObject({reason: 'distance'})
  })

  it('leaves unrelated names, short names and names under owned scopes alone', () => {
    for (const n of ['@acme/inventory-mcp', 'mcp-server-kubernetes-extra', 'mcpx', '@modelcontextprotocol/server-filesytem', '@playwright/mcp-server', 'weather-mcp', '@azure/storage-blob', 'mcp-proxy-plus', 'tavily-search']) {
      expect(typosquatOf('npm', n), n).toBeUndefined()
    }
    for (const n of ['mcp-server-docker', 'mcp-server-time-plus', 'requests', 'mcp-neo4j-aura']) expect(typosquatOf('pypi', n), n).toBeUndefined()
  })

  it('has a bounded edit distance and a skeleton that folds look-alikes', () => {
    expect(editDistance('abcdef', 'abdcef', 2)).toBe(1)
    expect(editDistance('kitten', 'sitting', 3)).toBe(3)
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3)
    expect(skeleton('ΜCP-Ѕerver')).toBe('mcp-server')
  })
})

describe('typosquatOf and scopes', () => {
  it('does not compare unscoped names with scoped ones by edit distance', () => {
    expect(typosquatOf('npm', 'sentry-mcp-server')).toBeUndefined()
    expect(typosquatOf('npm', 'playwright-mcp')).toBeUndefined()
    expect(typosquatOf('npm', '@sentri/mcp-server')).toMatchObject({reason: 'scope', target: '@sentry/mcp-server'})
  })
})
