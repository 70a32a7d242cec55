import {
  type AttentionOptions,
  type AttentionShape,
  type Cost,
  callPairCount,
  visiblePairCount,
} from '@attnkit/core';
import { type Kernels, stagedForwardBytes } from '@attnkit/kernels';
import type { Band } from './config.ts';
import { forwardScratch } from './forward.ts';
import { slabbed, slabScratch } from './slabs.ts';

/**
 * Query–key pairs one head computes (padding aside): query i at p = i + Nk − Nq sees the keys
 * p + m·d in [0, Nk) with −left <= m <= right (<= 0 under causal).
 */
export const bandPairs = (Nq: number, Nk: number, band: Band, causal: boolean): number =>
  visiblePairCount(Nq, Nk, { causal, band });

export function localCost(
  kernels: Kernels,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  band: Band,
  block: number,
): Cost {
  const { queryLength: Nq, keyLength: Nk, headDim: D, valueDim: Dv } = shape;
  const out = shape.batch * shape.heads * Nq * Dv;
  return {
    flops: 2 * callPairCount(shape, options, band) * (D + Dv),
    peakBytes: slabbed(band, options)
      ? 4 * (out + slabScratch(D, Dv, band, block))
      : stagedForwardBytes(kernels, shape, forwardScratch(Nq, Nk, D, Dv, band, block)),
  };
}

/**
 * Bytes `weights()` holds at its peak: the CSR (row pointers, one column index and one value per
 * visible pair, padding cut) and its staging (q, k gathered per residue class, one band tile).
 */
export function weightsBytes(
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  band: Band,
  block: number,
): number {
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk, headDim: D } = shape;
  const nnz = callPairCount(shape, options, band);
  const width = Math.max(
    1,
    Math.min(Math.ceil(Nk / band.dilation), block + band.left + band.right),
  );
  const scratch =
    block * width + (Math.ceil(Nq / band.dilation) + Math.ceil(Nk / band.dilation)) * D;
  return (
    4 * (B * H * Nq + 1) + 8 * nnz + 4 * (scratch + B * H * Nq * D + B * shape.kvHeads * Nk * D)
  );
}
