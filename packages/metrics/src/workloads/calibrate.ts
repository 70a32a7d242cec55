/**
 * Knobs that are statistics of exact attention (row entropy, sink share) are hit by solving for
 * one generator parameter on the fixed row set (row-set.ts) of the first (batch, head) stream:
 * logits are affine in the parameter, so each bisection step is O(rows · Nk), not a forward.
 */
import type { Tensor } from '@attnkit/core';
import { rowSet } from '../row-set.ts';

export interface CalibrationRows {
  /** Per row: scaled dot products q_i · k_j / √D over the visible keys j < end. */
  logits: Float64Array[];
}

export function calibrationRows(q: Tensor, k: Tensor, causal: boolean): CalibrationRows {
  const [, , Nq, D] = q.shape;
  const Nk = k.shape[2];
  const scale = 1 / Math.sqrt(D);
  const logits: Float64Array[] = [];
  for (const i of rowSet(Nq, causal).positions) {
    const end = causal ? i + Nk - Nq + 1 : Nk;
    const row = new Float64Array(end);
    for (let j = 0; j < end; j++) {
      let dot = 0;
      for (let t = 0; t < D; t++) dot += q.data[i * D + t] * k.data[j * D + t];
      row[j] = dot * scale;
    }
    logits.push(row);
  }
  return { logits };
}

/** Softmax of base + theta·dir into out; returns out. */
export function softmaxInto(
  out: Float64Array,
  base: Float64Array | null,
  dir: Float64Array | null,
  theta: number,
) {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < out.length; j++) {
    const s = (base ? base[j] : 0) + (dir ? theta * dir[j] : 0);
    out[j] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let j = 0; j < out.length; j++) sum += out[j] = Math.exp(out[j] - max);
  for (let j = 0; j < out.length; j++) out[j] /= sum;
  return out;
}

/** Entropy in nats of a probability vector. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let j = 0; j < p.length; j++) if (p[j] > 0) h -= p[j] * Math.log(p[j]);
  return h;
}

/** θ in [lo, hi] where the increasing function f crosses target (clamped at the ends). */
export function solveIncreasing(
  f: (theta: number) => number,
  target: number,
  lo: number,
  hi: number,
) {
  if (f(lo) >= target) return lo;
  if (f(hi) <= target) return hi;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
