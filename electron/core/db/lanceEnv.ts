import { availableParallelism } from 'node:os';

// LanceDB sizes its CPU pool as (cores - 2), at least 1. With one pool thread its full-text index build deadlocks
// once the index spans more than one posting batch (lance-format/lance#7423, lancedb/lancedb#3568): the process
// sits at 0% CPU forever. Two-core workstations hit that on a first large import. A pool of at least four threads
// avoids it; the variable is read when the pool starts, so this module is imported before @lancedb/lancedb.
process.env.LANCE_CPU_THREADS ??= String(Math.max(4, availableParallelism()));
