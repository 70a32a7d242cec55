import type { AttentionOptions, AttentionShape, Cost, VariantTraits } from '@attnkit/core';
import { denseSoftmaxTraining, type Kernels } from '@attnkit/kernels';

/**
 * Key tile of the backward. The forward scores a queryBlock × Nk matrix at once; its backward
 * must not (that would be the N-wide dP and dS as well), so it walks keys in tiles like chunked.
 */
export const BACKWARD_KEY_BLOCK = 64;

/**
 * Full attention's gradients (b h n d): FlashAttention-2's backward over queryBlock × 64 tiles,
 * recomputing scores from q, k and the saved log-sum-exp. O(N·D) memory, causal tiles above
 * the diagonal skipped. The forward for training runs the same tiles with an online softmax
 * (its output equals `forward` to float32 rounding) to keep the log-sum-exp.
 */
export function fullTraining(
  kernels: Kernels,
  queryBlock: number,
  memoryBudget: number,
  traits: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>,
  forwardCost: (shape: AttentionShape, options?: AttentionOptions) => Cost,
) {
  const setup = { name: 'full', kernels, traits, memoryBudget, forwardCost };
  return denseSoftmaxTraining(setup, queryBlock, BACKWARD_KEY_BLOCK);
}
