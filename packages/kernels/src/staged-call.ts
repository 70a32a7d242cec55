import type { AttentionShape, Tensor } from '@attnkit/core';
import { type Staged, stageCall, stagedBytes } from './staging.ts';
import type { Kernels } from './types.ts';

/**
 * One forward call of any variant: stage q, k, v (once), let `attend` run the tiles over the
 * staged arrays, and return the output [B, H, Nq, Dv] the caller owns.
 */
export function stagedForward(
  kernels: Kernels,
  shape: AttentionShape,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  scratchLength: number,
  attend: (staged: Staged) => void,
): Tensor {
  const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = shape;
  const staged = stageCall(kernels, q.data, k.data, v.data, B * H * Nq * Dv, scratchLength);
  attend(staged);
  return { data: staged.result(), shape: [B, H, Nq, Dv] };
}

/** Bytes `stagedForward` holds at its peak for this shape and scratch (output included). */
export function stagedForwardBytes(
  kernels: Kernels,
  shape: AttentionShape,
  scratchLength: number,
): number {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = shape;
  const inputs = B * H * Nq * shape.headDim + B * Hkv * Nk * (shape.headDim + shape.valueDim);
  return stagedBytes(kernels, inputs, B * H * Nq * shape.valueDim, scratchLength);
}
