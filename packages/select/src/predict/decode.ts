/**
 * One decoder step at context L (b h n d): the keys it reads (the units its time is fitted on)
 * and the state it holds, from how each family's decoder is built — a KV cache that doubles
 * (full, chunked, via core's cachedDecoder, which also copies the cache contiguous each step),
 * a ring of the window (local-window), the key blocks the pattern keeps (sparse, all of them
 * unless the pattern frees some: counted as all), or the (S, z) state (linear).
 */
import type { AttentionVariant } from '@attnkit/core';
import type { SparseAttention } from '@attnkit/sparse';
import type { ResolvedUseCase } from '../use-case.ts';
import { shapeOf } from './shape.ts';

export interface StepModel {
  /** Keys (linear: features) the one query reads, summed over batch × heads, times (D + Dv). */
  units: number;
  /** Bytes held across steps plus the step's own peak, beyond the step's q, k, v. */
  stateBytes: number;
}

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(16, n)));

export function stepModel(variant: AttentionVariant, u: ResolvedUseCase): StepModel {
  const L = u.keyLength;
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = u;
  const perKey = 4 * B * Hkv * (D + Dv);
  const work = (keys: number) => B * H * keys * (D + Dv);
  const stepPeak = (keys: number) =>
    variant.cost(shapeOf(u, 1, Math.max(1, keys)), { causal: true }).peakBytes;
  switch (variant.name) {
    case 'local-window': {
      const c = variant.config as { window?: number; left?: number; dilation: number };
      const left = c.left ?? c.window ?? 0;
      const seen = Math.min(L, left + 1);
      const ring = Math.min(pow2(L), left * c.dilation + 1);
      return { units: work(seen), stateBytes: perKey * (ring + seen) + stepPeak(seen) };
    }
    case 'sparse': {
      const layout = (variant as SparseAttention).layout(shapeOf(u, L, L), { causal: true });
      const r = layout.queryBlocks - 1;
      let keys = 0;
      for (let p = layout.rowPtr[r]; p < layout.rowPtr[r + 1]; p++) keys += layout.block;
      keys = Math.min(keys, L);
      return { units: work(keys), stateBytes: perKey * (L + keys) + layout.bytes + stepPeak(keys) };
    }
    case 'linear': {
      const c = variant.config as { featureMap: string; features: number };
      const m = c.featureMap === 'favor' ? c.features : D;
      return {
        units: work(m),
        stateBytes: 4 * B * Hkv * m * (Dv + 1) + 4 * (D * m + m + B * H * Dv),
      };
    }
    default:
      // cachedDecoder: the doubling cache, the contiguous copy, then a forward of 1 × L.
      return { units: work(L), stateBytes: perKey * (pow2(L) + L) + stepPeak(L) };
  }
}
