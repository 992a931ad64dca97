// `npm run eval`: measure detection on the shared corpus and mcp-warden's fixtures, print the tables,
// and with `--write FILE` keep docs/detection.md current. Exit 2 on a usage or data error.

import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {loadCorpus, loadFixtures, type EvalData} from './corpus.js'
import {renderMarkdown} from './report.js'
import {runEval} from './run.js'

export {loadCorpus, loadFixtures} from './corpus.js'
export {renderMarkdown, summarize} from './report.js'
export {asDescription, asResult, runEval, SEMANTIC_RULES} from './run.js'
export {TRANSFORMS} from './transforms.js'

export const EVAL_COMMAND = 'npm run build && npm run eval -- --write docs/detection.md'

/** Both data sets merged. */
export function loadAll(root: string, corpus: string): EvalData {
  const a = loadCorpus(corpus)
  const b = loadFixtures(path.join(root, 'fixtures/eval'))
  return {texts: [...a.texts, ...b.texts], results: [...a.results, ...b.results], manifests: [...a.manifests, ...b.manifests]}
}

export function main(argv: string[], root: string): number {
  let corpus = path.resolve(root, '../shared/corpus')
  let write: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--corpus' && argv[i + 1]) corpus = path.resolve(argv[++i])
    else if (a === '--write' && argv[i + 1]) write = path.resolve(root, argv[++i])
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run eval -- [--corpus DIR] [--write FILE]\n')
      return 0
    } else {
      process.stderr.write(`eval: unknown argument ${a}\nusage: npm run eval -- [--corpus DIR] [--write FILE]\n`)
      return 2
    }
  }
  let data: EvalData
  try {
    data = loadAll(root, corpus)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    return 2
  }
  const md = renderMarkdown(runEval(data), EVAL_COMMAND)
  process.stdout.write(md + '\n')
  if (write) writeFileSync(write, md + '\n')
  return 0
}
