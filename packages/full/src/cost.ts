import type { AttentionOptions, AttentionShape, Cost } from '@attnkit/core';
import { type Kernels, stagedBytes } from '@attnkit/kernels';

/** Query–key pairs one head computes: all Nq·Nk, or the causal (bottom-right) triangle. */
export function visiblePairs(Nq: number, Nk: number, causal: boolean): number {
  if (!causal) return Nq * Nk;
  let pairs = 0;
  for (let i = 0; i < Nq; i++) pairs += Math.min(Nk, Math.max(0, i + Nk - Nq + 1));
  return pairs;
}

/**
 * Row stride of the score matrix: Nk rounded up to 4 floats plus 4. A stride that is a multiple
 * of 1024 floats (4 KiB) maps every row to the same L1 sets, and scoring 64 rows at Nk = 4096
 * then ran at 18 instead of 28 GFLOP/s (kernels bench, scoreTile 64×4096×64).
 */
export const scoreStride = (keyLength: number) => (Math.ceil(keyLength / 4) + 1) * 4;

/**
 * Scratch floats full attention needs: one queryBlock × Nk score matrix (rows padded), then the
 * block's row maxima and row sums.
 */
export const fullScratch = (shape: AttentionShape, queryBlock: number) =>
  Math.min(queryBlock, shape.queryLength) * (scoreStride(shape.keyLength) + 2);

export function fullCost(
  kernels: Kernels,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  queryBlock: number,
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
  const pairs = visiblePairs(Nq, Nk, options?.causal ?? false);
  const inputs = B * H * Nq * D + B * Hkv * Nk * (D + Dv);
  return {
    flops: 2 * B * H * pairs * (D + Dv),
    peakBytes: stagedBytes(kernels, inputs, B * H * Nq * Dv, fullScratch(shape, queryBlock)),
  };
}
