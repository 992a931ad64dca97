import {it} from 'vitest'
import {pathToFileURL} from 'node:url'
import {captureImportTimeRegExps, checkPattern, extractRegexSites, sourceFiles} from './inventory.mjs'
it('scratch', async () => {
  const files = sourceFiles()
  const sites = extractRegexSites(files)
  const {records} = await captureImportTimeRegExps(files.map((f) => pathToFileURL(f).href), (f: string) => f.includes('/src/'))
  const all = new Map<string, {source: string; flags: string; where: string}>()
  for (const s of sites) if (s.source !== undefined) all.set(s.flags + '/' + s.source, {source: s.source, flags: s.flags!, where: `${s.file}:${s.line}`})
  for (const r of records) all.set(r.flags + '/' + r.source, {source: r.source, flags: r.flags, where: `${r.frames.at(-1)!.file}:${r.frames.at(-1)!.line}`})
  const t0 = performance.now()
  const times: any[] = []
  await Promise.all([...all.values()].map(async (p) => { const t = performance.now(); const v = await checkPattern(p.source, p.flags); times.push({ms: performance.now() - t, where: p.where, v: v.status + ' ' + v.method}) }))
  console.log('total', performance.now() - t0, all.size)
  times.sort((a, b) => b.ms - a.ms)
  for (const t of times.slice(0, 30)) console.log(t.ms.toFixed(0), t.where.replace(/.*\/src\//, ''), t.v)
}, 900000)
