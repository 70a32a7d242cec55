import type { AttentionOptions, AttentionShape } from '@attnkit/core';
import {
  attentionShapeOf,
  type MaskFn,
  referenceAttention,
  type Tensor,
  type Tensor64,
} from '@attnkit/core';
import type { BlockLayout } from './layout.ts';

/**
 * The layout expanded to a dense token mask (b h i j): true where head h's query i may attend
 * key j under the layout alone. Causal and padding are left to the reference, which ANDs them.
 */
export function layoutMask(layout: BlockLayout, shape: AttentionShape): MaskFn {
  layout.assertCovers(shape.queryLength, shape.keyLength, shape.heads);
  const { heads: H, queryLength: Nq, keyLength: Nk } = shape;
  const stored = layout.heads === 1 ? 1 : H;
  const dense = new Uint8Array(stored * Nq * Nk);
  for (let h = 0; h < stored; h++)
    for (let i = 0; i < Nq; i++)
      for (let j = 0; j < Nk; j++) dense[(h * Nq + i) * Nk + j] = layout.allows(h, i, j) ? 1 : 0;
  return (_b, h, i, j) => dense[((stored === 1 ? 0 : h) * Nq + i) * Nk + j] === 1;
}

/**
 * Block-sparse attention in its plainest form: the float64 reference under the expanded mask.
 * The test oracle for the fast path; never used to compute anything else.
 */
export function naiveSparse(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  layout: BlockLayout,
  options: AttentionOptions = {},
): Tensor64 {
  const shape = attentionShapeOf(q, k, v);
  return referenceAttention(q, k, v, { ...options, mask: layoutMask(layout, shape) }).output;
}
