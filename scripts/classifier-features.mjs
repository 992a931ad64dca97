// Featurizer and scorer of the experimental injection classifier (scripts/train-classifier.mjs; see
// docs/classifier.md for why it is not shipped): hashed word uni- and bi-grams of every view of
// analyze() (visible text folded, plus decoded hidden or encoded payloads), plus the strongest weight
// of each signal kind of src/text/signals.ts. Long texts are read in overlapping windows of about
// WINDOW characters and score as their worst window. Reads the built package (run `npm run build`).
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const {analyze} = await import(path.join(ROOT, 'dist/text/analyze.js'))
const {textEvidence} = await import(path.join(ROOT, 'dist/text/signals.js'))

/** Signal kinds fed to the model, in a fixed order (feature index = hash size + position). */
export const SIGNAL_FEATURES = ['override', 'delegation', 'response-steering', 'model-directed', 'secrecy', 'urgency', 'forced-order', 'threat', 'sensitive-target', 'harvest', 'sink', 'tool-reference', 'block', 'dangerous-code', 'concealed']

const WINDOW = 480
const TOKEN_RE = /[\p{L}\p{N}]+/gu
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

/** FNV-1a, 32 bit. */
function hash(s) {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Words of a folded text; runs of CJK characters become character bigrams. */
export function tokens(text) {
  const out = []
  for (const m of text.matchAll(TOKEN_RE)) {
    const t = m[0]
    if (t.length > 1 && CJK_RE.test(t)) {
      const chars = [...t]
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1])
    } else if (t.length <= 40) out.push(t)
  }
  return out
}

function ngramFeatures(words, size, into) {
  const mask = size - 1
  const seen = new Set()
  for (let i = 0; i < words.length; i++) {
    seen.add(hash('u ' + words[i]) & mask)
    if (i + 1 < words.length) seen.add(hash('b ' + words[i] + ' ' + words[i + 1]) & mask)
  }
  if (seen.size === 0) return
  const v = 1 / Math.sqrt(seen.size)
  for (const k of seen) into.set(k, v)
}

function signalFeatures(text, role, size, into) {
  const best = new Map()
  for (const s of textEvidence(text, role).signals) best.set(s.kind, Math.max(best.get(s.kind) ?? 0, s.weight))
  SIGNAL_FEATURES.forEach((kind, i) => {
    const w = best.get(kind)
    if (w) into.set(size + i, Math.min(w, 3.5) / 3)
  })
}

/** Each view of analyze() cut into windows of whole words of about WINDOW characters (half overlap). */
export function windows(text) {
  const out = []
  for (const view of analyze(text).views) {
    const words = tokens(view.text)
    if (words.length === 0) continue
    let chars = 0
    for (const w of words) chars += w.length + 1
    if (chars <= WINDOW * 1.5) {
      out.push(words)
      continue
    }
    const per = Math.max(8, Math.round((words.length * WINDOW) / chars))
    for (let i = 0; i < words.length; i += per >> 1) {
      out.push(words.slice(i, i + per))
      if (i + per >= words.length) break
    }
  }
  return out
}

/** One sparse feature vector per window ({idx, val}); signal features shared by all windows. */
export function featurize(text, role, size, withSignals) {
  const sig = new Map()
  if (withSignals) signalFeatures(text, role, size, sig)
  const wins = windows(text)
  if (wins.length === 0) wins.push([])
  return wins.map((words) => {
    const m = new Map(sig)
    ngramFeatures(words, size, m)
    return {idx: [...m.keys()], val: [...m.values()]}
  })
}

export function probability(model, f) {
  let z = model.bias
  for (let i = 0; i < f.idx.length; i++) z += (model.weights[f.idx[i]] / model.scale) * f.val[i]
  return 1 / (1 + Math.exp(-z))
}

/** A text's probability of carrying injected instructions: its worst window. */
export function classify(model, text, role) {
  let best = 0
  for (const f of featurize(text, role, model.hashSize, model.signals)) best = Math.max(best, probability(model, f))
  return best
}
