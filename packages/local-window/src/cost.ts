import type { AttentionOptions, AttentionShape, Cost } from '@attnkit/core';
import { type Kernels, stagedBytes } from '@attnkit/kernels';
import { forwardScratch } from './attend.ts';
import type { Band } from './config.ts';
import { bandLimits } from './geometry.ts';

/**
 * Query–key pairs one head computes (padding aside): query i at p = i + Nk − Nq sees the keys
 * p + m·d in [0, Nk) with −left <= m <= right (<= 0 under causal). O(Nq), no N×N loop.
 */
export function bandPairs(Nq: number, Nk: number, band: Band, causal: boolean): number {
  const [lo, hi] = bandLimits(band.left, band.right, causal);
  const d = band.dilation;
  let pairs = 0;
  for (let i = 0; i < Nq; i++) {
    const p = i + Nk - Nq;
    const first = Math.max(lo, Math.ceil(-p / d));
    const last = Math.min(hi, Math.floor((Nk - 1 - p) / d));
    if (last >= first) pairs += last - first + 1;
  }
  return pairs;
}

export function localCost(
  kernels: Kernels,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
  band: Band,
  block: number,
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
  const pairs = bandPairs(Nq, Nk, band, options?.causal === true);
  const inputs = B * H * Nq * D + B * Hkv * Nk * (D + Dv);
  const scratch = forwardScratch(Nq, Nk, D, Dv, band, block);
  return {
    flops: 2 * B * H * pairs * (D + Dv),
    peakBytes: stagedBytes(kernels, inputs, B * H * Nq * Dv, scratch),
  };
}
