import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  type DecoderOptions,
  type DecoderShape,
  defineVariant,
  option,
  type ResolvedCall,
  type Tensor,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { backendOption, getKernels, kvCacheDecoder, stageCall } from '@attnkit/kernels';
import { chunkedTraining } from './backward.ts';
import { type Blocks, chunkedCost } from './cost.ts';
import { forwardChunked } from './forward.ts';
import type { PartialAttention } from './merge.ts';
import { weightsChunked, weightsScratch } from './weights.ts';

/** A chunked variant, plus the form that also returns each row's log-sum-exp. */
export interface ChunkedVariant extends AttentionVariant {
  /** forward, and log Σ_j exp(s_ij) per row [B, H, Nq] (−∞ where fully masked), for mergePartials. */
  forwardWithLogSumExp(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options?: AttentionOptions,
  ): PartialAttention;
}

const TRAITS = {
  exact: true,
  causal: true,
  crossAttention: true,
  keyLengths: true,
  weights: true,
  decoder: true,
  scoreBias: true,
  querySplit: true,
  backward: true,
  complexity: { time: 'O(N²·D)', memory: 'O(N·D + queryBlock·keyBlock)' },
} as const;

const defined = defineVariant({
  name: 'chunked',
  traits: TRAITS,
  options: {
    queryBlock: option.integer('Query rows that share each streamed key tile. Default 64.', 64),
    keyBlock: option.integer(
      'Keys scored per tile; the online softmax folds one at a time. Default 64.',
      64,
    ),
    backend: backendOption,
  },
  build({ queryBlock, keyBlock, backend, memoryBudget }, { refuseOver }) {
    const kernels = getKernels(backend);
    const blocks: Blocks = { queryBlock, keyBlock };
    const cost = (shape: AttentionShape, options?: AttentionOptions) =>
      chunkedCost(kernels, validateShape({ ...shape }), options, blocks);

    const run = (q: Tensor, k: Tensor, v: Tensor, call: ResolvedCall, withLogSumExp: boolean) => {
      const { batch: B, heads: H, queryLength: Nq } = call.shape;
      // The working set is O(N·D): refuse only when even that would not fit.
      refuseOver(
        cost(call.shape).peakBytes + (withLogSumExp ? 4 * B * H * Nq : 0),
        'q, k, v',
        'raise memoryBudget; chunked already needs only O(N) memory',
      );
      const logSumExp = new Float32Array(withLogSumExp ? B * H * Nq : 0);
      const output = forwardChunked(
        kernels,
        call,
        q,
        k,
        v,
        blocks,
        withLogSumExp ? logSumExp : undefined,
      );
      return { output, logSumExp };
    };
    const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor =>
      run(q, k, v, validateCall(q, k, v, options, TRAITS, 'chunked'), false).output;

    const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
      const call = validateCall(q, k, k, options, TRAITS, 'chunked');
      const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = call.shape;
      const length = B * H * Nq * Nk;
      refuseOver(4 * (length + weightsScratch(call, blocks)), 'weights(q, k) (dense map)');
      const staged = stageCall(
        kernels,
        q.data,
        k.data,
        new Float32Array(0),
        length,
        weightsScratch(call, blocks),
      );
      weightsChunked(kernels, call, staged, blocks);
      return { kind: 'dense', shape: [B, H, Nq, Nk], data: staged.result() };
    };

    return {
      backend: kernels.name,
      forward,
      /** forward, and log Σ_j exp(s_ij) per row [B, H, Nq] (−∞ where fully masked), for mergePartials. */
      forwardWithLogSumExp: (
        q: Tensor,
        k: Tensor,
        v: Tensor,
        options?: AttentionOptions,
      ): PartialAttention => run(q, k, v, validateCall(q, k, v, options, TRAITS, 'chunked'), true),
      cost,
      weights,
      decoder: (shape: DecoderShape, options?: DecoderOptions) =>
        kvCacheDecoder(
          kernels,
          shape,
          options,
          (q, k, v) => forward(q, k, v, { ...options, causal: true }),
          refuseOver,
        ),
      ...chunkedTraining(kernels, blocks, memoryBudget, TRAITS, cost),
    };
  },
});

/** Config of `chunked()`: queryBlock, keyBlock, memoryBudget, backend (see the schema above). */
export type ChunkedConfig = NonNullable<Parameters<typeof defined.create>[0]>;

/**
 * Exact softmax attention in O(N) memory (b h n d): for each head, blocks of queryBlock queries
 * stream the keys they can see in tiles of keyBlock through an online softmax (forward.ts).
 */
export const chunked: (config?: ChunkedConfig) => ChunkedVariant = defined.create;

/**
 * The log-sum-exp form as a plain function: chunked(config).forwardWithLogSumExp(q, k, v, options).
 */
export function forwardWithLogSumExp(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options?: AttentionOptions,
  config?: ChunkedConfig,
): PartialAttention {
  return chunked(config).forwardWithLogSumExp(q, k, v, options);
}

/** For spec strings: `chunked`, `chunked:queryBlock=128,keyBlock=64`. */
export const chunkedDefinition = defined.definition;
