// Prints what an index holds, as JSON: every document with its version, and every chunk's id and text, for tests
// that compare two indexes. Run in its own process (`node --import tsx indexSnapshot.ts <data dir> <model id>`): a
// test process that has already opened and closed engines is left alone.
import { join } from 'node:path';
import { Database } from '../../../electron/core/db/database';
import { LanceChunkIndex } from '../../../electron/core/index/lanceChunkIndex';
import { Library } from '../../../electron/core/library/library';

const [dataDir, modelId = 'all-minilm-l6-v2', dims = '384'] = process.argv.slice(2);
const db = await Database.open(join(dataDir!, 'index'));
const library = await Library.open(db);
const index = await LanceChunkIndex.open(db, modelId, Number(dims));
const docs = library
  .list()
  .map((d) => ({ id: d.id, path: d.path, key: d.key, status: d.status, chunks: d.chunks, version: d.contentHash }));
const chunks = (await index.table.query().select(['id', 'docId', 'text']).toArray()).map((c) => ({
  id: c.id as string,
  docId: c.docId as string,
  text: c.text as string,
}));
index.close();
library.close();
db.close();
process.stdout.write(JSON.stringify({ docs, chunks }));
