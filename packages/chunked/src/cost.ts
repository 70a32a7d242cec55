/**
 * What chunked attention costs (b h n d). Flops count only the query–key pairs the mask lets
 * through (causal ≈ half, padding cut); memory is the staged call plus one tile's working set.
 */
import {
  type AttentionOptions,
  type AttentionShape,
  type Cost,
  resolveKeyLengths,
} from '@attnkit/core';
import { type Kernels, stagedBytes } from '@attnkit/kernels';

export interface Blocks {
  queryBlock: number;
  keyBlock: number;
}

/** Pairs one head computes usefully: query i sees keys [0, min(len, i + Nk − Nq + 1)) when causal. */
export function visiblePairs(Nq: number, Nk: number, causal: boolean, keyLength = Nk): number {
  if (!causal) return Nq * keyLength;
  // Sum over rows of a clamped ramp, in closed form so cost() stays O(1) at N = 1M.
  const offset = Nk - Nq;
  let pairs = 0;
  // Rows whose ramp i + offset + 1 lies in (0, keyLength): i in [lo, hi).
  const lo = Math.max(0, -offset);
  const hi = Math.min(Nq, Math.max(lo, keyLength - offset - 1));
  if (hi > lo) pairs += ((hi - lo) * (lo + offset + 1 + (hi - 1 + offset + 1))) / 2;
  // Rows that see all keyLength keys.
  pairs += Math.max(0, Nq - Math.max(hi, lo)) * keyLength;
  return pairs;
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
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = shape;
  const causal = options?.causal === true;
  const lengths = resolveKeyLengths(options?.keyLengths, B, Nk);
  let pairs = 0;
  for (let b = 0; b < B; b++) pairs += visiblePairs(Nq, Nk, causal, lengths[b]);
  const inputs = B * H * Nq * D + B * Hkv * Nk * (D + Dv);
  return {
    flops: 2 * H * pairs * (D + Dv),
    peakBytes: stagedBytes(kernels, inputs, B * H * Nq * Dv, chunkedScratch(shape, blocks)),
  };
}
