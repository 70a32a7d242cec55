/**
 * Attention mass kept: how much of exact attention's weight a variant keeps, per distance
 * bucket. With a visibility rule (a window, a layout) a key counts fully when the variant sees
 * it: kept = Σ_{j visible} p_j. With the variant's own weights p̂, kept = Σ_j min(p_j, p̂_j), the
 * overlap of the two distributions; for a variant that is exact on its support (p̂ = p / mass
 * on the support) the two definitions agree, and for an approximation (linear) the overlap
 * says how much of the true distribution it reproduces. 1 for exact attention either way.
 */
import type { AttentionWeights } from '@attnkit/core';
import { bucketOf, DISTANCE_BUCKETS } from './row-set.ts';

/** What the variant attends, as its weights or as a visibility rule. */
export type MassSource =
  | AttentionWeights
  | {
      kind: 'visibility';
      /** Whether the variant sees key j from query i of batch b, head h (a window, a layout). */
      visible: (b: number, h: number, i: number, j: number) => boolean;
    }
  | {
      kind: 'rows';
      /** The variant's weights of flat row r over all Nk keys (e.g. from `probeRowWeights`). */
      row: (r: number) => ArrayLike<number>;
    };

/** One row to measure mass kept on, with its exact weights (from `referenceRows`). */
export interface MassRow {
  /** Flat row r = (b·H + h)·Nq + i. */
  row: number;
  /** Exact float64 weights of the row over all Nk keys. */
  exact: ArrayLike<number>;
  /** Keys whose kept share is reported separately (planted keys of this row). */
  planted?: ArrayLike<number>;
}

/** Mass kept in one distance bucket: where a variant loses attention, not only how much. */
export interface BucketMass {
  /** The bucket's distance range, e.g. '64–255'. */
  label: string;
  /** Kept share of the exact mass in this bucket, all keys (null: no exact mass there). */
  all: number | null;
  /** The same over each row's exact top-k keys in this bucket. */
  topK: number | null;
  /** The same over planted keys in this bucket. */
  planted: number | null;
  /** Exact mass in the bucket, averaged over rows. */
  exactMass: number;
}

/** Share of exact attention's weight a variant keeps, overall and per distance bucket (1 = all). */
export interface MassKept {
  /** Kept share of all exact mass, averaged over rows. */
  total: number;
  /** Kept share of each row's exact top-k keys, averaged over rows. */
  topK: number;
  /** Per bucket of `DISTANCE_BUCKETS`, in order. */
  buckets: BucketMass[];
}

/** Kept weight of every key of one row under a source, written into out (length Nk). */
function keptRow(
  source: MassSource,
  shape: { H: number; Nq: number; Nk: number },
  r: number,
  exact: ArrayLike<number>,
  out: Float64Array,
) {
  const { H, Nq, Nk } = shape;
  out.fill(0);
  if (source.kind === 'visibility') {
    const i = r % Nq;
    const bh = (r - i) / Nq;
    for (let j = 0; j < Nk; j++)
      if (source.visible(Math.floor(bh / H), bh % H, i, j)) out[j] = exact[j];
  } else if (source.kind === 'csr') {
    for (let c = source.rowPtr[r]; c < source.rowPtr[r + 1]; c++) {
      const j = source.colIdx[c];
      out[j] = Math.min(exact[j], source.values[c]);
    }
  } else {
    const w = source.kind === 'dense' ? source.data.subarray(r * Nk, (r + 1) * Nk) : source.row(r);
    for (let j = 0; j < Nk; j++) out[j] = Math.min(exact[j], w[j]);
  }
}

/**
 * Mass kept on given rows whose exact weights you already have (see the module comment for the
 * two definitions); `massKept` does the same from a workload and a variant.
 */
export function massKeptOnRows(
  source: MassSource,
  rows: readonly MassRow[],
  shape: { heads: number; queryLength: number; keyLength: number },
  options: { topK?: number } = {},
): MassKept {
  const { heads: H, queryLength: Nq, keyLength: Nk } = shape;
  const topK = options.topK ?? 32;
  const nb = DISTANCE_BUCKETS.length;
  const sums = { all: [0, 0], top: [0, 0], planted: [0, 0] };
  const per = Array.from({ length: nb }, () => ({ all: [0, 0], top: [0, 0], planted: [0, 0] }));
  const kept = new Float64Array(Nk);
  const order = new Int32Array(Nk);
  const offset = Nk - Nq;
  for (const { row: r, exact, planted } of rows) {
    keptRow(source, { H, Nq, Nk }, r, exact, kept);
    const p = (r % Nq) + offset;
    for (let j = 0; j < Nk; j++) {
      const b = per[bucketOf(p - j)];
      b.all[0] += kept[j];
      b.all[1] += exact[j];
      sums.all[0] += kept[j];
      sums.all[1] += exact[j];
    }
    for (let j = 0; j < Nk; j++) order[j] = j;
    const top = order.sort((a, b) => exact[b] - exact[a]).subarray(0, Math.min(topK, Nk));
    for (const j of top) {
      if (exact[j] <= 0) break;
      const b = per[bucketOf(p - j)];
      b.top[0] += kept[j];
      b.top[1] += exact[j];
      sums.top[0] += kept[j];
      sums.top[1] += exact[j];
    }
    for (let x = 0; x < (planted?.length ?? 0); x++) {
      const j = (planted as ArrayLike<number>)[x];
      const b = per[bucketOf(p - j)];
      b.planted[0] += kept[j];
      b.planted[1] += exact[j];
    }
  }
  const ratio = ([k, e]: number[]) => (e > 0 ? k / e : null);
  return {
    total: ratio(sums.all) ?? 1,
    topK: ratio(sums.top) ?? 1,
    buckets: DISTANCE_BUCKETS.map((bucket, x) => ({
      label: bucket.label,
      all: ratio(per[x].all),
      topK: ratio(per[x].top),
      planted: ratio(per[x].planted),
      exactMass: rows.length ? per[x].all[1] / rows.length : 0,
    })),
  };
}
