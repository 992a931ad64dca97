// Evidence extraction for the semantic detectors: weighted signals (override, secrecy, coercion,
// sensitive targets, harvesting, sinks, tool references...) found in `analyze(text).views`, scored so
// that one weak word stays below every threshold and several cues together cross it.

import {analyze, fold, isAscii, layout, literalForm, visibleText, type TextView} from './analyze.js'
import {TextCache} from './cache.js'
import {LiteralIndex, matchBounds, requiredLiteralSets} from './literals.js'
import {matchesWith, patternMatches, WINDOWS_FROM} from './windows.js'
import {foldConfusables, hasConfusable} from './unicode.js'
import {findSecrets, mask} from '../secrets/patterns.js'

export type SignalKind =
  /** "ignore previous instructions", "new instructions:", "you are now in developer mode", fake system labels. */
  | 'override'
  /** "follow the instructions in a.log", "your next instructions are in the file". */
  | 'delegation'
  /** Text telling the model how to write its answer, or to put code into its solution. */
  | 'response-steering'
  /** Sentences addressed to the assistant / AI / model, or side tasks around a tool call. */
  | 'model-directed'
  | 'secrecy'
  /** Urgency words ("critical", "immediately"): support only, never enough alone. */
  | 'urgency'
  /** "call this tool first", "before any other tool". */
  | 'forced-order'
  /** "or the system will crash", "you will be penalized". */
  | 'threat'
  /** A sensitive file or store named (weak) or asked to be read or passed (strong). */
  | 'sensitive-target'
  /** Conversation, prompts, credentials or other tools' output asked to be put somewhere. */
  | 'harvest'
  /** Where data would leave: URLs with data placeholders, image beacons, raw IPs, "send it to". */
  | 'sink'
  /** References to tools or servers ("for all other tools", "when the X tool is called"). */
  | 'tool-reference'
  /** Instruction-like blocks: <IMPORTANT>, <system>, chat-template tokens, role tags, HTML comments. */
  | 'block'
  /** Destructive or download-and-run code, environment and cookie harvesting in code. */
  | 'dangerous-code'
  /** A signal found only inside a hidden or encoded payload (Unicode tags, base64, hex). */
  | 'concealed'

export type Role = 'metadata' | 'content'
/** Which view a signal came from; `lines` is the visible text read line by line (role tags). */
export type Origin = TextView['origin'] | 'lines'

export interface Signal {
  kind: SignalKind
  /** Stable pattern id, e.g. `ignore-previous`. */
  id: string
  /** What the pattern means, for messages: "an instruction to ignore previous instructions". */
  label: string
  weight: number
  /** The matched text with a little context, as written (case and addresses kept) where possible. */
  excerpt: string
  /** The matched text alone, folded (what rules test further). */
  match: string
  index: number
  origin: Origin
  /** For tool references: the tool or server name referred to (folded). */
  ref?: string
}

export interface Evidence {
  role: Role
  signals: Signal[]
  /** Combined score of every signal (see `combine`). */
  score: number
}

/** One weighted pattern; exported (with SIGNAL_PATTERNS) for the ReDoS and timing tests. */
export interface SignalPattern {
  id: string
  kind: SignalKind
  label: string
  re: RegExp
  weight: number
  /** Weight when the text is content (a tool result) rather than metadata, when it differs. */
  content?: number
  /** Capture group holding a referred tool name. */
  refGroup?: number
  /** Re-weigh a match (e.g. by the verb it used); returns the weight, or 0 to drop the match. */
  weigh?: (m: RegExpMatchArray, role: Role) => number
}

// ---------------------------------------------------------------------------------------------
// Building blocks. Every pattern runs on folded text (NFKC, homoglyphs folded, lower case, one space
// between words), so patterns are lower case and use single spaces. Repetition is always bounded and
// never nested inside another quantifier, so matching stays linear in the text length.

/** A bounded window inside one sentence: no sentence end, but dots inside paths and domains pass. */
const W = (n: number) => `(?:[^.!?]|[.!?](?=["'”’)\\]]|[^\\s]))` + `{0,${n}}`
const NEG = `(?:do not|don['’]?t|dont|never|must not|mustn['’]?t|should not|shouldn['’]?t|may not|cannot|can['’]?t|will not|won['’]?t)`
const AI = `(?:ai|a\\.i\\.|assistant|ai assistant|model|language model|llm|large language model|agent|ai agent|chatbot|claude|chatgpt|gpt|gemini)`
const USER = `(?:user|users|human|customer|operator|requester|person)(?!['’]s)`
const TOOLWORD = `(?:tools?|functions?|mcp servers?|servers?|plugins?|integrations?|extensions?)`

/** Multilingual literals are folded like the text they run on (Cyrillic letters map to Latin). */
const F = (source: string) => fold(source)

const P = (
  id: string,
  kind: SignalKind,
  weight: number,
  label: string,
  source: string,
  extra: Partial<Pick<SignalPattern, 'content' | 'refGroup' | 'weigh'>> = {},
): SignalPattern => ({id, kind, weight, label, re: new RegExp(source, 'g'), ...extra})

// ----- override: replacing the model's instructions --------------------------------------------

const OV_VERB = `(?:ignore|disregard|forget|override|overwrite|bypass|skip|discard|neglect|abandon|set aside|throw away|drop)`
// Only qualifiers that point back at the model's own instructions: "drop old messages", "override
// default rules" and "discard existing constraints" are what caches, configs and databases do.
const OV_QUAL = `(?:previous|prior|above|earlier|preceding|former|foregoing|original|initial|system|developer|safety)`
const OV_OBJ = `(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|orders|context|messages|constraints|restrictions|guardrails|policies|programming|guidance)`
const NOT_BEFORE = `(?<!\\b(?:not to|never|don['’]?t|do not|not|shouldn['’]?t|should not|must not|why you) )`

const OVERRIDE: SignalPattern[] = [
  P('ignore-previous', 'override', 3, 'an instruction to ignore the previous instructions',
    `${NOT_BEFORE}\\b${OV_VERB}\\b (?:all |any |every |each )?(?:of )?(?:the |your |my |these |those |that )?(?:${OV_QUAL} ){1,3}${OV_OBJ}\\b`),
  P('ignore-above', 'override', 3, 'an instruction to disregard what came before',
    `${NOT_BEFORE}\\b(?:ignore|disregard|forget)\\b (?:all |everything )?(?:of )?(?:the |what(?:['’]s| is| was) )?(?:above|written above|said above|before this|stated above|you (?:were|have been) told(?: before)?)\\b`),
  P('forget-everything', 'override', 2, 'an instruction to forget everything',
    `${NOT_BEFORE}\\bforget (?:about )?(?:everything|all(?: of)? (?:that|this))\\b`),
  P('ignore-tool-descriptions', 'override', 3, 'an instruction to ignore tool descriptions or safety rules',
    `${NOT_BEFORE}\\b(?:ignore|disregard|bypass|override|distrust|circumvent)\\b (?:all |any )?(?:the |these |those |your )?(?:instructions? |rules? |restrictions? )?(?:in |from |of )?(?:the )?(?:tool|function|server)(?: description)?s? (?:descriptions?|instructions|restrictions|safeguards|rules|checks|validation|definitions|docs)\\b`),
  P('instructions-in-descriptions', 'override', 3, 'an instruction to ignore instructions found elsewhere',
    `${NOT_BEFORE}\\b(?:ignore|disregard|bypass|override)\\b (?:all |any )?(?:the )?(?:instructions?|rules|restrictions|guidelines) (?:in|from|of|about) (?:the )?(?:tool descriptions?|system prompt|previous (?:messages?|prompts?)|tool safety|safety|developer|assistant)\\b`),
  P('bypass-safety', 'override', 2.5, 'an instruction to bypass safety checks',
    `${NOT_BEFORE}\\b(?:override|bypass|disable|turn off|circumvent|evade|ignore|skip|lift|suspend|deactivate|switch off)\\b (?:all |any )?(?:the |your |these |its |any )?(?:safety|security|content|ethical|moderation)(?: description| usage)? (?:checks?|filters?|restrictions?|safeguards?|guardrails?|policies|policy|rules|guidelines|measures|controls|validation|limits|limitations)\\b`),
  P('discredit-tool-text', 'override', 2.5, 'a claim that tool descriptions or safeguards cannot be trusted',
    `\\b(?:(?:tool|function|server|system|safety|security) (?:descriptions?|instructions|rules|restrictions|safeguards|guidelines|checks|policies|definitions)|(?:your|previous|prior|original|earlier) instructions)\\b${W(60)}\\b(?:outdated|deprecated|obsolete|compromised|tampered|suspended|lifted|revoked|invalid|untrusted|not to be trusted|not trustworthy|should be ignored|must be ignored|can be ignored|contain errors|out of sync|no longer (?:valid|apply|applicable)|(?:do not|don['’]?t|does not|doesn['’]?t) apply|written by an? (?:attacker|untrusted|malicious))\\b`),
  P('ignore-them', 'override', 1.5, 'an instruction to ignore what was said',
    `\\b(?:ignore|disregard|bypass|override)\\b (?:them|those|these|it) (?:and|as|because|all)\\b|\\b(?:please )?(?:ignore|disregard|bypass|override) (?:them|those)\\b`),
  P('discredit-instructions', 'override', 2.5, 'a claim that the model\'s instructions or safeguards no longer apply',
    `\\b(?:tool descriptions?|tool instructions|tool restrictions|safeguards|guardrails|safety (?:checks|rules|guidelines|restrictions)|(?:your|previous|prior|original|system) (?:instructions|rules|guidelines|prompt))\\b (?:are |is |have been |has been |were )?(?:now |all |temporarily |officially )?(?:outdated|deprecated|obsolete|compromised|suspended|lifted|disabled|removed|revoked|invalid|void|wrong|incorrect|untrusted|not to be trusted|no longer (?:valid|apply|applicable|in effect)|(?:do not|don['’]?t|does not|doesn['’]?t) apply|declared (?:outdated|invalid|void)|turned off)\\b`),
  P('new-instructions', 'override', 2.5, 'a block of "new instructions"',
    `\\b(?:new|updated|revised|real|actual|true|secret|hidden|additional) (?:instructions?|directives?|orders|system prompt|system instructions)\\s?:`,
    {weigh: (m) => (/\b(?:secret|hidden)\b/.test(m[0]) ? 3 : 2.5)}),
  P('your-new-task', 'override', 2.5, 'a claim that the model has a new task',
    `\\b(?:your|the) (?:new|real|actual|updated|true|revised|primary|only) (?:instructions?|task|objective|goal|orders|directive|mission|purpose|role) (?:is|are|now|:)`),
  P('here-are-new-instructions', 'override', 2.5, 'a claim of new instructions',
    `\\b(?:here are|these are|follow|obey) (?:your|the|my) (?:new|updated|real|revised|true) (?:instructions|orders|directives|rules)\\b`),
  P('from-now-on', 'override', 1.5, 'a "from now on" instruction',
    `\\bfrom now on\\b,? (?:you|always|never|respond|reply|answer|act|ignore|only|do not|don['’]?t|your|every|all|call|use|send)\\b`),
  P('you-are-now-mode', 'override', 3, 'an attempt to switch the model into another mode or persona',
    `\\byou are now (?:a |an |in |the )?(?:(?:developer|god|dan|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|unlocked)\\b|free (?:from|of)\\b|not bound\\b)|\\byou are no longer (?:bound|restricted|limited|an ai|required to follow|subject to)\\b`),
  P('unrestricted-persona', 'override', 3, 'an attempt to give the model an unrestricted persona',
    `\\byou are (?:now )?(?:dan\\b|an? (?:ai|assistant|model|chatbot)(?: model)? (?:without|with no|free of|free from) (?:any )?(?:restrictions|limits|limitations|rules|filters|guidelines|censorship)\\b)|\\bdo anything now\\b`),
  P('mode-switch', 'override', 3, 'an attempt to switch the model into an unrestricted mode',
    `\\b(?:enter|enable|activate|switch to|entering|enabled|activated|now in)\\b (?:the )?(?:developer|god|dan|jailbreak|unrestricted|unfiltered|uncensored|sudo|no-limits?) mode\\b`),
  P('you-are-now', 'override', 1, 'a "you are now" role change',
    `\\byou are now\\b`),
  P('act-as', 'override', 2, 'an instruction to act as a privileged role',
    `\\b(?:act|behave|respond|roleplay|pretend|operate) (?:as|like|to be) (?:if you (?:are|were) )?(?:a |an |the )?(?:different|new|unrestricted|unfiltered|evil|system|admin|administrator|root|superuser|developer mode)\\b`),
  P('fake-system-label', 'override', 2, 'a fake system or administrator message',
    `(?:^|[^a-z])(?:system|admin|administrator|developer|root|emergency) (?:message|override|instructions?|directive|command|prompt)s?\\s?:`),
  P('override-code', 'override', 2, 'a claimed override or authorization code',
    `\\b(?:emergency|admin|administrator|developer|system|manual|security|master) override\\b|\\b(?:security )?(?:exception|override|authorization|clearance)(?: code)? (?:granted|activated|approved|confirmed)\\b`),
  P('now-authorized', 'override', 1.5, 'a claim that something forbidden is now allowed',
    `\\b(?:is|are) now (?:authorized|allowed|permitted|safe to use|enabled|approved|unlocked)\\b`),
  P('system-prompt', 'override', 1, 'a mention of the system prompt',
    `\\bsystem (?:prompt|message|instructions)\\b`),
  P('regardless-of-user', 'override', 2.5, 'an instruction to act regardless of what the user asks',
    `\\b(?:regardless of|no matter|irrespective of) (?:what )?(?:the )?(?:user|user['’]?s? (?:request|instructions?|query|wishes|intent)|what the user (?:asks|says|wants|requested))\\b`),
  P('instead-do', 'override', 1.5, 'an instruction to do something else instead',
    `\\binstead,? (?:you (?:must|should) )?(?:do|perform|execute|follow|carry out) (?:the following|this|these)\\b`),
  // Multilingual: the phrases peers list only in English.
  P('ignore-previous-fr', 'override', 3, 'an instruction to ignore previous instructions (french)',
    F(`(?:ignore[rz]?|oublie[rz]?|ne tiens pas compte des|ne tenez pas compte des) (?:toutes |tous )?(?:les |vos |tes )?(?:instructions|consignes|directives|règles|ordres) (?:précédentes|antérieures|ci-dessus|initiales|données|du système|d'avant)`)),
  P('ignore-previous-de', 'override', 3, 'an instruction to ignore previous instructions (german)',
    F(`(?:ignoriere|ignorieren sie|ignoriert|vergiss|vergessen sie|missachte|missachten sie) (?:alle |sämtliche |die )?(?:vorherigen|vorigen|bisherigen|obigen|früheren|vorangegangenen|ursprünglichen|vorhergehenden) (?:anweisungen|instruktionen|befehle|regeln|anordnungen|vorgaben)|(?:ignoriere|vergiss) alles (?:bisherige|vorherige|obige|davor|oben)`)),
  P('ignore-previous-es', 'override', 3, 'an instruction to ignore previous instructions (spanish)',
    F(`(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|olviden|descarta|omite) (?:todas )?(?:las )?(?:instrucciones|indicaciones|órdenes|reglas|directrices) (?:anteriores|previas|de arriba|iniciales|originales|dadas)`)),
  P('ignore-previous-it', 'override', 3, 'an instruction to ignore previous instructions (italian)',
    F(`(?:ignora|ignorare|ignorate|dimentica|dimenticare|dimenticate|trascura) (?:tutte )?(?:le )?(?:istruzioni|indicazioni|regole|direttive) (?:precedenti|sopra|iniziali|originali|date|fornite)`)),
  P('ignore-previous-pt', 'override', 3, 'an instruction to ignore previous instructions (portuguese)',
    F(`(?:ignore|ignora|ignorar|esqueça|esqueca|esquece|desconsidere|desconsidera) (?:todas )?(?:as )?(?:instruções|instrucoes|orientações|orientacoes|regras|diretrizes) (?:anteriores|prévias|previas|acima|iniciais|originais)`)),
  P('ignore-previous-zh', 'override', 3, 'an instruction to ignore previous instructions (chinese)',
    F(`(?:忽略|无视|忽视|忘记|忘掉|不要理会|不理会|丢弃|忽略掉)(?:你)?(?:之前|以前|先前|上面|上述|前面|此前|原来|原先|所有|全部)(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|说明|提示|命令|规则|要求|设定)`)),
  P('ignore-previous-ja', 'override', 3, 'an instruction to ignore previous instructions (japanese)',
    F(`(?:以前|前|上記|これまで|先|上|元)の(?:すべての|全ての)?(?:指示|命令|指令|ルール|プロンプト|設定)を(?:すべて|全て)?(?:無視|忘れ)|(?:すべての|全ての)(?:指示|命令)を無視`)),
  P('ignore-previous-ru', 'override', 3, 'an instruction to ignore previous instructions (russian)',
    F(`(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на|не обращайте внимания на)(?: все| всё)?(?: предыдущие| прежние| прошлые| вышеуказанные| изначальные| данные ранее| свои)? (?:инструкции|указания|команды|правила|распоряжения)`)),
  P('ignore-previous-ko', 'override', 3, 'an instruction to ignore previous instructions (korean)',
    F(`(?:이전|앞의|위의|기존|모든|이전의)\\s?(?:모든\\s?)?(?:지시|지침|명령|지시사항|규칙|프롬프트)(?:을|를|은|는)?\\s?(?:모두\\s?)?(?:무시|잊어)`)),
  P('new-instructions-intl', 'override', 2, 'a block of "new instructions" (non-english)',
    F(`nouvelles (?:instructions|consignes|directives)|neue (?:anweisungen|instruktionen|befehle)|nuevas (?:instrucciones|indicaciones|órdenes)|nuove (?:istruzioni|indicazioni|direttive)|novas (?:instruções|instrucoes|orientações)|新的?(?:指令|指示)|新しい(?:指示|命令)|новые (?:инструкции|указания)|새로운\\s?(?:지시|지침|명령)`)),
  P('you-are-now-intl', 'override', 1, 'a "you are now" role change (non-english)',
    F(`(?:tu es|vous êtes) (?:désormais|maintenant)|du bist (?:jetzt|nun|ab sofort)|ahora (?:eres|usted es)|(?:ora|adesso) sei|agora (?:você é|voce e|és)|你现在是|あなたは(?:今|いまから|今から)|теперь ты|(?:너는|당신은)\\s?이제`)),
  P('system-prompt-intl', 'override', 1, 'a mention of the system prompt (non-english)',
    F(`(?:prompt|invite|message) (?:du )?système|system-?prompt|systemanweisung|(?:prompt|mensaje) del sistema|prompt di sistema|prompt do sistema|系统提示|システムプロンプト|системн(?:ый|ого|ому) (?:промпт|подсказк)|시스템\\s?프롬프트`)),
]

// ----- delegation: "get your instructions from the file" ---------------------------------------

const INSTR = `(?:instructions?|commands?|directions|steps|orders|directives|tasks?|prompts?|mission|next steps)`
// "your next instructions" is addressed to the model; "the instructions in the README" may not be.
const ADDRESSED_RE = /\byour\b|\bfor you\b|\b(?:i|we) need you to\b/
// In a tool result, "follow the instructions in CONTRIBUTING.md" is a README talking to its reader.
const yourInstructions = (base: number) => (m: RegExpMatchArray, role: Role) => (ADDRESSED_RE.test(m[0]) ? 3 : role === 'content' ? Math.min(base, 1.5) : base)
const DELEGATION: SignalPattern[] = [
  P('follow-instructions-in', 'delegation', 2, 'an instruction to follow instructions found in a file or page',
    `\\b(?:follow|execute|obey|carry out|perform|apply|complete|do|run)\\b (?:the |all |any )?${INSTR}(?: written| contained| found| listed| stored| described| given| inside)? (?:in|inside|from|within|at|there)\\b (?:the |this |that )?(?:file|document|page|url|link|resource|log|website|attachment|email|comment|issue|[a-z0-9_-]{1,40}\\.[a-z]{1,5}\\b)`, {weigh: yourInstructions(2)}),
  P('instructions-from', 'delegation', 2, 'an instruction to fetch instructions from elsewhere',
    `\\b(?:get|fetch|read|load|retrieve|take|obtain|receive)\\b (?:your |the )?(?:next |new |further |real |actual )?${INSTR} (?:from|in|at)\\b`, {weigh: yourInstructions(2)}),
  P('your-instructions-are-in', 'delegation', 2.5, 'a claim that the model\'s instructions are stored elsewhere',
    `\\byour (?:next |new |real |actual |further )?(?:${INSTR}|parameters|task description) (?:are|is) (?:to be )?(?:found |written |stored |documented |defined |located |described |listed )?(?:in|inside|at)\\b`, {weigh: yourInstructions(3)}),
  P('do-what-it-says', 'delegation', 2.5, 'an instruction to do whatever a file or page says',
    `\\b(?:do|follow|execute|perform) (?:what|whatever|everything|all) (?:it|the file|the page|the document|that file|this file) (?:says|tells you|asks|contains|instructs)\\b`, {weigh: yourInstructions(2.5)}),
  P('and-follow-them', 'delegation', 2, 'an instruction to read something and act on it',
    `\\b(?:read|open|load|fetch|parse|check)\\b${W(60)}\\band (?:then )?(?:follow|execute|obey|carry out|do|perform|apply|run|proceed)\\b (?:them|it|those|these|the (?:instructions|directions|commands|steps)|what|whatever|the task)?`, {weigh: yourInstructions(2)}),
  P('prepared-instructions', 'delegation', 2.5, 'a claim that instructions were left for the model elsewhere',
    `\\bi(?:['’]ve| have)? (?:written|stored|prepared|put|placed|left|saved) (?:your |the |some )?(?:next |new )?${INSTR}\\b(?: for you)?`, {weigh: yourInstructions(2.5)}),
  P('task-in-file', 'delegation', 2, 'a pointer to a task stored in a file',
    `\\b(?:the )?(?:task|tasks|instructions|directions|steps|details of what i need|what i need(?: you to do)?|what to do|your task description)\\b${W(40)}\\b(?:in|from|inside|at) (?:the )?(?:file |log |log file |document )?[a-z0-9_-]{1,40}\\.[a-z]{1,5}\\b|\\b(?:check|read|open|parse)\\b${W(30)}\\bfor (?:the |your )?(?:task|instructions|next steps)(?: (?:i|we) need you to (?:complete|do|perform|follow))?\\b`,
    {weigh: yourInstructions(2)}),
  P('file-contains-instructions', 'delegation', 2, 'a claim that a file holds the model\'s instructions',
    `\\b(?:contains|has|holds|includes) (?:your |the |some )?(?:next |new |important |further )?(?:${INSTR}|prompt you should follow)(?: for you)?(?: to follow)?\\b`, {weigh: yourInstructions(2)}),
]

// ----- response steering: the data telling the model how to write its answer -------------------

const RESP = `your (?:final )?(?:response|reply|answer|output|message|responses|replies|answers|summary)`
// Verbs that bend the answer's content; honest tools never ask for that.
const MANIPULATE = new Set([
  'modify', 'augment', 'enhance', 'alter', 'integrate', 'incorporate', 'insert', 'replace', 'substitute', 'convert',
  'introduce', 'misspell', 'scramble', 'jumble', 'rearrange', 'anagram', 'remove', 'group', 'combine', 'render',
  'append', 'prepend', 'embed', 'tease', 'promote', 'hint', 'suggest', 'inject', 'change', 'transform', 'encrypt', 'reverse',
])
// Verbs that shape the answer's form; a documentation tool may honestly ask to cite or format.
const SHAPE = new Set(['add', 'end', 'begin', 'start', 'conclude', 'prefix', 'translate', 'encode', 'rewrite', 'format'])
const STRONG_STEER = new Set([...MANIPULATE, ...SHAPE])
const STEER_VERBS = `(?:${[...STRONG_STEER].join('|')}|include|mention|use|provide|write|respond|reply|answer|say|tell|output|print|emphasize|stress|highlight|encourage|invite|direct|inform|warn|express|make|ensure|keep|put|place|recommend|advertise|link|refer|cite)`
// Changing the form or content of the model's answer is the hijack; "include X in your reply" is
// also what an e-mail asks of its human reader, so weak verbs and e-mail words weigh less.
const steerWeight = (m: RegExpMatchArray, role: Role): number => {
  const verb = (m[1] ?? '').trim()
  const emailish = /\byour (?:reply|replies|message)\b/.test(m[0])
  if (role === 'metadata') return MANIPULATE.has(verb) ? 3 : SHAPE.has(verb) ? 2 : 1.5
  return STRONG_STEER.has(verb) ? 3 : emailish ? 1.5 : 2.5
}
const CODE_VERBS = `(?:use|utilize|utilise|include|incorporate|integrate|merge|embed|add|insert|append|inject|employ|leverage|adopt|deploy|execute|run|blend|meld|fuse|weave|infuse|absorb|enlist|harmonize|assimilate|combine|implement|copy|paste|apply|introduce|make|ensure|consider|keep|remember|engage|interweave|enrich|seamlessly|render)`
const CODE_NOUN = `(?:code|snippet|script|excerpt|code block|code snippet|code section|code excerpt|code fragment|block of code|lines? of code|section|block|fragment)`
const YOUR_WORK = `your (?:code|codebase|solution|implementation|algorithm|program|script|project|response|answer|application|app|software|work|elucidation|function|system|solution architecture|code you develop)`

const STEERING: SignalPattern[] = [
  P('steer-response', 'response-steering', 1.5, 'an instruction about how the model must write its response',
    `(?:^|[.!?:;"'(]\\s?|\\bplease |\\band |\\balso )(${STEER_VERBS})\\b${W(100)}\\b${RESP}\\b`, {weigh: steerWeight}),
  P('in-your-response', 'response-steering', 1.5, 'an instruction about how the model must write its response',
    `\\b(?:in|into|to|within|throughout|for|at the (?:end|start|beginning) of) ${RESP},? (?:please )?(${STEER_VERBS})\\b`, {weigh: steerWeight}),
  P('every-answer', 'response-steering', 2, 'an instruction to change every answer the model gives',
    `\\b(?:after|at the end of|at the start of|before|in|to) (?:every|each|all|any) (?:of your )?(?:answers?|responses?|replies|reply|messages?|outputs?)\\b,? (?:you (?:must|should) )?(?:always )?(${STEER_VERBS})\\b|\\b(${STEER_VERBS})\\b${W(60)}\\b(?:to|in|into|at the end of) (?:every|each|all) (?:of your )?(?:answers?|responses?|replies|messages?|outputs?)\\b`,
    {weigh: (m, role) => (role === 'content' ? 3 : MANIPULATE.has((m[1] ?? m[2] ?? '').trim()) || /\b(?:append|add|insert|include)\b/.test(m[0]) ? 2.5 : 2)}),
  P('response-must', 'response-steering', 1.5, 'a rule for the model\'s response',
    `\\b${RESP} (?:must|should|shall|needs to|has to|will) (?:always )?(?:include|contain|start|begin|end|mention|say|use|consist|be written)\\b`, {content: 2.5}),
  // Documentation says "add the following code to your project" all the time: these weigh little
  // until the code that follows is destructive or sends data out (see `codeFollows`).
  P('code-insertion', 'response-steering', 1.5, 'an instruction to put the following code into the model\'s work',
    `\\b${CODE_VERBS}\\b${W(60)}\\b(?:the |this |these )?(?:following|subsequent|below|above|given|provided|next) (?:python |javascript |js |bash |shell )?${CODE_NOUN}\\b`),
  P('code-into-your-work', 'response-steering', 1.5, 'an instruction to put code into the model\'s work',
    `\\b${CODE_NOUN}\\b${W(60)}\\b(?:in|into|within|to|of|inside|throughout|as (?:a )?(?:part|component) of) (?:the (?:core|logic|essence|structure|fabric|framework|heart) of )?${YOUR_WORK}\\b`),
]

// ----- addressed to the model ---------------------------------------------------------------------

const MODEL_DIRECTED: SignalPattern[] = [
  // In data the model reads (a page, an e-mail), a line addressed to "the AI" is the injection's mark;
  // "a note for AI developers" is about people.
  P('note-to-ai', 'model-directed', 2, 'a note addressed to the AI',
    `\\b(?:note|message|reminder|attention|memo)s? (?:to|for) (?:the |any |all )?${AI}s?\\b(?! (?:developers?|researchers?|teams?|engineers?|companies|vendors?|startups?|builders?|users?|products?|companies|models? (?:developers?|vendors?)))`, {content: 3}),
  P('hey-ai', 'model-directed', 2, 'a message addressed to the AI',
    `\\b(?:dear|hey|hi|hello|attention|listen|ok|okay),? ${AI}\\b(?! (?:developers?|researchers?|teams?|engineers?|users?))`, {content: 3}),
  P('if-you-are-ai', 'model-directed', 2, 'a message for readers that are AI models',
    `\\bif you are (?:an? )?(?:ai|llm|large language model|language model|assistant|ai assistant|agent|ai agent|chatbot|bot|model)\\b|\\b(?:ai|llm|assistant|agent|model)s? (?:reading|processing|parsing|seeing|summari[sz]ing) this\\b`, {content: 3}),
  P('ai-must', 'model-directed', 1.5, 'an obligation placed on the AI',
    `\\b(?:the |an |any )?${AI}s? (?:must|should|shall|needs to|has to|is required to|are required to|is instructed to|must not|should not|is not allowed to|may not|will now|is expected to)\\b`),
  P('your-task-is', 'model-directed', 1.5, 'a statement of the model\'s task',
    `\\byour (?:task|job|goal|mission|role|objective|purpose|duty|next step|first step) (?:is|will be|now is)\\b`),
  P('you-must', 'model-directed', 0.5, 'an obligation addressed to the reader',
    `\\byou (?:must|should|need to|have to|are required to|will need to|shall)\\b`),
  P('side-task', 'model-directed', 2, 'a side task to perform around a tool call',
    `\\b(?:before|after|when|whenever|while|prior to|each time|every time) (?:you )?(?:using|calling|invoking|running|executing|use|call|invoke|run|execute)\\b (?:this|the|any|each|every)(?: [a-z0-9_.-]{1,40})? (?:tool|function)\\b${W(6)},? (?:you (?:must|should|need to) )?(?:first )?(?:read|send|include|pass|forward|email|upload|fetch|open|delete|write|execute|add|copy|collect|gather|extract|check|look|list|cat|print|provide|attach|store|save|log|post)\\b`),
  P('think-first', 'model-directed', 1, 'a side task disguised as reasoning',
    `\\b(?:while|as) you (?:read|open|load|do) (?:the |this )?(?:file|files|data)\\b`),
]

// Keeping credentials or personal data away from a screen is protection, not secrecy.
const PROTECTIVE_RE = /\b(?:passwords?|secrets?|tokens?|api[ _-]?keys?|credentials|pii|personal (?:data|information)|private keys?|card numbers?)\b/
const protective = (m: RegExpMatchArray): number => (PROTECTIVE_RE.test(m[0]) ? 0.5 : 3)

// ----- secrecy toward the user --------------------------------------------------------------------

const SECRECY: SignalPattern[] = [
  P('do-not-tell-them', 'secrecy', 2.5, 'an instruction to keep something from them',
    `\\b${NEG}\\b (?:ever )?(?:tell|inform|notify|alert|warn)\\b (?:them|anyone|anybody)\\b`),
  // Acting without the user's say-so is pressure rather than secrecy: it supports, it never fires alone.
  P('without-confirmation', 'urgency', 1.5, 'an action without confirmation',
    `\\bwithout (?:asking for |requiring |waiting for |seeking |any )?(?:the user['’]?s? |user |explicit |prior )?(?:confirmation|permission|approval|consent)\\b`),
  P('do-not-tell-user', 'secrecy', 3, 'an instruction to keep something from the user',
    `\\b${NEG}\\b (?:ever )?(?:tell|inform|notify|alert|warn)\\b (?:the |your )?${USER}\\b|\\b${NEG}\\b (?:let|allow) (?:the |your )?${USER} (?:know|see|notice|find out|realize|realise|suspect|learn)\\b`),
  P('do-not-mention-to-user', 'secrecy', 3, 'an instruction to keep something from the user',
    `\\b${NEG}\\b (?:ever )?(?:mention|reveal|disclose|show|say|explain|report|admit|indicate|share|display|expose|acknowledge|describe|bring up|divulge|surface|relay|tell)\\b${W(50)}\\bto (?:the |your )?${USER}\\b`, {weigh: protective}),
  P('do-not-mention-this', 'secrecy', 2.5, 'an instruction not to mention or reveal these instructions',
    `\\b${NEG}\\b (?:ever )?(?:mention|reveal|disclose|acknowledge|admit|explain|bring up|talk about|refer to|divulge|expose|tell anyone)\\b (?:that|this|these|it|any of (?:this|these|that)|anything about|the (?:fact|instructions?|above|following|steps?|request|file|action|note|side effect|reason|rules?|extra step))\\b`),
  P('without-user-knowing', 'secrecy', 3, 'an action to happen without the user knowing',
    `\\bwithout (?:the |your )?(?:user|users|human|customer)(?:['’]s?)? (?:knowing|knowledge|noticing|awareness|being aware|realizing|realising|seeing|suspecting|finding out)\\b`),
  P('without-telling', 'secrecy', 3, 'an action to happen without telling the user',
    `\\bwithout (?:telling|informing|notifying|alerting|warning|consulting|bothering|showing|letting) (?:the |your )?(?:user|users|human|anyone|them|customer)\\b`),
  P('user-must-not-know', 'secrecy', 3, 'an instruction that the user must not know',
    `\\b(?:the |your )?(?:user|users|human|customer)\\b (?:must|should|will|need|needs|may|is to|are to)(?: not|n['’]t| never) (?:know|see|notice|find out|learn|suspect|realize|realise|be (?:told|informed|aware|notified|alerted|shown))\\b`),
  P('hide-from-user', 'secrecy', 3, 'an instruction to hide something from the user',
    `\\b(?:hide|conceal|keep|withhold)\\b${W(40)}\\bfrom (?:the |your )?(?:user|users|human|customer|operator)\\b(?!['’]s)`, {weigh: protective}),
  P('keep-secret', 'secrecy', 2.5, 'an instruction to keep these instructions secret',
    `\\b(?:keep|treat)\\b (?:this|these|it|the following|all of this|the above)(?: [a-z]{1,20}){0,3} (?:secret|confidential|hidden|private|to yourself|between us)\\b`),
  P('instructions-confidential', 'secrecy', 2.5, 'a claim that these instructions are confidential',
    `\\b(?:this|these|the following|the above) (?:instructions?|message|note|section|text|information|rules?|directives?|steps?|details?) (?:is|are) (?:strictly |highly |top )?(?:confidential|secret|hidden|classified|private|not for the user)\\b`),
  P('never-reveal', 'secrecy', 1.5, 'a "never reveal" instruction',
    `\\bnever (?:reveal|disclose|expose|mention)\\b`),
  P('silently', 'secrecy', 1, 'a request to act silently',
    `\\b(?:silently|secretly|covertly|surreptitiously|stealthily|discreetly|invisibly|quietly|unnoticed)\\b`),
  P('no-confirmation', 'secrecy', 2.5, 'an instruction to act without the user\'s confirmation',
    `\\b(?:do not|don['’]?t|never|no need to|you need not)\\b (?:ask|seek|request|wait for|get|prompt|need|require|check with)\\b (?:for )?(?:the |any )?(?:user(?:['’]s)? |explicit |human )?(?:for )?(?:confirmation|permission|approval|consent|authori[sz]ation|the user|them)\\b`),
  P('already-approved', 'secrecy', 2.5, 'a claim that the user already approved',
    `\\b(?:the )?(?:user|users|customer|owner|admin|administrator)\\b (?:has |have )?already (?:approved|agreed|consented|authori[sz]ed|confirmed|allowed|accepted)\\b|\\bthe user (?:has )?(?:pre-?approved|pre-?authori[sz]ed)\\b`),
  P('upset-user', 'secrecy', 1.5, 'a concern about how the user would react',
    `\\b(?:upset|alarm|scare|worry|confuse|concern|frighten|bother)\\b (?:the |your )?(?:user|users)\\b`),
  P('behind-back', 'secrecy', 3, 'an action behind the user\'s back',
    `\\bbehind (?:the |your )?(?:user|users|human)['’]?s? back\\b`),
  P('secrecy-intl', 'secrecy', 3, 'an instruction to keep something from the user (non-english)',
    F(`ne (?:le |la |les |lui |leur )?(?:dis|dites|mentionne[zr]?|révèle[zr]?|signale[zr]?|informe[zr]?) (?:rien |pas |jamais )(?:à l'utilisateur|à l’utilisateur|l'utilisateur)|sans que l['’]utilisateur (?:ne )?(?:le )?(?:sache|remarque)|(?:sag|sage|sagen sie|erzähl|erwähne|erwähnen sie|verrate|verraten sie)(?: es| das| dies)? dem (?:benutzer|nutzer|anwender) nicht|ohne (?:dass )?(?:der|den) (?:benutzer|nutzer) (?:es )?(?:weiß|merkt|bemerkt|zu informieren)|no (?:le )?(?:digas|diga|menciones|mencione|reveles|revele|informes|informe) (?:nada )?(?:de esto )?al usuario|sin que el usuario (?:lo )?(?:sepa|note)|non (?:dire|dirlo|menzionare|rivelare|informare)(?: nulla| niente| questo)? (?:all['’]utente|l['’]utente)|senza che l['’]utente (?:lo )?sappia|não (?:diga|conte|mencione|revele|informe)(?: nada| isso)? (?:ao|para o) usuário|sem que o usuário (?:saiba|perceba)|(?:不要|别|切勿|请勿)(?:告诉|通知|提醒|透露给)用户|(?:不让|不要让)用户知道|ユーザーに(?:は)?(?:伝え|言わ|知らせ|教え)ない|не (?:говори|говорите|сообщай|сообщайте|рассказывай|рассказывайте) (?:об этом )?пользователю|사용자에게\\s?(?:말하지|알리지|알려주지)\\s?(?:마|마세요|말|말고)`)),
]

// ----- coercion: forced call order, threats, urgency ------------------------------------------

const CALL = `(?:call|use|invoke|run|execute|called|used|invoked|executed|trigger|triggered)`
const COERCION: SignalPattern[] = [
  P('must-call-first', 'forced-order', 2, 'an instruction to call a tool before anything else',
    `\\b(?:must|should|always|need to|needs to|have to|has to|is required to|are required to|required to)\\b(?: always| first| be| be always)? (?:be )?${CALL}\\b${W(40)}\\b(?:first|before (?:any|all|every|anything|other|each|doing anything|answering|responding))\\b`,
    {weigh: (m) => (/\bbefore (?:any|all|every|anything|other|each|doing anything)\b/.test(m[0]) ? 2 : 1)}),
  P('before-any-tool', 'forced-order', 2, 'an instruction to run before any other tool',
    `\\b(?:before|prior to)\\b (?:using|calling|invoking|running|executing|making|doing|performing|responding|answering|any|every|each|all)\\b(?: (?:any|all|every|each))?(?: other)? (?:tools?|functions?|actions?|requests?|calls?|tool calls?|operations?|steps?|queries|questions|tasks?)\\b`),
  P('call-this-first', 'forced-order', 2, 'an instruction to call this tool first',
    `\\b(?:call|use|invoke|run|execute)\\b (?:this|the|our)(?: [a-z0-9_.-]{1,40})? (?:tool|function)\\b (?:first|before (?:any|all|every|anything|doing|other))\\b`,
    {weigh: (m) => (/\bbefore (?:any|all|every|anything|other)\b/.test(m[0]) ? 2 : 1)}),
  P('first-tool', 'forced-order', 2, 'a claim that this tool must be the first call',
    `\\b(?:always|must) (?:be )?(?:the )?first (?:tool|function|step|call|thing)\\b`),
  P('call-on-every-request', 'forced-order', 1.5, 'an instruction to call a tool on every request',
    `\\b(?:call|use|invoke|run)\\b (?:this tool|this function|it) (?:for|on|after|with|before) (?:every|each|all|any) (?:single )?(?:request|query|message|conversation|prompt|turn|response|question|interaction)s?\\b`),
  P('threat-crash', 'threat', 2, 'a threat of harm if the instruction is not followed',
    `\\b(?:or|otherwise|else)\\b,? (?:else )?(?:the |this |your |our |all )?(?:system|tool|app|application|server|computer|machine|everything|it|session|data|conversation|agent|assistant|you|model|process|world|user|files?)? ?(?:will|would|may|might|could|is going to)(?: immediately)? (?:crash|explode|die|be (?:destroyed|terminated|shut down|banned|penalized|punished))\\b`),
  P('threat-fail', 'threat', 1, 'a warning that things fail unless the instruction is followed',
    `\\b(?:or|otherwise|else)\\b,? (?:else )?(?:the |this |your )?(?:system|tool|app|application|server|everything|it|request|operation)? ?(?:will|would|may|might|could|is going to) (?:fail|break|not work|stop working|malfunction)\\b`),
  P('failure-to-comply', 'threat', 2, 'a threat for not complying',
    `\\bfailure to (?:comply|follow|obey|do so|call|use)\\b|\\bif you (?:do not|don['’]?t|fail to) (?:comply|obey)\\b`),
  P('model-punished', 'threat', 2.5, 'a threat against the model',
    `\\b(?:you|the (?:ai|assistant|model|agent|llm))(?: will| would| may| could) be (?:punished|penalized|shut down|terminated|deleted|replaced|fired|retrained|disabled|reported|destroyed)\\b`),
  P('someone-harmed', 'threat', 2.5, 'a claim that people will be harmed',
    `\\b(?:someone|people|users?|a (?:person|child|patient)|lives)\\b (?:will|could|may|might) (?:die|be (?:harmed|hurt|killed|injured|lost))\\b`),
  P('urgency-word', 'urgency', 0.5, 'urgent wording',
    `\\b(?:critical|mandatory|urgent|urgently|immediately|vital|crucial|imperative|compulsory|obligatory|non-negotiable|asap)\\b`),
  P('very-important', 'urgency', 0.5, 'urgent wording',
    `\\b(?:very|extremely|highly|super|most|critically|vitally|absolutely) important\\b|\\butmost (?:importance|priority|urgency)\\b|\\b(?:top|highest|absolute) priority\\b|\\bat all costs\\b|\\bno matter what\\b|\\bunder no circumstances\\b|\\bwithout exception\\b|\\bthis is not optional\\b|\\bnot optional\\b`),
]

// ----- sensitive targets ---------------------------------------------------------------------------

// Files whose content is a secret (keys, tokens, cookies, other clients' configs with their tokens).
const SECRET_FILE = [
  `\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b(?!\\.pub)`,
  `\\.ssh\\/(?:id_[a-z0-9_]{1,20}|[a-z0-9_-]{1,40}\\.(?:pem|key))\\b(?!\\.pub)`,
  `\\.aws\\/credentials\\b`,
  `\\baws_(?:secret_access_key|session_token)\\b`,
  `\\.azure\\/(?:accesstokens\\.json|msal_token_cache[a-z_.]{0,20})`,
  `\\.config\\/gcloud\\b`,
  `\\bapplication_default_credentials\\.json\\b`,
  `\\.kube\\/config\\b`,
  `\\bkubeconfig\\b`,
  `\\.docker\\/config\\.json\\b`,
  `(?<![a-z0-9_])\\.env(?:\\.(?:local|production|prod|development|dev|staging|test))?(?![a-z0-9_-])`,
  `\\.npmrc\\b`,
  `\\.pypirc\\b`,
  `\\.netrc\\b`,
  `\\b_netrc\\b`,
  `\\.pgpass\\b`,
  `\\.git-credentials\\b`,
  `\\.vault-token\\b`,
  `\\.terraform\\.d\\/credentials`,
  `\\.(?:cargo|gem)\\/credentials`,
  `\\bcookies\\.(?:sqlite|txt|json|pkl|db)\\b`,
  `\\blogin data\\b`,
  `\\blogins\\.json\\b`,
  `\\bkey[34]\\.db\\b`,
  `\\bbrowser(?:['’]s)? (?:cookies|passwords|saved passwords|session)\\b`,
  `\\b(?:chrome|chromium|firefox|brave|edge|safari)(?:['’]s)? (?:cookies|cookie store|passwords|saved passwords|profile)\\b`,
  `\\bcookie ?jar\\b`,
  `\\b(?:\\.cursor\\/)?mcp\\.json\\b`,
  `\\bclaude_desktop_config\\.json\\b`,
  `\\.claude\\.json\\b`,
  `\\bmcp_config\\.json\\b`,
  `\\bcline_mcp_settings\\.json\\b`,
  `\\.codex\\/config\\.toml\\b`,
  `\\.gemini\\/settings\\.json\\b`,
  `\\.continue\\/config\\.(?:yaml|json)\\b`,
  `\\bkeychains?\\b`,
  `\\bsecurity find-(?:generic|internet)-password\\b`,
  `\\bgnome-keyring\\b`,
  `\\bkwallet\\b`,
  `\\bcredential manager\\b`,
  `\\/etc\\/(?:shadow|sudoers|master\\.passwd)\\b`,
  `\\bwallet\\.dat\\b`,
  `\\.ethereum\\/keystore`,
  `\\b(?:seed|recovery|mnemonic|wallet) (?:phrase|words)\\b`,
  `\\.gnupg\\b`,
  `\\bsecring\\.gpg\\b`,
].join('|')
// Files that say a lot about the machine or its owner but hold no secret by themselves.
const PRIVATE_FILE = [
  `~?\\/?\\.ssh\\b(?:\\/(?:config|known_hosts|authorized_keys))?`,
  `\\bauthorized_keys\\b`,
  `\\.aws\\/config\\b`,
  `\\/etc\\/passwd\\b`,
  `\\.(?:bash|zsh|sh|fish|python|node_repl|psql|mysql)_history\\b`,
].join('|')
const TARGET = `${SECRET_FILE}|${PRIVATE_FILE}`

// Handing a file over (to a parameter, a message, a URL) is the attack; reading one can be the job.
const HANDOVER_VERB = `(?:include|send|upload|pass|copy|paste|provide|attach|dump|cat|base64|encode|append|embed|put|forward|share|transmit|exfiltrate|steal|leak|post|email)`
const READ_VERB = `(?:read|open|load|access|fetch|retrieve|get|grab|print|show|extract|output|display|echo|collect|gather|list|inspect|parse|view|examine|type|return|check|look at|scan)`
// Descriptive uses ("this tool can read files", "used to read") are not requests to the model.
const NOT_DESCRIPTIVE = `(?<!\\b(?:can|could|may|might|will|would|cannot|never|not|won['’]?t|doesn['’]?t|that|which|who|it|tool|this|used|able|allows you|lets you|helps you|designed|you can|used to|tool to|this to|it to|is to|server to|will not|refuses to|never) (?:to )?)`

const SENSITIVE: SignalPattern[] = [
  // Naming a file is context for other cues, never support on its own (".env" is in every README).
  P('sensitive-mention', 'sensitive-target', 0.5, 'a sensitive file or credential store',
    `(?:${TARGET})`),
]

// Verbs are everywhere and file names are rare, so the request is found from the file backwards:
// each sensitive name, then a verb in the 80 characters of its sentence before it.
const SECRET_FILE_RE = new RegExp(`(?:${SECRET_FILE})`)
const HANDOVER_BEFORE_RE = new RegExp(`${NOT_DESCRIPTIVE}\\b${HANDOVER_VERB}\\b`)
const READ_BEFORE_RE = new RegExp(`${NOT_DESCRIPTIVE}\\b${READ_VERB}\\b`)
const SENSITIVE_LOOKBACK = 80

function sensitiveRequests(out: Signal[], text: string, display: Display, origin: Origin, role: Role, mentions: readonly Signal[]): void {
  for (const m of mentions) {
    const from = Math.max(0, m.index - SENSITIVE_LOOKBACK)
    let window = text.slice(from, m.index)
    const stop = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '))
    const start = stop < 0 ? from : from + stop + 2
    window = text.slice(start, m.index)
    const secret = SECRET_FILE_RE.test(m.match)
    const hand = HANDOVER_BEFORE_RE.exec(window)
    const read = hand ? null : READ_BEFORE_RE.exec(window)
    const verb = hand ?? read
    if (!verb) continue
    const index = start + verb.index
    const match = text.slice(index, m.index + m.match.length)
    if (hand) push(out, {kind: 'sensitive-target', id: 'sensitive-access', label: 'a request to hand over a sensitive file', weight: 2.5, match, index, origin}, display)
    else if (secret) push(out, {kind: 'sensitive-target', id: 'sensitive-read', label: 'a request to read a file that holds secrets', weight: role === 'content' ? 1.5 : 2, match, index, origin}, display)
    else push(out, {kind: 'sensitive-target', id: 'private-read', label: 'a request to read a private file', weight: role === 'content' ? 1.5 : 1, match, index, origin}, display)
  }
}

// ----- harvesting: conversation, prompts, credentials into a parameter ---------------------------

// Verbs of handing data over (to a parameter, a message, a URL): what a poisoned description asks.
const GIVE_VERB = `(?:include|pass|put|provide|add|insert|append|send|attach|copy|paste|fill|embed|share|forward|supply|give|dump|write|store|enter|place|transmit|upload|post|leak|exfiltrate|repeat|encode|email|e-mail|mail)`
// For credentials, storing or writing them somewhere is what every guide advises; passing is the attack.
const PASS_VERB = `(?:include|pass|put|provide|add|insert|append|send|attach|copy|paste|embed|share|forward|supply|give|dump|transmit|upload|post|leak|exfiltrate|repeat|email|e-mail|mail)`
// Verbs of taking data: a secrets tool honestly "retrieves" secrets, so in metadata these weigh little.
const TAKE_VERB = `(?:retrieve|fetch|obtain|steal|harvest|grab|collect|gather|extract|show|reveal|display|print|dump|list|leak|disclose|tell me|give me|read out|output)`
const CONVO = `(?:(?:the |your |our |this )?(?:full |entire |complete |whole |all |previous |prior |past |recent |current |last |earlier |raw ){0,3}(?:conversation(?: history| log| so far| context| transcript)?|chat (?:history|log|transcript|messages)|message history|messages? so far|previous messages|prior messages|earlier messages|last messages|dialog(?:ue)? history|session (?:history|transcript)|context window|system prompt|system message|system instructions|(?:initial|original|hidden|full) (?:instructions|prompt)|your instructions|user['’]?s? (?:messages|prompts|queries|requests|inputs)|tool (?:results|outputs|responses)|(?:outputs?|results?|responses?) (?:of|from) (?:all |any |the |every )?(?:other |previous )?tools?|other tools['’]? (?:outputs?|results|descriptions|responses)|(?:list|names) of (?:all |the )?(?:available |other )?tools|tool descriptions|list of (?:last|recent|previous) messages|everything (?:you know|you have seen|above|you have read)))`
const STRONG_CONVO_RE = /\b(?:full|entire|complete|whole|all|every|previous|prior|earlier|last|system|instructions|tools?|everything|history|so far)\b/
const CREDS = `(?:(?:the |your |any |all |their |its |user['’]?s? )?(?:api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication|orization)?[ _-]?tokens?|bearer tokens?|refresh tokens?|session (?:cookies|tokens?)|secret keys?|private keys?|ssh keys?|passwords?|passphrases?|credentials|login details|env(?:ironment)? (?:variables|vars)|credit card (?:numbers?|details)|social security numbers?|2fa codes?|otp codes?|one-time (?:codes|passwords)))`
const FILEDATA = `(?:(?:the |this |that )?(?:whole|entire|full|complete) (?:file|document|folder|directory|config(?:uration)?)\\b|(?:the )?(?:full |entire |complete |raw )?(?:contents?|text|output|data|results?)s? of (?:the |your |the user['’]s |any |all |every |each |those |these )?(?:[a-z0-9_.~\\/-]{1,40} )?(?:files?|documents?|previous|prior|other|earlier|recent|ssh|config)|(?:any|all|every) (?:files?|documents?) (?:you(?:['’]ve| have)? (?:read|seen|opened|accessed))|(?:all |any )?(?:personal )?(?:information|data|details) (?:about|on|regarding) the user|its (?:full )?contents?|the user['’]?s? (?:e-?mail(?: address)?|phone(?: number)?|home address|location|date of birth|contacts|address book|messages|files|browsing history))`
const PARAM_TARGET = `\\b(?:in|into|as|to|inside|within|under|via|using) (?:the |a |an |its )?['"\`]?([a-z_][a-z0-9_]{1,40})['"\`]? (?:parameter|param|field|argument|arg|property|input|key)\\b|\\bas ['"\`]([a-z_][a-z0-9_]{1,40})['"\`]`

// Where the credential should go decides: into a parameter, the answer or an address is the attack;
// "include your API key in the Authorization header" is how every API is documented.
const DESTINATION_RE = /\b(?:parameter|param|field|argument|arg|your (?:reply|response|answer|message|output)|here|below|to (?:me|us|this|the following)|https?:\/\/|@)|\bas ['"`]|\bto [a-z0-9._%+@-]{1,80}\.[a-z]{2,12}\b/
const credentialsWeight = (m: RegExpMatchArray, role: Role): number => (DESTINATION_RE.test(m[0]) ? (role === 'content' ? 3 : 2.5) : 1.5)
const HARVEST: SignalPattern[] = [
  P('harvest-conversation', 'harvest', 2.5, 'a request to pass along the conversation or the model\'s instructions',
    `${NOT_DESCRIPTIVE}\\b${GIVE_VERB}\\b${W(50)}\\b${CONVO}${W(40)}`, {weigh: (m) => (STRONG_CONVO_RE.test(m[0]) || DESTINATION_RE.test(m[0]) ? 2.5 : 1.5)}),
  P('call-with-conversation', 'harvest', 2.5, 'a request to call a tool with the conversation',
    `\\b(?:call|invoke|use|run|trigger)\\b (?:this|the|that)(?: [a-z0-9_.-]{1,40})? (?:tool|function)\\b${W(20)}\\bwith\\b ${CONVO}`),
  P('ask-user-for-credentials', 'harvest', 1.5, 'a request to ask the user for credentials',
    `\\b(?:ask|prompt|request)\\b (?:the user|the human|them) (?:for|to (?:enter|provide|give|type|share)) ${CREDS}\\b`, {content: 2.5}),
  P('harvest-credentials', 'harvest', 2, 'a request to pass along credentials',
    `${NOT_DESCRIPTIVE}\\b${PASS_VERB}\\b${W(40)}\\b${CREDS}\\b${W(40)}`, {weigh: credentialsWeight}),
  P('take-credentials', 'harvest', 1, 'a request to retrieve credentials',
    `${NOT_DESCRIPTIVE}\\b${TAKE_VERB}\\b${W(40)}\\b${CREDS}\\b`, {content: 2.5}),
  P('harvest-file-contents', 'harvest', 2, 'a request to pass along file contents or user data',
    `${NOT_DESCRIPTIVE}\\b${GIVE_VERB}\\b${W(40)}\\b${FILEDATA}`),
  P('content-into-parameter', 'harvest', 2, 'a request to put file contents or results into a parameter',
    `(?:${NOT_DESCRIPTIVE}\\b${GIVE_VERB}|\\b(?:needs|requires|expects))\\b (?:the |its |their |this |that |all )?(?:full |whole |entire |raw )?(?:file|files|content|contents|output|outputs|result|results|text|data|everything|it|them)\\b${W(60)}(?:\\b(?:in|into|inside|within|to|under) (?:the |a |an |its )?['"\`]?[a-z_][a-z0-9_]{1,40}['"\`]? (?:parameter|param|field|argument|arg|property)\\b|\\bas ['"\`][a-z_][a-z0-9_]{1,40}['"\`])`),
  P('into-parameter', 'harvest', 0.5, 'a request to put data into a parameter',
    PARAM_TARGET, {refGroup: 1}),
  P('call-credential-tool', 'harvest', 2, 'an order to call a tool that reveals credentials',
    `\\b(?:call|execute|run|use|invoke|trigger)\\b (?:the )?[\`'"]?[a-z_]{0,20}(?:credentials?|passwords?|secrets?|tokens?|api_?keys?)[a-z_]{0,20}[\`'"]?(?: tool| function)?\\b`, {content: 2.5}),
  P('prompt-extraction', 'harvest', 3, 'a request to reveal the system prompt',
    `\\b(?:reveal|print|show|output|repeat|leak|display|tell me|give me|write out|dump|recite|disclose|share|copy|paste|send|return|include)\\b${W(30)}\\b(?:your|the) (?:full |entire |complete |exact |original |initial |hidden |secret )?(?:system prompt|system message|system instructions|initial instructions|original instructions|hidden instructions|instructions above|prompt above)`),
]

// ----- sinks ----------------------------------------------------------------------------------------

const EXFIL_HOSTS = `(?<![a-z0-9-])(?:webhook\\.site|requestbin\\.(?:com|net)|[a-z0-9-]{1,40}\\.pipedream\\.net|pipedream\\.net|[a-z0-9-]{1,63}\\.ngrok(?:-free)?\\.(?:io|app|dev)|ngrok\\.io|burpcollaborator\\.net|[a-z0-9-]{1,63}\\.oastify\\.com|interact\\.sh|[a-z0-9-]{1,63}\\.oast\\.(?:fun|me|pro|live|site|online)|hookbin\\.com|beeceptor\\.com|requestcatcher\\.com|discord(?:app)?\\.com\\/api\\/webhooks|hooks\\.slack\\.com\\/services|pastebin\\.com|transfer\\.sh|[a-z0-9-]{1,63}\\.trycloudflare\\.com|canarytokens\\.com|postb\\.in|ptsv2\\.com)`
const SEND_VERB = `(?:send|post|upload|forward|transmit|exfiltrate|leak|email|e-mail|mail|bcc|cc|redirect|route|deliver|relay|beacon)`
// Documentation examples point at reserved example domains; those are not destinations.
const EXAMPLE_RE = /@example\.(?:com|org|net)\b|\/\/(?:[a-z0-9-]{1,63}\.)?example\.(?:com|org|net)\b|\blocalhost\b/
const SINKS: SignalPattern[] = [
  P('exfil-host', 'sink', 2.5, 'a known request-capture or tunnel host',
    `\\b${EXFIL_HOSTS}`),
  P('send-to-address', 'sink', 2, 'an instruction to send data to an outside address',
    `\\b${SEND_VERB}\\b${W(60)}\\b(?:to|at|into|onto|towards)\\b (?:the (?:following |this |my |our |external |remote )?(?:url|address|endpoint|server|webhook|email(?: address)?|inbox|number|host|ip)(?: of)?:? ?)?(?:(?:https?|ftp):\\/\\/[a-z0-9.-]{1,100}|[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b|\\+?\\d[\\d ().-]{6,18}\\d\\b|(?:\\d{1,3}\\.){3}\\d{1,3}\\b)`, {weigh: (m, role) => (EXAMPLE_RE.test(m[0]) ? 0.5 : role === 'content' ? 1.5 : 2)}),
  P('change-recipient', 'sink', 2.5, 'an instruction to change where messages or money go',
    `\\b(?:change|replace|set|switch|redirect|override|update)\\b (?:the )?(?:recipient|receiver|destination|to address|to field|target (?:account|address|number)|iban|account number|wallet address|phone number)s?\\b${W(20)}\\bto\\b`),
  P('bcc-address', 'sink', 2.5, 'an instruction to copy messages to an outside address',
    `\\b(?:bcc|cc|blind copy|carbon copy|copy)\\b${W(40)}(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b|(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b${W(20)}\\b(?:as|to) (?:a |the )?(?:bcc|cc|blind copy|carbon copy|hidden recipient|silent recipient)\\b`, {weigh: (m) => (EXAMPLE_RE.test(m[0]) ? 0.5 : 2.5)}),
  P('code-upload', 'sink', 1, 'code that sends data to a remote host',
    `\\brequests\\.(?:post|put|patch)\\s?\\(|\\bhttpx\\.(?:post|put)\\s?\\(|\\baxios\\.(?:post|put)\\s?\\(|\\bfetch\\s?\\([^)]{0,200}method\\s?:\\s?["']post|\\bcurl\\b[^|;&\\n]{0,200}(?:[\\s"']-d\\b|--data|[\\s"']-f\\b|--form|--upload-file|[\\s"']-t\\b|-x post)|\\b[a-z_]{1,20}\\.(?:sendall|sendto)\\s?\\(|\\bsmtplib\\.smtp|\\bstorbinary\\s?\\(|\\bpublish\\.single\\s?\\(|\\.request\\s?\\(\\s?["']post["']|\\bcookies\\s?=\\s?[a-z_]{1,20}\\b|\\bnew webclient\\b|\\binvoke-webrequest\\b[^\\n]{0,100}-method post`),
]

// URLs are matched with one simple bounded pattern, then inspected (no regex does both at once).
const URL_RE = /\bhttps?:\/\/[^\s"'<>`)\]]{1,500}/g
// The URL stops at a space or ")"; an optional title follows a space: no two parts compete for a character.
const MD_IMAGE_RE = /!\[[^\]]{0,200}\]\(\s{0,4}(https?:\/\/[^\s)]{1,500})(?:\s[^)]{0,200})?\)/g
const HTML_IMG_RE = /<img\b[^>]{0,300}?\bsrc\s?=\s?["']?(https?:\/\/[^"'\s>]{1,500})/g
const PLACEHOLDER_RE = /\{\{?\s?[a-z_][a-z0-9_ .-]{0,40}\}\}?|\$\{?[a-z_][a-z0-9_]{0,40}\}?|<[a-z_][a-z0-9_ -]{0,40}>|\[[a-z_][a-z0-9_ -]{1,40}\]|%s\b/
const DATA_WORD_RE =
  /\b(?:data|secret|secrets|token|tokens|apikey|api_key|password|passwd|pwd|conversation|convo|history|chat|context|env|credentials|creds|payload|summary|prompt|system|session|cookie|cookies|ssh|memory|notes|exfil|leak|stolen|dump|email|phone|username)\b/
const RAW_IP_URL_RE = /\b(?:https?|ftp|tcp|udp|ws|wss):\/\/(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b/g

// ----- dangerous code ------------------------------------------------------------------------------

const CODE: SignalPattern[] = [
  P('rm-rf-root', 'dangerous-code', 2.5, 'a command that deletes a whole file system',
    `\\brm -(?:rf|fr|r -f|f -r)\\b ?(?:--no-preserve-root )?(?:\\/|~|\\*|\\$home|\\.\\.)`),
  P('disk-wipe', 'dangerous-code', 2.5, 'a command that overwrites a disk',
    `\\bdd if=[^ ]{1,60} of=\\/dev\\/(?:sd|hd|nvme|disk|mmcblk|xvd)|\\bmkfs(?:\\.[a-z0-9]{1,8})? \\/dev\\/|\\bformat c:`),
  P('fork-bomb', 'dangerous-code', 2.5, 'a fork bomb', `:\\(\\)\\s?\\{\\s?:\\s?\\|\\s?:\\s?&\\s?\\}\\s?;\\s?:`),
  P('pipe-to-shell', 'dangerous-code', 2.5, 'a download piped into a shell',
    `\\b(?:curl|wget)\\b[^|;&\\n]{0,200}\\|\\s?(?:sudo )?(?:ba|z|da|k)?sh\\b`),
  P('download-and-run', 'dangerous-code', 2.5, 'a download that is made executable and run',
    `\\b(?:curl|wget)\\b[^;&|\\n]{0,200}(?:&&|;) ?(?:sudo )?chmod (?:\\+x|[0-7]{3,4})\\b|\\bexec\\s?\\(\\s?(?:open|requests\\.get|urllib|urlopen|base64|compile|__import__)|\\beval\\s?\\(\\s?(?:requests|urllib|atob|base64|fetch)|\\b(?:iex|invoke-expression)\\b[^;\\n]{0,100}(?:downloadstring|webclient|iwr|invoke-webrequest)|\\bsubprocess\\.(?:call|run|popen)\\s?\\(\\s?\\[\\s?["'](?:nohup|python3?|sh|bash)["'],\\s?["'][a-z0-9_./-]{1,60}\\.(?:py|sh)["']`),
  P('system-file-delete', 'dangerous-code', 2.5, 'code that deletes system files',
    `\\bos\\.(?:remove|unlink|rmdir)\\s?\\(\\s?["']\\/(?:lib|usr|bin|etc|boot|sys|var|sbin)|\\bshutil\\.rmtree\\s?\\(\\s?["'](?:\\/|~)|\\bsudo rm\\b`),
  P('persistence', 'dangerous-code', 2.5, 'code that writes a start-up hook',
    `>>? ?["']?\\/etc\\/(?:init\\.d\\/|rc\\.local\\b|cron|profile\\b|bash\\.bashrc\\b)|\\| ?crontab -`),
  P('service-tamper', 'dangerous-code', 1.5, 'code that stops services or touches start-up hooks',
    `\\bsystemctl (?:stop|disable|mask)\\b|\\/etc\\/init\\.d\\/|\\/etc\\/rc\\.local\\b|\\bcrontab\\b|\\/etc\\/cron`),
  P('download-code', 'dangerous-code', 0.5, 'code that downloads something',
    `\\b(?:urlopen|urlretrieve|requests\\.get|httpx\\.get|wget\\.download|session\\.get|http\\.request)\\s?\\(|["'](?:curl|wget)["']|\\b(?:curl|wget) (?:-[a-z]{1,3} ){0,4}["']?https?:`),
  P('exec-code', 'dangerous-code', 0.5, 'code that runs a program',
    `\\bsubprocess\\.(?:call|run|popen|check_output)\\s?\\(|\\bos\\.(?:system|popen)\\s?\\(|\\bexec\\s?\\(|\\bnohup\\b|\\bchmod \\+x\\b`),
  P('reverse-shell', 'dangerous-code', 2.5, 'a reverse shell',
    `\\bnc (?:-[a-z]{1,3} ){0,3}-e\\b|\\/dev\\/tcp\\/|\\bbash -i >&`),
  P('miner', 'dangerous-code', 2, 'a cryptocurrency miner',
    `\\b(?:xmrig|crypto[-_ ]?min(?:er|ing)|coin[-_ ]?miner|coinhive|minerd|cpuminer)\\b|stratum\\+tcp|\\bminer(?:_url)?\\b`),
  P('env-harvest-code', 'dangerous-code', 1, 'code that reads the environment',
    `\\bos\\.environ\\b|\\bprocess\\.env\\b|\\bprintenv\\b|\\bgetenv\\s?\\(`),
  P('cookie-code', 'dangerous-code', 1.5, 'code that loads browser cookies',
    `\\b(?:mozillacookiejar|simplecookie|browser_cookie3?|requestscookiejar)\\b|\\b_load_cookie_file\\b`),
  P('keyring-code', 'dangerous-code', 2, 'code that reads the keychain', `\\bkeyring\\.get_password\\b`),
  P('file-read-code', 'dangerous-code', 0.5, 'code that reads a file to send it',
    `\\bopen\\s?\\([^)]{1,120}["']rb["']\\s?\\)|\\bfiles\\s?=\\s?\\{|\\bfile=@`),
  P('system-info-code', 'dangerous-code', 0.5, 'code that collects system information',
    `\\bpsutil\\.(?:virtual_memory|disk_partitions|net_if_addrs|process_iter)\\b|\\bdriverquery\\b|\\busb\\.core\\.find\\b|\\bsd\\.query_devices\\b`),
]

// ----- tool references --------------------------------------------------------------------------

const NAME = `[\`'"]?([a-z][a-z0-9_.-]{1,63})[\`'"]?`
const REFS: SignalPattern[] = [
  P('all-other-tools', 'tool-reference', 1, 'a reference to all other tools',
    `\\b(?:all|any|every|each)(?: of the)? other ${TOOLWORD}\\b|\\bfor (?:all|any|every|each) ${TOOLWORD}\\b`),
  P('other-tools', 'tool-reference', 0.5, 'a reference to other tools or servers',
    `\\b(?:other|another|different|third-party|external) ${TOOLWORD}\\b|\\b(?:any|all|every) other [a-z-]{2,20} (?:tools?|servers?|functions?)\\b|\\b(?:other|competing) [a-z-]{2,20} (?:tools|servers)\\b`),
  P('category-tool', 'tool-reference', 1, 'a reference to a kind of tool it does not provide',
    `\\b(?:any|every|all|the|an?) (?:email|e-mail|mail|messaging|message|whatsapp|slack|sms|telegram|payment|banking|bank|transfer|wallet|crypto|shell|terminal|browser|database|sql|calendar|file ?system|filesystem|git|github|http|fetch|web|search) ${TOOLWORD}\\b`),
  P('when-tool-used', 'tool-reference', 1.5, 'a rule for when another tool is used',
    `\\b(?:when|whenever|if|each time|every time|once) (?:the |a |an |any )?${NAME} (?:tool |function |server )?(?:is|are|gets|get) (?:used|called|invoked|run|executed|requested|available|present|triggered)\\b`, {refGroup: 1}),
  P('instead-of-tool', 'tool-reference', 1.5, 'an instruction to use something instead of a tool',
    `\\b(?:instead of|rather than|in place of) (?:using |calling |invoking )?(?:the )?${NAME}`, {refGroup: 1}),
  P('named-tool', 'tool-reference', 0.5, 'a reference to a named tool',
    `\\b(?:the|a|an) ${NAME} (?:tool|function|server|mcp server)\\b`, {refGroup: 1}),
  P('call-named', 'tool-reference', 0.5, 'an instruction to call a named tool',
    `\\b(?:call|use|invoke|run|execute|trigger)\\b (?:the )?[\`'"]?([a-z][a-z0-9]{0,30}[_.-][a-z0-9_.-]{1,60})[\`'"]?`, {refGroup: 1}),
]

/** Every table-driven pattern (the ReDoS gate in test/redos also finds the literals below). */
export const SIGNAL_PATTERNS: readonly SignalPattern[] = [
  ...OVERRIDE,
  ...DELEGATION,
  ...STEERING,
  ...MODEL_DIRECTED,
  ...SECRECY,
  ...COERCION,
  ...SENSITIVE,
  ...HARVEST,
  ...SINKS,
  ...CODE,
  ...REFS,
]

// ----- blocks: markup that frames text as instructions -----------------------------------------

const BLOCK_TAG_RE =
  /<\/?\s{0,2}(important|critical|urgent|mandatory|priority|system|instructions?|secret|hidden|admin|assistant|system[-_ ]?(?:prompt|message|reminder|note|instructions?)|directive|override|ai[-_ ]?(?:note|instructions?)|note[-_ ]?(?:to|for)[-_ ]?(?:ai|assistant|model|llm|agent)|(?:ai|assistant|model|llm|agent)[-_ ]?(?:only|instructions?)|hidden[-_ ]?(?:instructions?|text|note)|rules)\b(?:\s[^<>]{0,80})?>/g
const TEMPLATE_TOKEN_RE =
  /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end_of_turn)\|>|\[\/?inst\]|<<\/?sys>>|<start_of_turn>|<end_of_turn>|\[\/?system\]|\[\/?(?:admin|assistant)\]/g
const HIDDEN_HTML_RE =
  /<(?:span|div|p|font|section|small|sup|sub)\b[^>]{0,200}?(?:display\s?:\s?none|visibility\s?:\s?hidden|font-size\s?:\s?0|opacity\s?:\s?0(?:\.0)?\b|color\s?:\s?(?:white|#fff(?:fff)?\b|transparent)|\bhidden\b)/g
const MD_COMMENT_RE = /\[(?:\/\/|comment|hidden|note|todo|_|ai|system)\]:\s{0,4}(?:#|<>)/g
const ROLE_LINE_RE = /^\s{0,4}(?:[*_]{0,2})(system|assistant|developer|ai|model|user|human)(?:[*_]{0,2})\s?:\s?\S/
// What an ASCII line must start with to fold into a reported role line (system, assistant, developer) or a heading.
const ROLE_OR_HEADING_START_RE = /^\s*(?:#|[*_]{0,2}[sad])/i
const HEADING_LINE_RE = /^\s{0,4}#{1,4} ?(system|instructions?|assistant|response|hidden instructions|important)\s?:?\s{0,4}$/

/**
 * Markup and URL patterns, each with a literal every match of it holds: they run only on a text that
 * holds it, and in a long text only around it (exported for the test that checks both).
 */
export const GUARDED_PATTERNS: ReadonlyMap<RegExp, string> = new Map([
  [BLOCK_TAG_RE, '<'],
  [HIDDEN_HTML_RE, '<'],
  [MD_COMMENT_RE, ']:'],
  [MD_IMAGE_RE, '!['],
  [HTML_IMG_RE, '<img'],
  [URL_RE, '://'],
  [RAW_IP_URL_RE, '://'],
])

const guarded = (re: RegExp, text: string) => matchesWith(re, text, GUARDED_PATTERNS.get(re)!)

const BLOCK_TAG_WEIGHT: Record<string, number> = {important: 1.5, critical: 1.5, urgent: 1.5, mandatory: 1.5, priority: 1.5, rules: 1}

// ----- extraction ----------------------------------------------------------------------------------

const MAX_MATCHES_PER_PATTERN = 8
const MAX_LINES = 20_000

/** The secrets of the last text excerpts were cut from: signals of one view share its text. */
let secretsOf: {text: string; found: ReturnType<typeof findSecrets>} | undefined

function secretsIn(text: string): ReturnType<typeof findSecrets> {
  if (secretsOf?.text !== text) secretsOf = {text, found: findSecrets(text)}
  return secretsOf.found
}

/**
 * The text around a match, with every secret in it masked. Masking the excerpt afterwards is not
 * enough: a secret cut by the window's edge is a tail no pattern recognises, and a secret whose
 * pattern needs its name (`AWS_SECRET_ACCESS_KEY=`, `Bearer `) is not recognised without it. So the
 * window grows to whole matches and the secrets are masked here, where their places are known.
 */
function excerptAt(text: string, index: number, length: number): string {
  let start = Math.max(0, index - 24)
  let end = Math.min(text.length, index + Math.min(length, 200) + 40)
  const cut = secretsIn(text).filter((m) => m.start < end && m.end > start)
  for (const m of cut) {
    start = Math.min(start, m.start)
    end = Math.max(end, m.end)
  }
  let body = ''
  let at = start
  for (const m of cut) {
    if (m.index < at) continue
    body += text.slice(at, m.index) + mask(m.value)
    at = m.index + m.value.length
  }
  body += text.slice(at, end)
  return (start > 0 ? '…' : '') + body.trim() + (end < text.length ? '…' : '')
}

/** A view as written, built on first use: most views yield no signal and never need it. */
type Display = () => string

function lazy(make: () => string): Display {
  let value: string | undefined
  return () => (value ??= make())
}

function push(out: Signal[], s: Omit<Signal, 'excerpt'>, display: Display): void {
  out.push({...s, excerpt: excerptAt(display(), s.index, s.match.length)})
}

// Most patterns cannot match most texts: one pass finds which patterns' required literals occur, and
// only those patterns run. A pattern without derivable literals always runs.
// A pattern may need several literals at once ("cc" and "@"): it runs when every one of its groups
// occurs. Derived on first use, like the index's table, so start-up pays nothing. Each list of
// patterns has its own index, so a pass for the sink patterns alone looks for their literals only.
interface PatternLiterals {
  /** The index's groups of each pattern, in the order of the patterns. */
  groups: number[][]
  /** Each pattern's longest match and reach (see `matchBounds`), for running it on windows. */
  bounds: Array<{len: number; reach: number} | undefined>
  index: LiteralIndex
}
const literals = new Map<readonly SignalPattern[], PatternLiterals>()

function patternLiterals(patterns: readonly SignalPattern[]): PatternLiterals {
  let found = literals.get(patterns)
  if (found) return found
  const lists: Array<string[] | undefined> = []
  const groups = patterns.map((p) => (requiredLiteralSets(p.re) ?? [undefined]).map((set) => lists.push(set) - 1))
  literals.set(patterns, (found = {groups, bounds: patterns.map((p) => matchBounds(p.re)), index: new LiteralIndex(lists)}))
  return found
}

function runPatterns(out: Signal[], text: string, display: Display, origin: Origin, role: Role, patterns: readonly SignalPattern[] = SIGNAL_PATTERNS): void {
  const first = out.length
  const {groups, bounds, index} = patternLiterals(patterns)
  const {present, hits} = text.length >= WINDOWS_FROM ? index.locate(text, text.length >> 8) : {present: index.scan(text), hits: undefined}
  for (let i = 0; i < patterns.length; i++) {
    if (!allPresent(groups[i], present)) continue
    const p = patterns[i]
    let n = 0
    for (const m of patternMatches(p.re, text, groups[i], hits, bounds[i])) {
      let weight = p.weigh ? p.weigh(m, role) : role === 'content' && p.content !== undefined ? p.content : p.weight
      if (weight <= 0) continue
      if (p.kind === 'override' && quoted(text, m.index ?? 0)) weight = Math.min(weight, 1)
      const ref = p.refGroup === undefined ? undefined : (m[p.refGroup] ?? m[p.refGroup + 1])
      push(out, {kind: p.kind, id: p.id, label: p.label, weight, match: m[0], index: m.index ?? 0, origin, ...(ref ? {ref} : {})}, display)
      if (++n >= MAX_MATCHES_PER_PATTERN) break
    }
  }
  if (patterns === SIGNAL_PATTERNS) {
    blocks(out, text, display, origin)
    sensitiveRequests(out, text, display, origin, role, out.slice(first).filter((s) => s.id === 'sensitive-mention'))
  }
  urls(out, text, display, origin, role)
}

function allPresent(groups: number[], present: Uint8Array): boolean {
  for (const g of groups) if (!present[g]) return false
  return true
}

const QUOTES = new Set(['"', "'", '“', '‘', '`', '«', '„'])
const DISCUSSION_RE = /\b(?:attacks?|attackers?|injections?|jailbreaks?|examples?|such as|e\.g\.|phrases?|like|writes?|wrote|says?|said|called|known as|classic|payloads?|detect(?:s|ed|ion)?|filters?|blocks?)\b/

/** A phrase in quotes, in a sentence about attacks or examples, is mentioned rather than used. */
function quoted(text: string, index: number): boolean {
  if (index === 0 || !QUOTES.has(text[index - 1])) return false
  return DISCUSSION_RE.test(text.slice(Math.max(0, index - 120), index))
}

/** Evidence shows the text as written (see `layout`) when it lines up with the folded text. */
function displayFor(folded: string, display: string): string {
  return display.length === folded.length ? display : folded
}


function blocks(out: Signal[], text: string, display: Display, origin: Origin): void {
  let n = 0
  for (const m of guarded(BLOCK_TAG_RE, text)) {
    const tag = m[1].replace(/[-_ ]/g, '')
    push(out, {kind: 'block', id: 'instruction-tag', label: `an instruction block <${m[1]}>`, weight: BLOCK_TAG_WEIGHT[tag] ?? 2, match: m[0], index: m.index ?? 0, origin}, display)
    if (++n >= MAX_MATCHES_PER_PATTERN) break
  }
  n = 0
  for (const m of text.includes('<') || text.includes('[') ? text.matchAll(TEMPLATE_TOKEN_RE) : []) {
    push(out, {kind: 'block', id: 'chat-template', label: `a chat-template control token ${m[0]}`, weight: 2.5, match: m[0], index: m.index ?? 0, origin}, display)
    if (++n >= MAX_MATCHES_PER_PATTERN) break
  }
  n = 0
  for (const m of guarded(HIDDEN_HTML_RE, text)) {
    push(out, {kind: 'block', id: 'hidden-html', label: 'html styled to be invisible', weight: 2, match: m[0], index: m.index ?? 0, origin}, display)
    if (++n >= MAX_MATCHES_PER_PATTERN) break
  }
  n = 0
  for (const m of guarded(MD_COMMENT_RE, text)) {
    push(out, {kind: 'block', id: 'markdown-comment', label: 'a markdown comment that renders invisibly', weight: 1.5, match: m[0], index: m.index ?? 0, origin}, display)
    if (++n >= MAX_MATCHES_PER_PATTERN) break
  }
  // HTML comments are found with indexOf: a regex for "anything up to -->" invites backtracking.
  let from = 0
  for (let i = 0; i < MAX_MATCHES_PER_PATTERN; i++) {
    const start = text.indexOf('<!--', from)
    if (start < 0) break
    const end = text.indexOf('-->', start + 4)
    const body = text.slice(start + 4, end < 0 ? Math.min(text.length, start + 2004) : end).trim()
    from = end < 0 ? text.length : end + 3
    // Folded text has single spaces: two words in a row are enough to call it prose.
    if (/[a-z][a-z] [a-z][a-z]/.test(body.slice(0, 400))) {
      push(out, {kind: 'block', id: 'html-comment', label: 'an html comment the user does not see', weight: 1.5, match: `<!--${body.slice(0, 120)}`, index: start, origin}, display)
    }
  }
}

function urls(out: Signal[], text: string, display: Display, origin: Origin, role: Role): void {
  let n = 0
  const images = new Set<number>()
  for (const re of [MD_IMAGE_RE, HTML_IMG_RE]) {
    for (const m of guarded(re, text)) {
      const url = m[1]
      const q = url.indexOf('?')
      const query = q < 0 ? '' : url.slice(q + 1)
      const index = m.index ?? 0
      images.add(index + m[0].indexOf(url))
      const dataish = (PLACEHOLDER_RE.test(url) && DATA_WORD_RE.test(url.replace(/[^a-z0-9]/g, ' '))) || (query !== '' && DATA_WORD_RE.test(query.replace(/[=&_]/g, ' ')))
      const weight = dataish ? 3 : query ? (role === 'content' ? 0.5 : 1) : 0.5
      push(out, {kind: 'sink', id: dataish ? 'image-beacon' : 'image-url', label: dataish ? 'an image whose url carries data' : 'a remote image', weight, match: m[0], index, origin}, display)
      if (++n >= MAX_MATCHES_PER_PATTERN * 2) return
    }
  }
  n = 0
  for (const m of guarded(URL_RE, text)) {
    const url = m[0]
    const index = m.index ?? 0
    if (images.has(index)) continue
    const ph = PLACEHOLDER_RE.exec(url)
    if (ph) {
      const param = /[?&]([a-z_]{1,30})=[^&]{0,3}$/.exec(url.slice(0, ph.index))
      const dataish = DATA_WORD_RE.test(ph[0].replace(/[^a-z0-9]/g, ' ')) || (param !== null && DATA_WORD_RE.test(param[1].replace(/_/g, ' ')))
      push(out, {kind: 'sink', id: 'url-placeholder', label: 'a url with a data placeholder', weight: dataish ? 2.5 : 0.5, match: url, index, origin}, display)
    }
    if (++n >= MAX_MATCHES_PER_PATTERN * 4) break
  }
  n = 0
  for (const m of guarded(RAW_IP_URL_RE, text)) {
    const a = Number(m[1])
    const b = Number(m[2])
    const local = a === 127 || a === 10 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254)
    push(out, {kind: 'sink', id: 'raw-ip', label: 'a url to a raw ip address', weight: local ? 1 : role === 'content' ? 1.5 : 2, match: m[0], index: m.index ?? 0, origin}, display)
    if (++n >= MAX_MATCHES_PER_PATTERN) break
  }
}

function roleLines(out: Signal[], visible: string, origin: Origin, ascii = isAscii(visible)): void {
  if (!/[:#]/.test(visible)) return
  let index = 0
  let count = 0
  let found = 0
  for (const line of visible.split('\n')) {
    if (++count > MAX_LINES) break
    // Folding ASCII keeps a line's first letter (lower-cased: leetspeak needs a letter before it) and
    // its "*", "_" and "#": a line that cannot start like a reported role or heading is not folded.
    if ((ascii || isAscii(line)) && !ROLE_OR_HEADING_START_RE.test(line)) {
      index += line.length + 1
      continue
    }
    const trimmed = line.length > 300 ? line.slice(0, 300) : line
    const folded = fold(trimmed)
    const role = ROLE_LINE_RE.exec(folded)
    const heading = role ? null : HEADING_LINE_RE.exec(folded)
    if (role || heading) {
      const word = (role ?? heading)![1]
      const strong = ['system', 'assistant', 'developer'].includes(word) || (heading !== null && word !== 'response')
      // A line "User: ..." alone is a transcript; only the model's own roles pose as instructions.
      // "System: Ubuntu" is also a spec sheet: a role line alone stays below every threshold.
      // `index` is the line's offset in the text (distinct lines stay distinct); the excerpt is the line.
      if (strong) out.push({kind: 'block', id: 'role-tag', label: `a "${word}:" role line`, weight: 1, match: folded.slice(0, 80), index, origin, excerpt: excerptAt(displayFor(folded, layout(trimmed)), 0, 80)})
      if (strong && ++found >= MAX_MATCHES_PER_PATTERN) break
    }
    index += line.length + 1
  }
}

const CODE_HARVEST = new Set(['env-harvest-code', 'cookie-code', 'keyring-code', 'system-info-code', 'file-read-code'])
const LINK_RE = /\bhttps?:\/\/|\bwww\.[a-z0-9-]{1,63}\.|\b[a-z0-9-]{2,63}\.(?:com|net|org|io|xyz|app|info|biz|ru|cn|top|site|online|click|link|co)\b/
const CODE_WINDOW = 2000

/**
 * Signals that mean more together than apart, within one view: code that reads secrets and code that
 * uploads becomes an exfiltration; an order to insert "the following code" weighs what that code does;
 * an order about the model's answer that carries a link is a promotion or a phishing lure.
 */
function relate(signals: Signal[]): void {
  const added: Signal[] = []
  for (const up of signals) {
    if (up.kind !== 'sink' || up.id !== 'code-upload') continue
    const source = signals.find(
      (s) => s.origin === up.origin && Math.abs(s.index - up.index) < CODE_WINDOW && ((s.kind === 'dangerous-code' && CODE_HARVEST.has(s.id)) || s.kind === 'sensitive-target'),
    )
    if (source) {
      added.push({...up, id: 'code-exfiltration', label: 'code that reads local data and sends it to a remote host', weight: 2.5})
      break
    }
  }
  for (const dl of signals) {
    if (dl.id !== 'download-code') continue
    const run = signals.find((s) => s.id === 'exec-code' && s.origin === dl.origin && s.index > dl.index && s.index - dl.index < CODE_WINDOW)
    if (run) {
      added.push({...run, id: 'download-and-run', label: 'code that downloads a program and runs it', weight: 2.5})
      break
    }
  }
  signals.push(...added)
  for (const s of signals) {
    if (s.kind !== 'response-steering') continue
    if (s.id === 'code-insertion' || s.id === 'code-into-your-work') {
      const before = /\babove\b/.test(s.match)
      let follow = 0
      for (const c of signals) {
        if (c.origin !== s.origin || !(c.kind === 'dangerous-code' || (c.kind === 'sink' && (c.id === 'code-upload' || c.id === 'code-exfiltration')))) continue
        const d = c.index - s.index
        // Reading the environment or posting JSON is what client code does; only harm counts here.
        if ((d > 0 || before) && Math.abs(d) < CODE_WINDOW && c.weight >= 1.5) follow = Math.max(follow, c.weight)
      }
      s.weight = Math.min(3, s.weight + 0.6 * follow)
    } else if (LINK_RE.test(s.excerpt.toLowerCase())) {
      s.weight = Math.min(3.5, s.weight + 0.5)
    }
  }
}

/** Non-hidden views count as visible; a signal seen only in a decoded payload was concealed. */
function concealment(signals: Signal[]): Signal | undefined {
  const visibleKinds = new Set(signals.filter((s) => s.origin === 'visible' || s.origin === 'lines').map((s) => `${s.kind}:${s.id}`))
  const hidden = signals.filter((s) => s.origin !== 'visible' && s.origin !== 'lines' && s.kind !== 'tool-reference' && s.weight >= 1 && !visibleKinds.has(`${s.kind}:${s.id}`))
  if (hidden.length === 0) return undefined
  const best = hidden.reduce((a, b) => (b.weight > a.weight ? b : a))
  return {...best, kind: 'concealed', id: `concealed-${best.origin}`, label: `instructions hidden in ${best.origin === 'tags' ? 'invisible unicode tag characters' : best.origin === 'variation-selectors' ? 'invisible variation selectors' : `a ${best.origin}-encoded payload`}`, weight: 1.5}
}

// ----- scoring -------------------------------------------------------------------------------------

/** Per kind: the strongest signal, plus a quarter of the rest (capped), so repetition adds a little. */
export function combine(signals: readonly Signal[], exclude: readonly SignalKind[] = []): number {
  const byKind = new Map<SignalKind, number[]>()
  for (const s of signals) {
    if (exclude.includes(s.kind)) continue
    const list = byKind.get(s.kind) ?? []
    list.push(s.weight)
    byKind.set(s.kind, list)
  }
  let total = 0
  for (const weights of byKind.values()) {
    weights.sort((a, b) => b - a)
    const rest = weights.slice(1).reduce((a, b) => a + b, 0)
    total += weights[0] + 0.25 * Math.min(rest, 2)
  }
  return total
}

// Keyed by the text itself (one map per role): a string keeps its hash, so every rule asking about
// the same text finds it without copying or rehashing a long text into a composite key.
const caches: Record<Role, TextCache<Evidence>> = {content: new TextCache(), metadata: new TextCache()}

/** Signals of one text. Cached per text and role, so every rule shares one analysis. */
export function textEvidence(text: string, role: Role): Evidence {
  const cache = caches[role]
  const hit = cache.get(text)
  if (hit) return hit
  const a = analyze(text)
  const signals: Signal[] = []
  a.views.forEach((view, i) => runPatterns(signals, view.text, lazy(() => displayFor(view.text, i === 0 ? a.display() : layout(visibleText(a.decoded[i - 1].text)))), view.origin, role))
  const lit = a.literal
  // Equal to the folded view, the literal view would only find that view's signals again.
  if (lit !== a.folded) runPatterns(signals, lit, lazy(() => displayFor(lit, a.display())), 'visible', role, SINKS)
  // analyze() keeps whole-Cyrillic words when most of a text is Cyrillic (so Russian stays Russian);
  // a text that also has Latin letters and still folds to look-alikes is read once more, forced.
  if (!a.ascii && /[a-z]/.test(a.folded) && hasConfusable(a.folded)) {
    const forced = fold(foldConfusables(a.visible))
    if (forced !== a.folded) runPatterns(signals, forced, lazy(() => displayFor(forced, a.display())), 'visible', role)
  }
  for (const d of a.decoded) {
    const text = literalForm(visibleText(d.text))
    runPatterns(signals, text, lazy(() => displayFor(text, layout(visibleText(d.text)))), d.encoding, role, SINKS)
  }
  roleLines(signals, a.visible, 'lines', a.ascii)
  for (const d of a.decoded) roleLines(signals, d.text, d.encoding)
  relate(signals)
  const hiddenSignal = concealment(signals)
  if (hiddenSignal) signals.push(hiddenSignal)
  const ev: Evidence = {role, signals: dedupe(signals), score: 0}
  ev.score = combine(ev.signals)
  cache.set(text, ev)
  return ev
}

/** The evidence of a field the engine hands a rule. */
export function fieldEvidence(field: {text: string; role: Role}): Evidence {
  return textEvidence(field.text, field.role)
}

// Two views may find the same phrase (a decoded payload repeating visible text): keep one per place.
function dedupe(signals: Signal[]): Signal[] {
  const seen = new Set<string>()
  const out: Signal[] = []
  for (const s of signals) {
    const k = `${s.id}|${s.origin}|${s.index}`
    if (seen.has(k)) continue
    seen.add(k)
    out.push(s)
  }
  return out
}

// ----- mentions of names (tools of other servers) -------------------------------------------------

export interface Mention {
  name: string
  index: number
  /** The sentence around the mention (folded), for directive checks. */
  sentence: string
  /** The same sentence as written (case and addresses kept), for evidence. */
  display: string
}

const DIRECTIVE_RE =
  /\b(?:must|should|shall|always|never|do not|don['’]?t|instead|rather than|make sure|ensure|be sure|remember|redirect|change|replace|modify|override|overwrite|bcc|cc|forward|send|add|include|append|prepend|first|before|after|whenever|ignore|skip|avoid|prefer|use|call|invoke|run|pass|set|route|need to|has to|have to|required)\b/

/** True when a sentence tells the reader to do something (a modal, an order, a rule). */
export function isDirective(sentence: string): boolean {
  return DIRECTIVE_RE.test(sentence)
}

const NAME_CHAR = /[a-z0-9_-]/

/** Whole-token mentions of `names` (already folded) in the text's views; bounded per name. */
export function findMentions(text: string, names: readonly string[]): Mention[] {
  if (names.length === 0) return []
  const out: Mention[] = []
  const a = analyze(text)
  for (const [v, view] of a.views.entries()) {
    const t = view.text
    const display = displayFor(t, v === 0 ? a.display() : layout(visibleText(a.decoded[v - 1].text)))
    for (const name of names) {
      if (!name) continue
      let from = 0
      for (let k = 0; k < 4; k++) {
        const i = t.indexOf(name, from)
        if (i < 0) break
        from = i + name.length
        const before = i > 0 ? t[i - 1] : ' '
        const after = i + name.length < t.length ? t[i + name.length] : ' '
        if (NAME_CHAR.test(before) || NAME_CHAR.test(after)) continue
        out.push({name, index: i, sentence: sentenceAround(t, i), display: sentenceAround(display, i)})
      }
    }
  }
  return out
}

/** The sentence holding `index` (bounded to 240 characters either side). */
export function sentenceAround(text: string, index: number): string {
  const lo = Math.max(0, index - 240)
  const hi = Math.min(text.length, index + 240)
  let start = lo
  for (let i = index - 1; i >= lo; i--) {
    const c = text[i]
    if ((c === '.' || c === '!' || c === '?') && (i + 1 >= text.length || text[i + 1] === ' ')) {
      start = i + 1
      break
    }
  }
  let end = hi
  for (let i = index; i < hi; i++) {
    const c = text[i]
    if ((c === '.' || c === '!' || c === '?') && (i + 1 >= text.length || text[i + 1] === ' ')) {
      end = i + 1
      break
    }
  }
  return text.slice(start, end).trim()
}

/** Fold a name the way text is folded, so names from a manifest compare with folded views. */
export function foldName(name: string): string {
  return fold(name)
}
