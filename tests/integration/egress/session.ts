// A whole Clinote session in one process, for the egress proof: import every kind of document, search, open the
// hits' text and bytes, then keep the engine (and its embedding worker) alive long enough for anything the native
// runtime schedules in the background to fire. Prints one JSON line of what it did.
//   node --import tsx [--import netGuard.mjs] session.ts <dataDir> <modelsDir> <holdMs> <file...>
import { createEngine } from '../../../electron/core';

const [dataDir, modelsDir, holdMs, ...files] = process.argv.slice(2);
if (!dataDir || !modelsDir || !files.length)
  throw new Error('usage: session.ts <dataDir> <modelsDir> <holdMs> <file...>');

// Only for the egress test's self-check: undo the engine's own telemetry switch to show the trace catches it.
if (process.env.CLINOTE_TEST_ORT_TELEMETRY_ON === '1') delete process.env.ORT_DISABLE_TELEMETRY;

const engine = await createEngine({ dataDir, modelsDir, threads: 1 });
const job = await engine.importFiles(files);
const summary = await engine.waitForJob(job.jobId);
const queries = ['chest pain', 'ibuprofen dosing', 'discharge medications', 'knee arthroplasty', 'stability testing'];
let opened = 0;
let hits = 0;
for (const query of queries) {
  const res = await engine.search({ query, k: 5 });
  hits += res.hits.length;
  for (const hit of res.hits.slice(0, 2)) {
    await engine.getDocumentText(hit.docId);
    await engine.getDocumentBytes(hit.docId);
    opened++;
  }
}
const docs = await engine.listDocuments();
await new Promise((r) => setTimeout(r, Number(holdMs)));
// A second search after the wait: a runtime that uploads lazily, on the next run, gets its chance too.
hits += (await engine.search({ query: 'pleural biopsy', k: 3 })).hits.length;
await engine.close();
process.stdout.write(
  JSON.stringify({
    added: summary.added,
    failed: summary.failed,
    documents: docs.length,
    ocrPages: docs.reduce((s, d) => s + d.ocrPages, 0),
    types: [...new Set(docs.map((d) => d.type))].sort(),
    hits,
    opened,
    telemetryVar: process.env.ORT_DISABLE_TELEMETRY ?? null,
  }) + '\n',
);
