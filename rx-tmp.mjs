const m = await import('./dist/rules/offer-alternatives.js')
const { readFileSync } = await import('node:fs')
const files = readFileSync('/tmp/files.txt', 'utf8').trim().split('\n').slice(0, 2000)
const texts = files.map(f => readFileSync('/tmp/rapport-bench-2vtNDF/' + f, 'utf8'))
const B = '(?<![\\p{L}\\p{N}_])', A = '(?![\\p{L}\\p{N}_])'
function bench(label, re) { let n = 0; const t = performance.now(); for (let k = 0; k < 3; k++) for (const s of texts) { re.lastIndex = 0; while (re.exec(s)) n++ } console.log(label.padEnd(28), (performance.now() - t).toFixed(0), 'ms', n) }
for (const [name, list] of Object.entries({ REFUSALS: m.REFUSALS, ALTERNATIVES: m.ALTERNATIVES })) {
  const raw = list.filter(p => /^\/.+\/$/s.test(p)).map(p => p.slice(1, -1))
  const inner = raw.filter(r => r.startsWith(B) && r.endsWith(A)).map(r => r.slice(B.length, -A.length))
  console.log(name, raw.length, inner.length)
  bench(name + ' per-entry', new RegExp(raw.map(r => `(?:${r})`).join('|'), 'giu'))
  bench(name + ' factored', new RegExp(`${B}(?:${inner.join('|')})${A}`, 'giu'))
  bench(name + ' nobounds', new RegExp(`(?:${inner.join('|')})`, 'giu'))
  bench(name + ' B-after-first', new RegExp(`(?=[\\p{L}\\p{N}])${B}(?:${inner.join('|')})${A}`, 'giu'))
  bench(name + ' ascii-b', new RegExp(`\\b(?:${inner.join('|')})\\b`, 'gi'))
}
const { factorEdges } = await import('./dist/src/text/lexicon.js')
for (const [name, list] of Object.entries({ REFUSALS: m.REFUSALS, ALTERNATIVES: m.ALTERNATIVES, NOT: m.NOT_REFUSALS })) {
  const ordered = list.filter(p => p.trim()).map((p, i) => ({ p, i })).sort((a, b) => b.p.length - a.p.length || a.i - b.i).map(x => x.p)
  const raw = ordered.filter(p => /^\/.+\/$/s.test(p)).map(p => `(?:${p.slice(1, -1)})`)
  for (const r of raw) if (!(r.startsWith('(?:' + B))) console.log('NON-RX', name, r.slice(0, 200))
  bench(name + ' lexicon', new RegExp(factorEdges(raw), 'giu'))
  for (const r of raw) { const re = new RegExp(r, 'giu'); let n = 0; const t = performance.now(); for (const s of texts) { re.lastIndex = 0; while (re.exec(s)) n++ } const ms = performance.now() - t; if (ms > 8) console.log('  slow', ms.toFixed(0), n, r.slice(0, 150)) }
}
