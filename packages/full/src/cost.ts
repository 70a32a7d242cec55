import {
  type AttentionOptions,
  type AttentionShape,
  type Cost,
  callPairCount,
} from '@attnkit/core';
import { type Kernels, stagedForwardBytes } from '@attnkit/kernels';

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

/** Flops over the visible pairs (causal triangle, padding cut); bytes of the staged call. */
export function fullCost(
  kernels: Kernels,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  queryBlock: number,
): Cost {
  return {
    flops: 2 * callPairCount(shape, options) * (shape.headDim + shape.valueDim),
    peakBytes: stagedForwardBytes(kernels, shape, fullScratch(shape, queryBlock)),
  };
}
