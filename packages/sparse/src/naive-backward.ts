import {
  type AttentionOptions,
  type ReferenceGradients,
  type Tensor,
  tiledReferenceBackward,
} from '@attnkit/core';
import type { BlockLayout } from './layout.ts';
import { layoutMask } from './naive.ts';

/**
 * The block-sparse backward in its plainest form, float64 (tests only): FlashAttention-2's two
 * passes in loops over blocks of the layout's size, with the layout expanded to a per-pair mask.
 * Tests chain reference backward → this → the fast path.
 */
export function naiveSparseBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  options: AttentionOptions,
  layout: BlockLayout,
): ReferenceGradients {
  const [B, H, Nq, D] = q.shape;
  const shape = {
    batch: B,
    heads: H,
    kvHeads: k.shape[1],
    queryLength: Nq,
    keyLength: k.shape[2],
    headDim: D,
    valueDim: v.shape[3],
  };
  return tiledReferenceBackward(
    q,
    k,
    v,
    dOut,
    { ...options, mask: layoutMask(layout, shape) },
    {
      queryBlock: layout.block,
      keyBlock: layout.block,
    },
  );
}
