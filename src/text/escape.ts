// Make text safe to print: a finding's evidence may carry the very escape sequences, bidi controls or
// invisible characters it reports, and printing them raw would attack the terminal or the PR page.

// C0/C1 controls (but tab and newline), zero-width and bidi controls, tag characters, variation
// selectors, and other default-ignorable code points.
const UNSAFE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g

export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`)
}

/** One line, escaped, at most `max` characters (with an ellipsis). */
export function excerpt(text: string, max = 160): string {
  const flat = escapeUnsafe(text).replace(/\s+/g, ' ').trim()
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat
}
