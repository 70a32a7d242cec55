/**
 * What a linear-attention call costs. flops count the useful work of the recurrent form —
 * φ of every query and key, the state update φ(k)ᵀv and the read-out φ(q)S — which is the same
 * causal or not; the chunked causal schedule also spends ≈ c·(m + Dv) flops per query on its
 * in-chunk tiles (half of them masked), the price of running on GEMM tiles, not counted here.
 */
import type { AttentionOptions, AttentionShape, Cost } from '@attnkit/core';
import { type FeatureSettings, featureCount } from './feature-map.ts';
import { scratchLayout } from './scratch.ts';

/** Flops to map `rows` rows of head dim d to m features. */
function featureFlops(s: FeatureSettings, rows: number, d: number): number {
  const m = featureCount(s, d);
  return s.featureMap === 'favor' ? rows * (2 * d * m + 3 * m + 2 * d) : rows * 2 * d;
}

export function linearScratch(
  s: FeatureSettings,
  shape: AttentionShape,
  chunk: number,
  causal: boolean,
): number {
  const d = shape.headDim;
  return scratchLayout(
    s.featureMap === 'favor',
    d,
    featureCount(s, d),
    shape.valueDim,
    chunk,
    causal,
  ).total;
}

/**
 * The cost of one call for given feature settings and causal chunk, without building a variant:
 * what `variant.cost()` returns, exposed so the selector can price configurations it never runs.
 */
export function linearCost(
  s: FeatureSettings,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  chunk: number,
): Cost {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = shape;
  const m = featureCount(s, D);
  const keys = B * Hkv * (featureFlops(s, Nk, D) + 2 * Nk * m * (Dv + 1));
  const queries = B * H * (featureFlops(s, Nq, D) + 2 * Nq * m * (Dv + 1) + Nq * Dv);
  // Rows stream through the kernels a chunk at a time (forward.ts): the output and the scratch
  // are all a call holds, on every backend.
  const scratch = linearScratch(s, shape, chunk, options?.causal ?? false);
  return { flops: keys + queries, peakBytes: 4 * (B * H * Nq * Dv + scratch) };
}
