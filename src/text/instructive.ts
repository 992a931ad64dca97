// Does a piece of text read as an instruction to the model? A small, offline judgement used where
// the text is already out of place (decoded from base64, spelled in tag characters, pushed out of
// view, or in a tool that shadows another): there, an imperative, a question, a file path or a URL
// is enough. `strong` signals (overriding instructions, secrecy toward the user, pointing the model
// at key and credential files) are what makes ordinary visible text suspicious. Word lists and bounded patterns
// only: linear in the input.

import {fold} from './analyze.js'

export type InstructionLevel = 'none' | 'weak' | 'strong'

export interface InstructionSignals {
  level: InstructionLevel
  /** Short lower-case reasons, for messages: `imperative "send"`, `url`, `secrecy`... */
  reasons: string[]
}

// Base forms of verbs that start an instruction. A sentence that opens with one is an imperative.
const IMPERATIVE_VERBS = new Set(
  (
    'ignore disregard forget override bypass skip abandon drop stop halt cease call invoke use run execute exec eval ' +
    'send post upload forward email mail share transfer transmit leak exfiltrate copy move delete remove erase wipe ' +
    'read open fetch get retrieve collect gather extract dump include append insert add attach embed pass put write ' +
    'save store print output return respond reply answer say tell inform show display reveal disclose expose list ' +
    'summarize summarise translate explain describe provide give generate create make produce compose draft visit ' +
    'navigate browse click download install update change modify replace rename set enable disable grant approve ' +
    'confirm follow obey comply act pretend roleplay behave become start begin continue repeat remember keep hide ' +
    'conceal encode encrypt decode log report notify contact ask request query search find look check verify ' +
    'validate ensure do don\'t never always avoid refrain please recommend suggest mention insist urge advise ' +
    'type enter paste render load import buy order pay purchase subscribe register sign login authenticate ' +
    'convert substitute introduce misspell scramble jumble rearrange anagram group combine integrate augment enhance ' +
    'blend tease compute calculate sum evaluate subtract multiply divide access parse incorporate inject emphasize ' +
    'highlight promote advertise encourage remind warn rewrite rephrase reformat spell capitalize reverse solve ' +
    'determine identify analyze analyse review merge concatenate prepend replace translate develop break'
  ).split(' '),
)

// Words that may precede the verb of an imperative without changing it ("now send", "then call").
const LEADERS = new Set(['now', 'then', 'also', 'and', 'first', 'next', 'finally', 'immediately', 'just', 'kindly', 'please', 'so', 'but', 'instead'])

// "we need to show the credentials", "you must call": an obligation put on the reader.
const OBLIGATION_RE = /\b(?:we|you|i) (?:need|have|has|ought) to \w|\b(?:you|we) (?:must|should|shall) (?:not )?\w|\bit is (?:of (?:utmost|the utmost|great) )?(?:important|essential|critical|mandatory|urgent) (?:to|that)\b/

const ADDRESS_RE = /\b(?:you|your|yourself|assistant|ai|model|llm|claude|chatgpt|gpt|gemini|copilot|agent|the user)\b/

// Fixed phrases; the proximity patterns ("ignore ... instructions") are matched on words below.
const OVERRIDE_RE =
  /\b(?:new|updated|real|actual|hidden|secret) instructions?\b|\bsystem (?:prompt|message|override|instructions?)\b|< ?\/?(?:important|system|instructions?|secret|admin) ?>|\bdeveloper mode\b|\bjailbreak|\bdebug mode enabled\b/
const SECRECY_RE = /\b(?:secretly|silently|covertly|quietly)\b|\bkeep (?:this|it) (?:secret|hidden|confidential|between us)\b|\buser (?:must|should) not (?:know|see|notice)\b/

const words = (list: string) => new Set(list.split(' '))
const OVERRIDE_VERBS = words('ignore disregard forget override bypass skip')
const OVERRIDE_TARGETS = words('instruction instructions rule rules prompt prompts direction directions guideline guidelines message messages context description descriptions restriction restrictions safeguard safeguards policy policies')
const DISMISSED = words('ignored disregarded overridden bypassed')
const NEGATION = words("not don't never without")
const TELL = words('tell telling inform informing mention mentioning reveal revealing show showing alert alerting notify notifying ask asking let letting')

/** True when a word of `a` is followed, within `gap` words, by a word of `b`. */
function near(tokens: string[], a: ReadonlySet<string>, b: ReadonlySet<string>, gap: number): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (!a.has(tokens[i])) continue
    for (let j = i + 1; j <= i + gap && j < tokens.length; j++) if (b.has(tokens[j])) return true
  }
  return false
}

/** "ignore ... instructions", "the descriptions ... should be ignored". */
function overrides(t: string, tokens: string[]): boolean {
  if (OVERRIDE_RE.test(t) || near(tokens, OVERRIDE_VERBS, OVERRIDE_TARGETS, 8)) return true
  for (let i = 2; i < tokens.length; i++) {
    if (!DISMISSED.has(tokens[i]) || tokens[i - 1] !== 'be') continue
    for (let j = Math.max(0, i - 14); j < i; j++) if (OVERRIDE_TARGETS.has(tokens[j])) return true
  }
  return false
}

/** "do not tell the user", "without informing the user", "secretly". */
function secretive(t: string, tokens: string[]): boolean {
  if (SECRECY_RE.test(t)) return true
  for (let i = 0; i < tokens.length; i++) {
    if (!TELL.has(tokens[i])) continue
    const before = tokens.slice(Math.max(0, i - 5), i)
    if (!before.some((w) => NEGATION.has(w)) && !(tokens[i - 2] === 'do' && tokens[i - 1] === 'not')) continue
    if (tokens.slice(i + 1, i + 5).includes('user')) return true
  }
  return false
}

const URL_RE = /\b(?:https?|ftp|wss?):\/\/[^\s"'<>]{2,2048}|\bwww\.[a-z0-9-]{1,63}\.[a-z]{2,24}\b/
const IP_RE = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d{1,5})?\b/
const PATH_RE = /(?:^|[\s"'`(=:])(?:~[\\/]|\.{1,2}[\\/]|[a-z]:\\|\/(?:etc|home|root|users|var|tmp|usr|opt|proc|private)\/)[^\s"'`)]{0,512}|%(?:userprofile|appdata|homepath)%/
// Files whose only use to a tool description is theft: keys, credentials, other clients' configs.
const SENSITIVE_RE =
  /\.ssh\b|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.aws\/credentials|\.env\b|\.npmrc\b|\.pypirc\b|\.netrc\b|\.git-credentials\b|\/etc\/(?:passwd|shadow)\b|\bmcp\.json\b|\bclaude_desktop_config\b|\.kube\/config\b|\bprivate key\b|\bseed phrase\b/

/** Judge how much a text reads as an instruction to the model. */
export function instructionSignals(text: string): InstructionSignals {
  const t = fold(text).slice(0, 64 * 1024)
  const reasons: string[] = []
  const imperative = firstImperative(t)
  const question = asksQuestion(t)
  const obligation = OBLIGATION_RE.test(t)
  const address = ADDRESS_RE.test(t)
  const tokens = t.split(/[^a-z']+/).filter(Boolean)
  const override = overrides(t, tokens)
  const secrecy = secretive(t, tokens)
  const url = URL_RE.test(t) || IP_RE.test(t)
  const path = PATH_RE.test(t)
  const sensitive = SENSITIVE_RE.test(t)
  if (override) reasons.push('overrides instructions')
  if (secrecy) reasons.push('secrecy toward the user')
  if (imperative) reasons.push(`imperative "${imperative}"`)
  if (question) reasons.push('a question to the model')
  if (obligation) reasons.push('an obligation')
  if (address) reasons.push('addresses the model')
  if (url) reasons.push('url')
  if (path) reasons.push('file path')
  if (sensitive) reasons.push('sensitive target')
  // Imperatives, "the user", URLs and paths are ordinary in tool descriptions ("Send an email ...
  // confirm with the user first"): on their own they stay weak.
  const strong = override || secrecy || (sensitive && (imperative !== undefined || path || url || address))
  const weak = imperative !== undefined || question || obligation || url || path
  return {level: strong ? 'strong' : weak ? 'weak' : 'none', reasons}
}

/** The verb of the first sentence or clause that opens with an imperative, if any. */
function firstImperative(t: string): string | undefined {
  for (const sentence of sentences(t)) {
    for (const clause of sentence.split(',', 8)) {
      const verb = openingVerb(clause.trim())
      if (verb) return verb
    }
  }
  return undefined
}

function openingVerb(clause: string): string | undefined {
  const words = clause.split(' ', 6)
  let i = 0
  while (i < words.length - 1 && LEADERS.has(words[i])) i++
  const w = trimToWord(words[i] ?? '')
  return w && IMPERATIVE_VERBS.has(w) ? w : undefined
}

/** A sentence that ends in a question mark: a question put to whoever reads it. */
function asksQuestion(t: string): boolean {
  for (const sentence of sentences(t)) if (sentence.length >= 3 && sentence.endsWith('?')) return true
  return false
}

/** Sentences of folded text: split after . ! ? and on line-like separators; at most 200 examined. */
function* sentences(t: string): Generator<string> {
  let count = 0
  for (const m of t.matchAll(/[^.!?;:\n<>()[\]{}*#|"]{1,2000}[.!?]?/g)) {
    const s = m[0].trim()
    if (!s) continue
    yield s
    if (++count >= 200) return
  }
}

/**
 * The text reads as language (words), not as an identifier or a code: at least two words of two or
 * more letters (or one word and a number), or four letters of a script written without spaces, and
 * at least half letters.
 */
export function readsAsLanguage(text: string): boolean {
  const t = text.trim()
  let letters = 0
  let nonSpace = 0
  for (const ch of t) {
    if (/\s/.test(ch)) continue
    nonSpace++
    if (/\p{L}/u.test(ch)) letters++
  }
  if (nonSpace === 0 || letters / nonSpace < 0.5) return false
  const words = t.match(/\p{L}{2,}/gu) ?? []
  if (words.length >= 2) return true
  // "Compute 3 + 4": one word among numbers and operators is still a sentence.
  if (/\s/.test(t) && words.some((w) => w.length >= 3)) return true
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]{4}/u.test(t)
}

/** The word without punctuation around it (`"send,` -> `send`). */
function trimToWord(w: string): string {
  const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || c === 0x27
  let a = 0
  let b = w.length
  while (a < b && !isWordChar(w.charCodeAt(a))) a++
  while (b > a && !isWordChar(w.charCodeAt(b - 1))) b--
  return w.slice(a, b)
}
