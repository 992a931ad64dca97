import {it} from 'vitest'
import {inventory, tokenize} from './inventory.mjs'
import {check} from 'recheck'
it('scratch', async () => {
  const {patterns} = await inventory()
  const big = patterns.filter((p) => tokenize(p.source).some((t) => t.type === 'quant' && (t.max ?? 0) >= 16))
  console.log('patterns', patterns.length, 'with big quantifiers', big.length)
  await check('a', '')
  for (const timeout of [2000, 5000]) {
    const t0 = performance.now(); let n = 0; const q = [...big]; const statuses: Record<string, number> = {}
    const w = async () => { for (let p = q.shift(); p; p = q.shift()) { const d = await check(p.source, p.flags.replace(/[gdy]/g, ''), {timeout, randomSeed: 42}); statuses[d.status] = (statuses[d.status] ?? 0) + 1 } }
    await Promise.all([w(), w()])
    console.log('timeout', timeout, 'ms', (performance.now() - t0).toFixed(0), statuses)
  }
}, 900000)
