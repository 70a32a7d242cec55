import {
  type AttentionOptions,
  type ReferenceGradients,
  type Tensor,
  tiledReferenceBackward,
} from '@attnkit/core';

/**
 * Full attention's backward in its plainest form, float64 (tests only): each block of
 * queryBlock rows against all of its keys at once (one key tile of Nk), the recompute from the
 * log-sum-exp spelled out in loops. Tests chain reference backward → this → the fast path.
 */
export function naiveFullBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  options: AttentionOptions = {},
  queryBlock = 64,
): ReferenceGradients {
  return tiledReferenceBackward(q, k, v, dOut, options, {
    queryBlock,
    keyBlock: Math.max(1, k.shape[2]),
  });
}
