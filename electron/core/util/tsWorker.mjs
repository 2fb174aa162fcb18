// Worker bootstrap for running from TypeScript sources (CLI via tsx, tests): registers tsx in this thread, then
// loads the real worker module. The bundled app starts its compiled .js workers directly.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
