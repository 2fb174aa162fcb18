import { readFile } from 'node:fs/promises';
import { extractorFor } from './electron/core/ingest/registry';
const files = process.argv.slice(2);
for (const f of files) {
  try {
    const ex = await extractorFor(f)(f, new Uint8Array(await readFile(f)), {});
    for (const e of ex) {
      const pages = []; for await (const p of e.pages) pages.push(p);
      console.log(`=== ${f} key=${e.key} type=${e.type} title=${JSON.stringify(e.title)} meta=${JSON.stringify(e.meta)}`);
      console.log(pages.map(p => p.text).join('\n---\n').slice(0, 1500));
    }
  } catch (err) { console.log(`!!! ${f}: ${(err as any).kind} ${(err as Error).message}`); }
}
