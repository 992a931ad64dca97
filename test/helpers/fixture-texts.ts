// Every text of the fixtures, as a scanner meets them: each file as written, and each string of a
// JSON file as a tool would return it (escapes decoded).
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'

export function fixtureTexts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) fixtureTexts(p, out)
    else if (/\.(?:json|jsonl|ya?ml|md|txt|toml)$/.test(name)) {
      const raw = readFileSync(p, 'utf8')
      out.push(raw)
      // The strings of a JSON file as a tool would return them, escapes decoded.
      if (name.endsWith('.json')) {
        try {
          JSON.stringify(JSON.parse(raw), (_k, v: unknown) => (typeof v === 'string' && out.push(v), v))
        } catch {
          // Not every fixture is valid JSON: some are broken on purpose.
        }
      }
    }
  }
  return out
}
