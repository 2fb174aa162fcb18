/**
 * Pooling of a [batch, seq, dim] hidden-state tensor into one vector per row. Pure functions: unit-tested against
 * hand-computed values, and shared by every model the engine runs.
 */
export type Pooling = 'cls' | 'mean';

export function pool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  dim: number,
  pooling: Pooling,
  normalize: boolean,
): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    const row = out.subarray(b * dim, (b + 1) * dim);
    if (pooling === 'cls') row.set(hidden.subarray(b * seq * dim, b * seq * dim + dim));
    else meanInto(row, hidden, mask, b, seq, dim);
    if (normalize) l2normalize(row);
  }
  return out;
}

function meanInto(
  row: Float32Array,
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  b: number,
  seq: number,
  dim: number,
) {
  let count = 0;
  for (let t = 0; t < seq; t++) {
    if (Number(mask[b * seq + t]) === 0) continue;
    count++;
    const base = (b * seq + t) * dim;
    for (let d = 0; d < dim; d++) row[d]! += hidden[base + d]!;
  }
  const div = Math.max(count, 1e-9);
  for (let d = 0; d < dim; d++) row[d]! /= div;
}

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12);
}
