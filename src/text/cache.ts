// Per-text memo shared by the analysis layers. The engine runs rule by rule, each over every text of
// the scope, so a cache smaller than the number of texts in one run misses on every call (first in,
// first out over a cycle): a manifest of thousands of tools would be analysed once per rule. The bound
// is on characters as well as entries, so a few huge tool results cannot hold much memory either.

const MAX_ENTRIES = 65_536
const MAX_CHARS = 4 * 1024 * 1024

export class TextCache<V> {
  private readonly map = new Map<string, V>()
  private chars = 0

  get(text: string): V | undefined {
    return this.map.get(text)
  }

  set(text: string, value: V): void {
    for (const old of this.map.keys()) {
      if (this.map.size < MAX_ENTRIES && this.chars + text.length <= MAX_CHARS) break
      this.map.delete(old)
      this.chars -= old.length
    }
    this.map.set(text, value)
    this.chars += text.length
  }
}

/**
 * A pure function of a string, remembered: name comparisons ask for the same names' forms once per
 * pair (every tool of a manifest against every other and against the well-known names).
 */
export function memoize<V>(fn: (text: string) => V): (text: string) => V {
  const cache = new TextCache<V>()
  return (text) => {
    let v = cache.get(text)
    if (v === undefined) cache.set(text, (v = fn(text)))
    return v
  }
}
