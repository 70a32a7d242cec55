import type { AttentionOptions, AttentionShape, Cost } from '@attnkit/core';
import { type Kernels, stagedBytes } from '@attnkit/kernels';

/** Query–key pairs one head computes: all Nq·Nk, or the causal (bottom-right) triangle. */
export function visiblePairs(Nq: number, Nk: number, causal: boolean): number {
  if (!causal) return Nq * Nk;
  let pairs = 0;
  for (let i = 0; i < Nq; i++) pairs += Math.min(Nk, Math.max(0, i + Nk - Nq + 1));
  return pairs;
}

/** Scratch floats full attention needs: one queryBlock × Nk score matrix. */
export const fullScratch = (shape: AttentionShape, queryBlock: number) =>
  Math.min(queryBlock, shape.queryLength) * shape.keyLength;

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
