// A launch that downloads a script and runs it (`curl ... | sh`): whatever the URL serves today runs
// with the agent's access, and nothing records what it was.
import {OWASP} from '../../core/finding.js'
import {decodePowerShell, launchTokens, programName, scriptSegments, type Token} from '../../config/command.js'
import {maskedCommandLine} from '../../config/redact.js'
import {defineRule} from '../types.js'

const FETCHERS = new Set(['curl', 'wget', 'fetch', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'http', 'xh'])
const RUNNERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'python', 'python3', 'python2', 'py', 'node', 'deno', 'bun', 'perl', 'ruby', 'php', 'pwsh', 'powershell', 'iex', 'invoke-expression', 'source', '.', 'cmd'])
const ELEVATE = new Set(['sudo', 'doas', 'env', 'exec'])

// The argument that holds the download, for the finding's line.
const FETCH_WORD = /(?:^|[\s(\x60"'])(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)(?:\.exe)?(?:\s|$)/i

const isRunner = (prog: string) => RUNNERS.has(prog) || /^python[0-9.]{1,4}$/.test(prog)

/** The program of a command behind `sudo -E`, `env X=1`: what actually reads the input. */
function effective(words: string[]): {prog: string; rest: string[]} {
  let i = 0
  for (;;) {
    const p = programName(words[i] ?? '')
    if (p === 'cmd' && /^\/[ck]$/i.test(words[i + 1] ?? '')) {
      i += 2
      continue
    }
    if (!ELEVATE.has(p)) break
    i++
    while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i += /^-[ugCp]$/.test(words[i]) ? 2 : 1
  }
  return {prog: programName(words[i] ?? ''), rest: words.slice(i + 1)}
}

// A runner given `-c`, `-m` or `-e` runs its argument, not what is piped in (`| python3 -m json.tool`).
const runsItsArgument = (rest: string[]) => rest.length > 0 && /^-(?:c|m|e|command)$/i.test(rest[0])

// Each pattern is linear: fixed words around bounded gaps of one class.
// bash -c "$(curl ...)", python -c "$(wget -O- ...)", eval "$(curl ...)", sh <(curl ...), . <(curl ...)
// (`sudo bash -c "$(curl ...)"` is found at `bash`; no sudo prefix keeps the pattern a small automaton.)
const SUBSTITUTION = new RegExp(
  String.raw`(?:^|[\s;&|(])(?:sh|bash|zsh|dash|ksh|ash|fish|python[0-9.]{0,4}|py|node|deno|bun|perl|ruby|php|pwsh|powershell|source|eval|\.)(?:\.exe)?[ \t]{1,5}(?:-[A-Za-z]{1,3}[ \t]{1,5}){0,2}["']?(?:\$\(|\x60|<\()[ \t]{0,5}(?:curl|wget|fetch|iwr|irm|http|xh)(?:\.exe)?\s`,
  'i',
)
// iex (iwr URL), iex (New-Object Net.WebClient).DownloadString(URL), Invoke-Expression (irm URL)
const IEX = /(?:iex|invoke-expression)\s{0,5}[(&]{0,3}\s{0,5}(?:iwr|irm|invoke-webrequest|invoke-restmethod|\(?\s{0,5}new-object\s{1,5}(?:system\.)?net\.webclient)/i
// python -c "exec(urlopen(URL).read())", node -e "eval(await (await fetch(URL)).text())"
const EVAL_CALL = /\b(?:exec|eval)\s{0,5}\(/gi
const DOWNLOAD_CALL = /urlopen|urllib|requests\.get|httpx\.get|fetch\s{0,5}\(|https?:\/\//i

function evalOfDownload(text: string): boolean {
  EVAL_CALL.lastIndex = 0
  for (const m of text.matchAll(EVAL_CALL)) {
    if (DOWNLOAD_CALL.test(text.slice(m.index! + m[0].length, m.index! + m[0].length + 200))) return true
  }
  return false
}

export interface RemoteCode {
  what: string
  runner: string
}

/** Pipelines and sequences of a script: a download piped into a runner, or written to a file that is then run. */
function scriptRemoteCode(script: string): RemoteCode | undefined {
  const segs = scriptSegments(script)
  const written = new Set<string>()
  for (let i = 0; i < segs.length; i++) {
    const {prog, rest} = effective(segs[i].words)
    if (FETCHERS.has(prog)) {
      if (segs[i].op === '|' && i + 1 < segs.length) {
        const next = effective(segs[i + 1].words)
        if (isRunner(next.prog) && !runsItsArgument(next.rest)) return {what: 'pipes a downloaded script into', runner: next.prog}
      }
      for (const f of outputsOf(prog, rest)) written.add(f)
      continue
    }
    if (written.size === 0) continue
    const target = isRunner(prog) ? rest.find((w) => !w.startsWith('-')) : segs[i].words[0]
    if (target !== undefined && written.has(baseName(target))) return {what: 'downloads a script and runs it with', runner: isRunner(prog) ? prog : 'the shell'}
  }
  return undefined
}

/** Files a download command writes: `-o F`, `--output F`, `-O F` (wget), or the URL's file name. */
function outputsOf(prog: string, words: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (/^(?:-o|--output|--output-document|-outfile)$/i.test(w) || (prog === 'wget' && w === '-O')) {
      if (words[i + 1]) out.push(baseName(words[++i]))
    } else if (/^--output(?:-document)?=/.test(w)) out.push(baseName(w.slice(w.indexOf('=') + 1)))
    else if (/^https?:\/\//i.test(w) && (prog === 'wget' || words.includes('-O') || words.includes('--remote-name'))) out.push(baseName(w.split(/[?#]/)[0]))
  }
  return out
}

function baseName(p: string): string {
  return p.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? p
}

/** Does this text (one argument, a whole script, or a launch line) run remote code? */
export function remoteCodeIn(text: string): RemoteCode | undefined {
  const t = text.length > 100_000 ? text.slice(0, 100_000) : text
  const sub = SUBSTITUTION.exec(t)
  if (sub) return {what: 'runs the output of a download in', runner: sub[0].trim().split(/\s/)[0].replace(/^[;&|(]/, '')}
  if (IEX.test(t)) return {what: 'evaluates a download in', runner: 'PowerShell'}
  if (evalOfDownload(t)) return {what: 'evaluates a download in', runner: 'its interpreter'}
  return /[\s|;&]/.test(t) ? scriptRemoteCode(t) : undefined
}

export default defineRule({
  meta: {
    id: 'remote-code-pipe',
    summary: 'a server launch pipes a downloaded script into a shell',
    description:
      'The command or its arguments download a script and execute it in one step: `curl ... | sh`, `wget -O- ... | bash`, `bash -c "$(curl ...)"`, `sh <(curl ...)`, `iex (iwr ...)`, `python -c "exec(urlopen(...).read())"`, or `curl -o x.sh ... && sh x.sh`, including when the pipeline is the script of `sh -c`, `bash -c`, `cmd /c` or `powershell -Command` (also `-EncodedCommand`, which is decoded). Whatever the URL serves at that moment runs with the agent\'s access, on every launch, and nothing pins or records what it was: one compromised host or hijacked domain is code execution on every machine that starts the server.',
    category: 'config',
    severity: 'critical',
    confidence: 'high',
    owasp: [OWASP.MCP05, OWASP.MCP04],
    cwe: [494, 78],
    remediation:
      'Install the server as a pinned package (`npx pkg@1.2.3`, `uvx pkg==1.2.3`, an image by digest) or vendor the script into the repository, review it, and run the local copy. If a download is unavoidable, fetch a fixed version and check its SHA-256 before running it.',
  },
  config(view, ctx) {
    const e = view.entry
    const tokens = launchTokens(e)
    if (tokens.length === 0) return
    const texts: Token[] = [...tokens]
    // PowerShell -EncodedCommand hides its script in base64 (UTF-16LE).
    const prog = programName(tokens[0].text)
    if (prog === 'powershell' || prog === 'pwsh') {
      for (let i = 1; i + 1 < tokens.length; i++) {
        if (!/^-(?:e|ec|enc|encodedcommand)$/i.test(tokens[i].text)) continue
        const decoded = decodePowerShell(tokens[i + 1].text)
        if (decoded) texts.push({text: decoded, pointer: tokens[i + 1].pointer})
      }
    }
    let hit: {pointer: string; r: RemoteCode} | undefined
    for (const t of texts) {
      const r = remoteCodeIn(t.text)
      if (r) {
        hit = {pointer: t.pointer, r}
        break
      }
    }
    // The pipeline may be spread over several arguments (`cmd /c curl URL | sh`, or a split command).
    if (!hit) {
      const r = remoteCodeIn(tokens.map((t) => (/[\s"']/.test(t.text) ? JSON.stringify(t.text) : t.text)).join(' '))
      if (r) hit = {pointer: (tokens.find((t) => FETCH_WORD.test(t.text)) ?? tokens[0]).pointer, r}
    }
    if (!hit) return
    ctx.report({
      at: view,
      pointer: hit.pointer,
      message: `server "${e.name}" ${hit.r.what} ${hit.r.runner} at launch: whatever the URL serves runs with the agent's access`,
      evidence: maskedCommandLine(e.command, e.args),
    })
  },
})
