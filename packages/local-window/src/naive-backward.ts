import {
  type AttentionOptions,
  type ReferenceGradients,
  type Tensor,
  tiledReferenceBackward,
} from '@attnkit/core';
import type { Band } from './config.ts';
import { bandMask } from './naive.ts';

/**
 * The sliding-window backward in its plainest form, float64 (tests only): FlashAttention-2's
 * two passes in loops over blocks of `block`, with the band as a per-pair mask. Tests chain
 * reference backward → this → the fast path.
 */
export function naiveLocalBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  options: AttentionOptions,
  band: Band,
  block = 64,
): ReferenceGradients {
  const mask = bandMask({ queryLength: q.shape[2], keyLength: k.shape[2] }, band);
  return tiledReferenceBackward(
    q,
    k,
    v,
    dOut,
    { ...options, mask },
    {
      queryBlock: block,
      keyBlock: block,
    },
  );
}
