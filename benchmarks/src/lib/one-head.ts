import { type AttentionShape, randn, type Tensor } from '@attnkit/core';

/**
 * The suites' inputs: one batch, one head, N tokens of width d, seeds 1, 2, 3 (4 for the
 * gradient), so every suite and its peak child time the same tensors.
 */
export const oneHead = (n: number, d: number): { q: Tensor; k: Tensor; v: Tensor } => ({
  q: randn([1, 1, n, d], 1),
  k: randn([1, 1, n, d], 2),
  v: randn([1, 1, n, d], 3),
});

/** The upstream gradient that goes with oneHead's inputs. */
export const oneHeadGradient = (n: number, d: number): Tensor => randn([1, 1, n, d], 4);

/** The shape a variant's cost() and layout() take for oneHead's inputs. */
export const oneHeadShape = (n: number, d: number): AttentionShape => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: d,
  valueDim: d,
});
