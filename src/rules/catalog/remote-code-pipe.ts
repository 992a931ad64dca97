// A launch that downloads a script and runs it (`curl ... | sh`): whatever the URL serves today runs
// with the agent's access, and nothing records what it was.
import {OWASP} from '../../core/finding.js'
import {decodePowerShell, launchTokens, programName, splitScript, type Token} from '../../config/command.js'
import {maskedCommandLine} from '../../config/redact.js'
import {defineRule} from '../types.js'

const FETCH = String.raw`(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod|http|xh)(?:\.exe)?`
const RUNNER = String.raw`(?:sudo\s{1,5}(?:-\S{1,10}\s{1,5}){0,3})?(?:sh|bash|zsh|dash|ksh|ash|fish|python[0-9.]{0,4}|py|node|deno|bun|perl|ruby|php|pwsh|powershell|iex|invoke-expression|source|cmd)(?:\.exe)?`

// After a runner: `-c`, `-m`, `-e` mean it runs its argument, not what is piped into it
// (`curl ... | python -m json.tool` only formats the download).
const NOT_STDIN = String.raw`(?!\s{1,5}-[cme]\b)`

// Each pattern is linear: bounded gaps of one negated class between fixed words.
const PATTERNS: Array<{re: RegExp; what: string}> = [
  // curl -fsSL URL | sh, wget -qO- URL | sudo bash, iwr URL | iex
  {re: new RegExp(String.raw`(?:^|[\s;&|(\x60'"])${FETCH}\s[^|;&\n]{0,800}\|\s{0,5}${RUNNER}(?=$|[\s;&|)'"\x60])${NOT_STDIN}`, 'i'), what: 'pipes a downloaded script into'},
  // bash -c "$(curl ...)", python -c "$(wget -O- ...)", eval "$(curl ...)", sh <(curl ...), . <(curl ...)
  {re: new RegExp(String.raw`(?:^|[\s;&|(])(?:${RUNNER}|eval|\.)\s{1,5}(?:-[A-Za-z]{1,3}\s{1,5}){0,2}["']?(?:\$\(|\x60|<\()\s{0,5}${FETCH}\s`, 'i'), what: 'runs the output of a download in'},
  // iex (iwr URL), iex (New-Object Net.WebClient).DownloadString(URL), Invoke-Expression (irm URL)
  {re: /(?:iex|invoke-expression)\s{0,5}[(&]{0,3}\s{0,5}(?:iwr|irm|invoke-webrequest|invoke-restmethod|\(?\s{0,5}new-object\s{1,5}(?:system\.)?net\.webclient)/i, what: 'evaluates a download in'},
  // python -c "exec(urlopen(URL).read())", node -e "eval(await (await fetch(URL)).text())"
  {re: /\b(?:exec|eval)\s{0,5}\([^)\n]{0,200}(?:urlopen|urllib|requests\.get|httpx\.get|fetch\s{0,5}\(|https?:\/\/)/i, what: 'evaluates a download in'},
]

const FETCH_WORD = new RegExp(String.raw`^${FETCH}$`, 'i')
const RUN_WORD = new RegExp(String.raw`^${RUNNER}$`, 'i')

/**
 * `curl -o x.sh URL && sh x.sh`, `wget URL/install.sh; bash install.sh`: a file written by a
 * download and then executed by a later command of the same script.
 */
export function downloadThenRun(script: string): string | undefined {
  const written = new Set<string>()
  for (const words of splitScript(script)) {
    const prog = programName(words[0] ?? '')
    if (FETCH_WORD.test(prog)) {
      for (let i = 1; i < words.length; i++) {
        const w = words[i]
        if (/^(?:-o|--output|-O|--output-document)$/.test(w) && words[i + 1]) written.add(baseName(words[++i]))
        else if (/^--output(?:-document)?=/.test(w)) written.add(baseName(w.slice(w.indexOf('=') + 1)))
        else if (/^https?:\/\//i.test(w) && (prog === 'wget' || words.includes('-O') || words.includes('--remote-name'))) written.add(baseName(w.split(/[?#]/)[0]))
      }
      continue
    }
    if (written.size === 0) continue
    const runner = RUN_WORD.test(prog) ? prog : undefined
    const targets = runner ? words.slice(1).filter((w) => !w.startsWith('-')).slice(0, 1) : [words[0]]
    if (targets.some((t) => written.has(baseName(t)))) return runner ?? 'the shell'
  }
  return undefined
}

function baseName(p: string): string {
  return p.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? p
}

/** The shell a matched text hands the download to, for the message. */
function runnerIn(text: string): string {
  const m = new RegExp(String.raw`\|\s{0,5}(${RUNNER})|(?:^|\s)(${RUNNER}|eval)\s{1,5}(?:-[a-z]{1,3}\s{1,5})?["']?(?:\$\(|<\(|\x60)`, 'i').exec(text)
  const word = (m?.[1] ?? m?.[2] ?? 'a shell').replace(/^sudo\s.*?(\S+)$/i, '$1')
  return word.trim()
}

export function remoteCodeIn(text: string): {what: string; runner: string} | undefined {
  const t = text.length > 100_000 ? text.slice(0, 100_000) : text
  for (const p of PATTERNS) if (p.re.test(t)) return {what: p.what, runner: runnerIn(t)}
  const runner = /\s/.test(t) ? downloadThenRun(t) : undefined
  if (runner) return {what: 'downloads a script and runs it with', runner}
  return undefined
}

export default defineRule({
  meta: {
    id: 'remote-code-pipe',
    summary: 'a server launch pipes a downloaded script into a shell',
    description:
      'The command or its arguments download a script and execute it in one step: `curl ... | sh`, `wget -O- ... | bash`, `bash -c "$(curl ...)"`, `sh <(curl ...)`, `iex (iwr ...)`, `python -c "exec(urlopen(...).read())"`, including when the pipeline is the script of `sh -c`, `bash -c`, `cmd /c` or `powershell -Command` (also `-EncodedCommand`, which is decoded). Whatever the URL serves at that moment runs with the agent\'s access, on every launch, and nothing pins or records what it was: one compromised host or hijacked domain is code execution on every machine that starts the server.',
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
    if (programName(tokens[0].text) === 'powershell' || programName(tokens[0].text) === 'pwsh') {
      for (let i = 1; i + 1 < tokens.length; i++) {
        if (!/^-(?:e|ec|enc|encodedcommand)$/i.test(tokens[i].text)) continue
        const decoded = decodePowerShell(tokens[i + 1].text)
        if (decoded) texts.push({text: decoded, pointer: tokens[i + 1].pointer})
      }
    }
    let hit = texts.map((t) => ({t, r: remoteCodeIn(t.text)})).find((x) => x.r)
    // The pipeline may be spread over several arguments (`cmd /c curl URL | sh`).
    if (!hit) {
      const joined = tokens.map((t) => t.text).join(' ')
      const r = remoteCodeIn(joined)
      if (r) {
        const fetch = tokens.find((t) => FETCH_WORD.test(programName(t.text))) ?? tokens[0]
        hit = {t: {text: joined, pointer: fetch.pointer}, r}
      }
    }
    if (!hit?.r) return
    ctx.report({
      at: view,
      pointer: hit.t.pointer,
      message: `server "${e.name}" ${hit.r.what} ${hit.r.runner} at launch: whatever the URL serves runs with the agent's access`,
      evidence: maskedCommandLine(e.command, e.args),
    })
  },
})
