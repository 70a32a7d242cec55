import { referenceRows } from '@attnkit/core';
import { type MassKept, type MassSource, massKeptOnRows } from './mass-kept.ts';
import { plantedFlatRows } from './planted-rows.ts';
import { flatRows, type RowSet } from './row-set.ts';
import type { Workload } from './workloads/types.ts';

/**
 * Mass kept by a variant on a workload: exact float64 weights on the row set (every batch and
 * head, causal as the row set says) plus the planted query rows, then massKeptOnRows.
 */
export function massKept(
  source: MassSource,
  workload: Workload,
  rows: RowSet,
  options: { scale?: number; topK?: number } = {},
): MassKept {
  const { q, k, v } = workload;
  const [B, H, Nq] = q.shape;
  const Nk = k.shape[2];
  const planted = plantedFlatRows(workload, B * H, Nq);
  const all = Int32Array.from(new Set([...flatRows(rows, B * H), ...planted.keys()]));
  const call = {
    causal: rows.causal,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  };
  const weights = referenceRows(q, k, v, all, call, true).weights as Float64Array;
  return massKeptOnRows(
    source,
    Array.from(all, (row, s) => ({
      row,
      exact: weights.subarray(s * Nk, (s + 1) * Nk),
      ...(planted.has(row) ? { planted: planted.get(row) } : {}),
    })),
    { heads: H, queryLength: Nq, keyLength: Nk },
    options.topK === undefined ? {} : { topK: options.topK },
  );
}
