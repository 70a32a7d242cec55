/**
 * The correctness gate, run before anything is timed (b h n d).
 *  - The exact answer of a group (N, causal, workload): core's float64 referenceRows on every
 *    row for small N; beyond, on @attnkit/metrics' row set (64 position-quantile midpoints per
 *    head) and the last row, plus the whole output of the exact baseline (chunked, else full)
 *    once one has passed its own gate in the group.
 *  - A variant whose cost() counts fewer pairs than dense attention has its own mask (window,
 *    layout): its gate compares with float64 softmax restricted to the keys its weights()
 *    support lists, on the same rows. Quality against plain exact attention (the approximation
 *    error of local-window, sparse and linear) is quality.ts's, on the metrics row set.
 *  - Exact variants pass at max |err| ≤ 2e-5; approximate ones (traits.exact false) get their
 *    error recorded and no verdict.
 */
import {
  type AttentionShape,
  type AttentionVariant,
  attentionShapeOf,
  callPairCount,
  type RowReference,
  referenceRows,
  type Tensor,
} from '@attnkit/core';
import { DEFAULT_ROW_COUNT, flatRows, rowSet } from '@attnkit/metrics';
import { supportOf } from './support.ts';

export const EXACT_TOLERANCE = 2e-5;
/** Up to this N the float64 reference runs on every row. */
export const FLOAT64_ALL_ROWS_N = 1024;
/** Bytes of a weights() support the gate may read for a masked variant. */
export const SUPPORT_BUDGET = 64 * 2 ** 20;

export interface GateResult {
  /** What the output was compared with. */
  reference: string;
  /** 'own': float64 restricted to the variant's own support (window, layout). */
  mask: 'none' | 'own';
  /** The N the gate ran at (smaller than the run's N only when the support was too big to read). */
  n: number;
  rows: number;
  maxAbsError: number;
  tolerance: number | null;
  passed: boolean | null;
  note: string | null;
}

export interface ExactAnswer {
  rows: RowReference;
  /** The exact baseline's whole output, when it ran. */
  whole: Float32Array | null;
  label: string;
}

/** Useful flops of exact dense attention: 2 per multiply-add, QKᵀ and PV, over core's visible pairs. */
export function denseFlops(shape: AttentionShape, causal: boolean): number {
  return 2 * callPairCount(shape, { causal }) * (shape.headDim + shape.valueDim);
}

/** A variant masks keys of its own when cost() counts fewer pairs than dense attention. */
export function hasOwnMask(variant: AttentionVariant, shape: AttentionShape, causal: boolean) {
  return variant.cost(shape, { causal }).flops < denseFlops(shape, causal) * (1 - 1e-9);
}

/** Bytes weights() would return: CSR (8 per kept pair) predicted from cost().flops. */
export function supportBytes(variant: AttentionVariant, shape: AttentionShape, causal: boolean) {
  const pairs = variant.cost(shape, { causal }).flops / (2 * (shape.headDim + shape.valueDim));
  return pairs * 8 + shape.batch * shape.heads * shape.queryLength * 4;
}

/**
 * Float64 rows to check: every row up to N = 1024; beyond, the metrics row set (the midpoints of
 * 64 position quantiles in every head, the same rows quality is measured on) and each head's last
 * row, the one that sees every key.
 */
export function gateRows(shape: AttentionShape, causal: boolean): Int32Array {
  const n = shape.queryLength;
  const heads = shape.batch * shape.heads;
  const all = n <= FLOAT64_ALL_ROWS_N;
  const rows = flatRows(rowSet(n, causal, { count: all ? n : DEFAULT_ROW_COUNT }), heads);
  if (all) return rows;
  const last = Array.from({ length: heads }, (_, bh) => bh * n + n - 1);
  return Int32Array.from(new Set([...rows, ...last])).sort();
}

export function exactAnswer(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  causal: boolean,
  baseline: { label: string; forward: () => Float32Array } | null,
): ExactAnswer {
  const rows = referenceRows(q, k, v, gateRows(attentionShapeOf(q, k, v), causal), { causal });
  const allRows = rows.rows.length === q.shape[0] * q.shape[1] * q.shape[2];
  if (allRows) return { rows, whole: null, label: 'float64' };
  if (!baseline) return { rows, whole: null, label: `float64 (${rows.rows.length} rows)` };
  return {
    rows,
    whole: baseline.forward(),
    label: `${baseline.label} + float64 (${rows.rows.length} rows)`,
  };
}

/** Largest |out − ref| over reference rows (float64) or a whole reference output. */
export function maxAbsDiff(
  out: Float32Array,
  dv: number,
  reference: RowReference | Float32Array,
): { maxAbsError: number; rows: number } {
  let maxAbs = 0;
  const visit = (o: number, ref: number) => {
    const e = Math.abs(out[o] - ref);
    if (!(e <= maxAbs)) maxAbs = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
  };
  if (reference instanceof Float32Array) {
    for (let x = 0; x < reference.length; x++) visit(x, reference[x]);
    return { maxAbsError: maxAbs, rows: reference.length / dv };
  }
  const { rows, values } = reference;
  for (let s = 0; s < rows.length; s++)
    for (let t = 0; t < dv; t++) visit(rows[s] * dv + t, values[s * dv + t]);
  return { maxAbsError: maxAbs, rows: rows.length };
}

/** The gate of one forward output `out` at this N (the caller picks N via gateLength). */
export function gateOutput(
  variant: AttentionVariant,
  inputs: { q: Tensor; k: Tensor; v: Tensor },
  out: Float32Array,
  causal: boolean,
  answer: ExactAnswer,
): GateResult {
  const { q, k, v } = inputs;
  const shape = attentionShapeOf(q, k, v);
  const exact = variant.traits.exact;
  const verdict = (stats: { maxAbsError: number; rows: number }) => ({
    rows: stats.rows,
    maxAbsError: stats.maxAbsError,
    tolerance: exact ? EXACT_TOLERANCE : null,
    passed: exact ? stats.maxAbsError <= EXACT_TOLERANCE : null,
  });
  if (!exact || !hasOwnMask(variant, shape, causal)) {
    // Float64 rows decide at 2e-5. The baseline's whole output is float32 too, each within
    // 2e-5 of the truth, so the two may differ by up to twice that (triangle inequality).
    const rows = maxAbsDiff(out, shape.valueDim, answer.rows);
    const whole = answer.whole ? maxAbsDiff(out, shape.valueDim, answer.whole) : null;
    const wholeOk = !whole || whole.maxAbsError <= 2 * EXACT_TOLERANCE;
    const gate = {
      reference: answer.label,
      mask: 'none' as const,
      n: shape.queryLength,
      note: whole
        ? `${whole.rows} rows vs the baseline: max |diff| ${whole.maxAbsError.toExponential(2)} (allowed ${2 * EXACT_TOLERANCE})`
        : null,
      ...verdict(rows),
    };
    if (exact && !wholeOk) gate.passed = false;
    return gate;
  }
  const support = supportOf(variant, q, k, causal, answer.rows.rows);
  if (!support)
    return {
      reference: 'none',
      mask: 'own',
      n: shape.queryLength,
      rows: 0,
      maxAbsError: Number.NaN,
      tolerance: EXACT_TOLERANCE,
      passed: false,
      note: 'exact with its own mask but offers no weights(): its support cannot be checked',
    };
  const masked = referenceRows(q, k, v, answer.rows.rows, { causal, support });
  return {
    reference: `float64 under its own support (${masked.rows.length} rows)`,
    mask: 'own',
    n: shape.queryLength,
    note: null,
    ...verdict(maxAbsDiff(out, shape.valueDim, masked)),
  };
}

/** The N to gate a masked exact variant at: N itself, or the largest halving whose support fits. */
export function gateLength(variant: AttentionVariant, shape: AttentionShape, causal: boolean) {
  if (!variant.traits.exact || !hasOwnMask(variant, shape, causal)) return shape.queryLength;
  let n = shape.queryLength;
  const at = (m: number) => ({ ...shape, queryLength: m, keyLength: m });
  while (n > 256 && supportBytes(variant, at(n), causal) > SUPPORT_BUDGET) n = Math.ceil(n / 2);
  return n;
}
