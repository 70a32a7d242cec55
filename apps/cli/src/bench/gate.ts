/**
 * The correctness gate, run before anything is timed (b h n d).
 *  - The exact answer of a group (N, causal, workload): float64 on every row for small N;
 *    beyond, float64 on a spread sample of rows plus, when its predicted time fits the budget,
 *    the full output of the exact baseline (chunked, else full).
 *  - A variant whose cost() counts fewer pairs than dense attention has its own mask (window,
 *    layout): its gate compares with float64 softmax restricted to the keys its weights()
 *    support lists, on sampled rows. Every variant's error against plain exact attention is
 *    recorded too (that is the approximation error of local-window, sparse and linear).
 *  - Exact variants pass at max |err| ≤ 2e-5; approximate ones (traits.exact false) get their
 *    error recorded and no verdict.
 */
import type { AttentionShape, AttentionVariant, Tensor } from '@attnkit/core';
import {
  compare,
  type ErrorStats,
  type RowReference,
  referenceRows,
  sampleRows,
} from './reference-rows.ts';

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

export function shapeOf(q: Tensor, k: Tensor, v: Tensor): AttentionShape {
  return {
    batch: q.shape[0],
    heads: q.shape[1],
    kvHeads: k.shape[1],
    queryLength: q.shape[2],
    keyLength: k.shape[2],
    headDim: q.shape[3],
    valueDim: v.shape[3],
  };
}

/** Pairs dense attention computes per head, bottom-right causal. */
export function densePairs(nq: number, nk: number, causal: boolean): number {
  if (!causal) return nq * nk;
  const off = nk - nq;
  let pairs = 0;
  for (let i = 0; i < nq; i++) pairs += Math.min(nk, Math.max(0, i + off + 1));
  return pairs;
}

/** Useful flops of exact dense attention: 2 per multiply-add, QKᵀ and PV. */
export function denseFlops(shape: AttentionShape, causal: boolean): number {
  const { batch, heads, queryLength, keyLength, headDim, valueDim } = shape;
  return 2 * batch * heads * densePairs(queryLength, keyLength, causal) * (headDim + valueDim);
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

/** Float64 rows to check: all for small N, else a sample sized to O(2^25) multiply-adds. */
export function gateRows(shape: AttentionShape): Int32Array {
  const total = shape.batch * shape.heads * shape.queryLength;
  if (shape.queryLength <= FLOAT64_ALL_ROWS_N) return sampleRows(total, total);
  const count = Math.floor(2 ** 25 / (shape.keyLength * (shape.headDim + shape.valueDim)));
  return sampleRows(total, Math.max(8, Math.min(64, count)));
}

export function exactAnswer(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  causal: boolean,
  baseline: { label: string; forward: () => Float32Array } | null,
): ExactAnswer {
  const rows = referenceRows(q, k, v, gateRows(shapeOf(q, k, v)), { causal });
  const allRows = rows.rows.length === q.shape[0] * q.shape[1] * q.shape[2];
  if (allRows) return { rows, whole: null, label: 'float64' };
  if (!baseline) return { rows, whole: null, label: `float64 (${rows.rows.length} rows)` };
  return {
    rows,
    whole: baseline.forward(),
    label: `${baseline.label} + float64 (${rows.rows.length} rows)`,
  };
}

/** Error against plain exact attention: the baseline's whole output if any, else the rows. */
export function errorVsExact(out: Float32Array, dv: number, answer: ExactAnswer): ErrorStats {
  const rows = compare(out, dv, answer.rows);
  if (!answer.whole) return rows;
  const whole = compare(out, dv, answer.whole);
  return { ...whole, maxAbsError: Math.max(whole.maxAbsError, rows.maxAbsError) };
}

/** CSR or dense weights → the key columns row r attends. */
function supportFn(variant: AttentionVariant, q: Tensor, k: Tensor, causal: boolean) {
  const map = variant.weights?.(q, k, { causal });
  if (!map) return null;
  if (map.kind === 'csr')
    return {
      structural: true,
      cols: (r: number) => map.colIdx.subarray(map.rowPtr[r], map.rowPtr[r + 1]),
    };
  const nk = map.shape[3];
  return {
    // Zeros of a dense map may come from underflow, so they are read afresh for every input.
    structural: false,
    cols: (r: number) => {
      const cols: number[] = [];
      for (let j = 0; j < nk; j++) if (map.data[r * nk + j] !== 0) cols.push(j);
      return cols;
    },
  };
}

/**
 * A CSR support is the variant's mask, which depends on the shape and causal mode, never on
 * the values: the gate keeps the sampled rows' columns and reuses them for the other workloads.
 */
const supportCache = new WeakMap<AttentionVariant, Map<string, Map<number, Int32Array>>>();

function cachedSupport(
  variant: AttentionVariant,
  q: Tensor,
  k: Tensor,
  causal: boolean,
  rows: Int32Array,
): ((r: number) => ArrayLike<number>) | null {
  const key = `${q.shape.join('x')}|${k.shape.join('x')}|${causal}`;
  const hit = supportCache.get(variant)?.get(key);
  if (hit) return (r) => hit.get(r) ?? new Int32Array(0);
  const support = supportFn(variant, q, k, causal);
  if (!support) return null;
  if (support.structural) {
    const kept = new Map<number, Int32Array>();
    for (const r of rows) kept.set(r, Int32Array.from(support.cols(r)));
    const perVariant = supportCache.get(variant) ?? new Map();
    perVariant.set(key, kept);
    supportCache.set(variant, perVariant);
  }
  return support.cols;
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
  const shape = shapeOf(q, k, v);
  const exact = variant.traits.exact;
  const verdict = (stats: ErrorStats) => ({
    rows: stats.rows,
    maxAbsError: stats.maxAbsError,
    tolerance: exact ? EXACT_TOLERANCE : null,
    passed: exact ? stats.maxAbsError <= EXACT_TOLERANCE : null,
  });
  if (!exact || !hasOwnMask(variant, shape, causal)) {
    // Float64 rows decide at 2e-5. The baseline's whole output is float32 too, each within
    // 2e-5 of the truth, so the two may differ by up to twice that (triangle inequality).
    const rows = compare(out, shape.valueDim, answer.rows);
    const whole = answer.whole ? compare(out, shape.valueDim, answer.whole) : null;
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
  const support = cachedSupport(variant, q, k, causal, answer.rows.rows);
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
  const masked = referenceRows(q, k, v, answer.rows.rows, { causal }, support);
  return {
    reference: `float64 under its own support (${masked.rows.length} rows)`,
    mask: 'own',
    n: shape.queryLength,
    note: null,
    ...verdict(compare(out, shape.valueDim, masked)),
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
