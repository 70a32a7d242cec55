import type { Workload } from './workloads/types.ts';

/** Flat rows of planted queries (every batch and head) → their planted keys. */
export function plantedFlatRows(
  workload: Workload,
  batchHeads: number,
  Nq: number,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const planted = workload.planted;
  if (!planted) return out;
  for (let bh = 0; bh < batchHeads; bh++)
    for (let p = 0; p < planted.query.length; p++) {
      const r = bh * Nq + planted.query[p];
      out.set(r, [...(out.get(r) ?? []), planted.key[p]]);
    }
  return out;
}
