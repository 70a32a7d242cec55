import type { AttentionOptions, AttentionShape } from '@attnkit/core';
import type { ResolvedUseCase } from '../use-case.ts';

export const shapeOf = (
  u: ResolvedUseCase,
  queryLength = u.queryLength,
  keyLength = u.keyLength,
): AttentionShape => ({
  batch: u.batch,
  heads: u.heads,
  kvHeads: u.kvHeads,
  queryLength,
  keyLength,
  headDim: u.headDim,
  valueDim: u.valueDim,
});

export const optionsOf = (u: ResolvedUseCase): AttentionOptions => ({
  causal: u.causal,
  ...(u.keyLengths ? { keyLengths: u.keyLengths } : {}),
});

/** Bytes of q, k and v as float32: the caller holds them; the budget counts them. */
export const inputBytes = (s: AttentionShape) =>
  4 *
  (s.batch * s.heads * s.queryLength * s.headDim +
    s.batch * s.kvHeads * s.keyLength * (s.headDim + s.valueDim));
