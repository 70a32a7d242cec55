import { AttentionError, describe } from '@attnkit/core';
/**
 * Which query rows quality is measured on, the same definition at every N, so that a figure at
 * 4K and one at 64K answer the same question.
 *
 * Positions are split into `count` equal strata by quantile of position and each stratum
 * contributes its midpoint: i_s = floor((s + ½) · Nq / count), s = 0 … count − 1 (every row when
 * Nq ≤ count). Every part of the sequence weighs the same whatever N is, and no row is special:
 * row 0 — whose causal output is a single value vector, trivially exact for every causal variant —
 * enters only when Nq < 2 · count, and then as one stratum among `count`, because errors are
 * aggregated per row (each row's relative error counts once), never pooled over elements.
 */
export const DEFAULT_ROW_COUNT = 64;

/** The query positions quality is measured on, with the definition a report prints. */
export interface RowSet {
  /** Query positions i, ascending, distinct. */
  positions: Int32Array;
  /** The Nq the set was made for. */
  queryLength: number;
  /** Whether it was made for a causal call. */
  causal: boolean;
  /** One line for reports, e.g. "64 rows, midpoints of 64 position quantiles". */
  definition: string;
}

/**
 * The row set for a query length: `count` quantile midpoints (see the module comment), every
 * row when Nq ≤ count. Throws INVALID_CONFIG for a length or count that is not a positive integer.
 */
export function rowSet(
  queryLength: number,
  causal: boolean,
  options: { count?: number } = {},
): RowSet {
  const count = options.count ?? DEFAULT_ROW_COUNT;
  if (!Number.isInteger(queryLength) || queryLength < 1)
    throw new AttentionError(
      'INVALID_CONFIG',
      'queryLength',
      'a positive integer',
      describe(queryLength),
    );
  if (!Number.isInteger(count) || count < 1)
    throw new AttentionError(
      'INVALID_CONFIG',
      'options.count',
      'a positive integer',
      describe(count),
    );
  const n = Math.min(count, queryLength);
  const positions = new Int32Array(n);
  for (let s = 0; s < n; s++) positions[s] = Math.floor(((s + 0.5) * queryLength) / n);
  return {
    positions,
    queryLength,
    causal,
    definition:
      n === queryLength ? `all ${n} rows` : `${n} rows, midpoints of ${n} position quantiles`,
  };
}

/** Flat row indices r = (b·H + h)·Nq + i of a row set over every batch and head. */
export function flatRows(set: RowSet, batchHeads: number): Int32Array {
  const { positions, queryLength } = set;
  const rows = new Int32Array(batchHeads * positions.length);
  for (let bh = 0; bh < batchHeads; bh++)
    for (let s = 0; s < positions.length; s++)
      rows[bh * positions.length + s] = bh * queryLength + positions[s];
  return rows;
}

/**
 * Distance buckets |p(i) − j| in tokens, fixed edges (powers of 4) so that a bucket means the same
 * at every N; a bucket beyond N is simply empty.
 */
export const DISTANCE_BUCKETS: readonly { label: string; lo: number; hi: number }[] = [
  { label: '0–15', lo: 0, hi: 16 },
  { label: '16–63', lo: 16, hi: 64 },
  { label: '64–255', lo: 64, hi: 256 },
  { label: '256–1023', lo: 256, hi: 1024 },
  { label: '1K–4K', lo: 1024, hi: 4096 },
  { label: '4K–16K', lo: 4096, hi: 16384 },
  { label: '≥16K', lo: 16384, hi: Number.POSITIVE_INFINITY },
];

/** Index in `DISTANCE_BUCKETS` of a query–key distance (its sign ignored). */
export function bucketOf(distance: number): number {
  const d = Math.abs(distance);
  for (let b = 0; b < DISTANCE_BUCKETS.length; b++) if (d < DISTANCE_BUCKETS[b].hi) return b;
  return DISTANCE_BUCKETS.length - 1;
}
