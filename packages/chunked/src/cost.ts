/**
 * What chunked attention costs (b h n d). Flops count only the query–key pairs the mask lets
 * through (causal ≈ half, padding cut); memory is the staged call plus one tile's working set.
 */
import {
  type AttentionOptions,
  type AttentionShape,
  type Cost,
  callPairCount,
} from '@attnkit/core';
import { type Kernels, stagedForwardBytes } from '@attnkit/kernels';

/**
 * The tile of a call: its size fixes the scratch (and so the memory) independently of N, and
 * trades cache fit against loop overhead.
 */
export interface Blocks {
  /** Query rows per tile. */
  queryBlock: number;
  /** Key columns per tile. */
  keyBlock: number;
}

/**
 * Floats of scratch one call needs: the score tile, the running max and sum, and the
 * accumulator of one query block. Independent of N: this is what makes the memory O(N).
 */
export function chunkedScratch(shape: AttentionShape, blocks: Blocks): number {
  const rows = Math.min(blocks.queryBlock, shape.queryLength);
  const cols = Math.min(blocks.keyBlock, shape.keyLength);
  return rows * cols + 2 * rows + rows * shape.valueDim;
}

/** Where the pieces of one call's scratch start, relative to the scratch offset. */
export function scratchLayout(shape: AttentionShape, blocks: Blocks) {
  const rows = Math.min(blocks.queryBlock, shape.queryLength);
  const cols = Math.min(blocks.keyBlock, shape.keyLength);
  const tile = 0;
  const max = tile + rows * cols;
  const sum = max + rows;
  const acc = sum + rows;
  return { tile, max, sum, acc, ldS: cols };
}

export function chunkedCost(
  kernels: Kernels,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  blocks: Blocks,
): Cost {
  return {
    flops: 2 * callPairCount(shape, options) * (shape.headDim + shape.valueDim),
    peakBytes: stagedForwardBytes(kernels, shape, chunkedScratch(shape, blocks)),
  };
}
