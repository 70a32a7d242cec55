/**
 * How far linear attention lands from exact softmax attention on given inputs: the fidelity
 * figure `attnkit bench` reports beside time. Letters: b h n d.
 */
import {
  type AttentionOptions,
  type AttentionVariant,
  referenceAttention,
  type Tensor,
} from '@attnkit/core';
import { type LinearConfig, linear } from './linear.ts';

/**
 * How far linear attention lands from exact softmax attention on one call, three ways: the
 * worst output, the overall energy, and the typical row (which a few bad rows cannot hide).
 */
export interface ApproximationError {
  /** max |linear − softmax| over all outputs. */
  maxAbs: number;
  /** ‖linear − softmax‖₂ / ‖softmax‖₂ over all outputs. */
  relRms: number;
  /** Mean over query rows of ‖out_i − ref_i‖₂ / ‖ref_i‖₂ (rows whose reference is 0 skipped). */
  meanRowRelative: number;
}

/**
 * Runs linear attention (a variant, or the config to build one) and the float64 reference
 * softmax attention on the same q, k, v and options, and compares the outputs.
 */
export function approximationError(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions & { variant?: AttentionVariant | LinearConfig } = {},
): ApproximationError {
  const { variant, ...attention } = options;
  const subject =
    variant && 'forward' in variant ? variant : linear((variant as LinearConfig) ?? {});
  const out = subject.forward(q, k, v, attention).data;
  const ref = referenceAttention(q, k, v, attention).output.data;
  const dv = v.shape[3];
  let maxAbs = 0;
  let errSq = 0;
  let refSq = 0;
  let rowSum = 0;
  let rows = 0;
  for (let r = 0; r < ref.length / dv; r++) {
    let e = 0;
    let n = 0;
    for (let t = r * dv; t < (r + 1) * dv; t++) {
      const d = out[t] - ref[t];
      maxAbs = Math.max(maxAbs, Math.abs(d));
      e += d * d;
      n += ref[t] * ref[t];
    }
    errSq += e;
    refSq += n;
    if (n > 0) {
      rowSum += Math.sqrt(e / n);
      rows++;
    }
  }
  return {
    maxAbs,
    relRms: refSq > 0 ? Math.sqrt(errSq / refSq) : Math.sqrt(errSq),
    meanRowRelative: rows > 0 ? rowSum / rows : 0,
  };
}
