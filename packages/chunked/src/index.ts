/**
 * Exact attention in O(N) memory: tiles with an online softmax (FlashAttention-style), causal tiles skipped.
 *
 * @module @attnkit/chunked
 */
export {
  type ChunkedConfig,
  type ChunkedVariant,
  chunked,
  chunkedDefinition,
  forwardWithLogSumExp,
} from './chunked.ts';
export { type Blocks, visiblePairs } from './cost.ts';
export { mergePartials, type PartialAttention } from './merge.ts';
