import type { AttentionOptions, AttentionShape, Cost, VariantTraits } from '@attnkit/core';
import { denseTilePlan, type Kernels, softmaxTraining } from '@attnkit/kernels';
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
  return softmaxTraining({
    name: 'chunked',
    kernels,
    traits,
    memoryBudget,
    forwardCost,
    plan: (call) => denseTilePlan(call, blocks.queryBlock, blocks.keyBlock),
    blocks: (s) => ({
      queryBlock: Math.min(blocks.queryBlock, s.queryLength),
      keyBlock: Math.min(blocks.keyBlock, s.keyLength),
    }),
  });
}
