/**
 * Exact attention in O(N) memory: tiles with an online softmax (FlashAttention-style), causal tiles skipped.
 *
 * @module @attnkit/chunked
 */
import { visiblePairCount } from '@attnkit/core';

export {
  type ChunkedConfig,
  type ChunkedVariant,
  chunked,
  chunkedDefinition,
  forwardWithLogSumExp,
} from './chunked.ts';
export type { Blocks } from './cost.ts';

/** @deprecated Use `visiblePairCount(Nq, Nk, { causal, keyLength })` from `@attnkit/core`. */
export const visiblePairs = (Nq: number, Nk: number, causal: boolean, keyLength = Nk): number =>
  visiblePairCount(Nq, Nk, { causal, keyLength });
export { mergePartials, type PartialAttention } from './merge.ts';
