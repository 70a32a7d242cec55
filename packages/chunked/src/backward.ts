import type { AttentionOptions, AttentionShape, Cost, VariantTraits } from '@attnkit/core';
import { denseSoftmaxTraining, type Kernels } from '@attnkit/kernels';
import type { Blocks } from './cost.ts';

/**
 * Chunked attention's gradients (b h n d): FlashAttention-2's backward on the forward's own
 * queryBlock × keyBlock tiles. The forward for training keeps the output and each row's
 * log-sum-exp; the backward recomputes each tile's scores from q and k, so memory stays O(N·D)
 * and key tiles above the causal diagonal or past the padding are never visited.
 */
export function chunkedTraining(
  kernels: Kernels,
  blocks: Blocks,
  memoryBudget: number,
  traits: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>,
  forwardCost: (shape: AttentionShape, options?: AttentionOptions) => Cost,
) {
  const setup = { name: 'chunked', kernels, traits, memoryBudget, forwardCost };
  return denseSoftmaxTraining(setup, blocks.queryBlock, blocks.keyBlock);
}
