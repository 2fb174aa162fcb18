import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
const { createWorker } = await import('tesseract.js');
const png = readFileSync(`/tmp/ocrx/page${process.env.DPI}.png`);
const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
const worker = await createWorker('eng', 1, { langPath, gzip: true, cacheMethod: 'none' });
const t = performance.now();
const r = await worker.recognize(png, {}, { text: true, blocks: true });
console.log('ocr ms', performance.now() - t);
for (const b of r.data.blocks ?? []) for (const p of b.paragraphs) for (const l of p.lines) {
  const words = l.words.map(w => w.confidence.toFixed(0)).join(',');
  console.log(l.confidence.toFixed(0).padStart(3), '|', l.text.trim(), '|', words);
}
await worker.terminate();
