// One switch from format name to reporter, so every command offers the same formats.
import {renderJson} from './json.js'
import {renderMarkdown} from './markdown.js'
import type {ReportInput} from './result.js'
import {renderSarif} from './sarif.js'
import {renderText} from './text.js'

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const
export type Format = (typeof FORMATS)[number]

export interface RenderOptions {
  color: boolean
  /** Repository root that SARIF URIs are relative to (default: found from the working folder). */
  root?: string
  /** YYYY-MM-DD for dates the Markdown report suggests (default: today); fixed in golden tests. */
  today?: string
}

export function render(input: ReportInput, format: Format, opts: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(input, opts)
    case 'json':
      return renderJson(input)
    case 'sarif':
      return renderSarif(input, opts.root === undefined ? {} : {root: opts.root})
    case 'markdown':
      return renderMarkdown(input, opts.today === undefined ? {} : {today: opts.today})
  }
}
