import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  cachedDecoder,
  configEnum,
  configInteger,
  type ResolvedCall,
  rejectUnknownKeys,
  type Tensor,
  type VariantDefinition,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { BACKEND_CHOICES, type BackendChoice, getKernels, stageCall } from '@attnkit/kernels';
import { attendChunked } from './attend.ts';
import { chunkedTraining } from './backward.ts';
import { type Blocks, chunkedCost, chunkedScratch } from './cost.ts';
import type { PartialAttention } from './merge.ts';
import { weightsChunked, weightsScratch } from './weights.ts';

export interface ChunkedConfig {
  /** Query rows that share each streamed key tile. Default 64. */
  queryBlock?: number;
  /** Keys scored per tile; the online softmax folds one tile at a time. Default 64. */
  keyBlock?: number;
  /** Refuse (MEMORY_BUDGET) a call or weights() predicted to need more bytes. Default 2 GiB. */
  memoryBudget?: number;
  backend?: BackendChoice;
}

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

const KEYS = ['queryBlock', 'keyBlock', 'memoryBudget', 'backend'] as const;
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

/**
 * Exact softmax attention in O(N) memory (b h n d): for each head, blocks of queryBlock queries
 * stream the keys they can see in tiles of keyBlock through an online softmax (attend.ts).
 */
export function chunked(config: ChunkedConfig = {}): ChunkedVariant {
  rejectUnknownKeys(config, KEYS, 'chunked');
  const queryBlock = configInteger(config.queryBlock, 'chunked config.queryBlock', 64);
  const keyBlock = configInteger(config.keyBlock, 'chunked config.keyBlock', 64);
  const memoryBudget = configInteger(config.memoryBudget, 'chunked config.memoryBudget', 2 ** 31);
  const backend = configEnum(config.backend, 'chunked config.backend', BACKEND_CHOICES, 'auto');
  const kernels = getKernels(backend);
  const blocks: Blocks = { queryBlock, keyBlock };
  const cost = (shape: AttentionShape, options?: AttentionOptions) =>
    chunkedCost(kernels, validateShape({ ...shape }), options, blocks);

  const refuseOver = (bytes: number, argument: string, what: string, hint?: string) => {
    if (bytes > memoryBudget)
      throw new AttentionError(
        'MEMORY_BUDGET',
        argument,
        `${what} within memoryBudget ${memoryBudget} bytes`,
        `a predicted peak of ${bytes} bytes`,
        hint,
      );
  };

  const run = (
    q: Tensor,
    k: Tensor,
    v: Tensor,
    call: ResolvedCall,
    withLogSumExp: boolean,
  ): PartialAttention => {
    const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
    // The working set is O(N·D): refuse only when even that would not fit.
    refuseOver(
      cost(call.shape).peakBytes + (withLogSumExp ? 4 * B * H * Nq : 0),
      'q, k, v',
      'a call',
      'raise memoryBudget; chunked already needs only O(N) memory',
    );
    const logSumExp = new Float32Array(withLogSumExp ? B * H * Nq : 0);
    const staged = stageCall(
      kernels,
      q.data,
      k.data,
      v.data,
      B * H * Nq * Dv,
      chunkedScratch(call.shape, blocks),
    );
    attendChunked(kernels, call, staged, blocks, withLogSumExp ? logSumExp : undefined);
    return { output: { data: staged.result(), shape: [B, H, Nq, Dv] }, logSumExp };
  };

  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor =>
    run(q, k, v, validateCall(q, k, v, options, TRAITS, 'chunked'), false).output;

  const forwardWithLogSumExp = (
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options?: AttentionOptions,
  ): PartialAttention => run(q, k, v, validateCall(q, k, v, options, TRAITS, 'chunked'), true);

  const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
    const call = validateCall(q, k, k, options, TRAITS, 'chunked');
    const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = call.shape;
    const length = B * H * Nq * Nk;
    refuseOver(4 * (length + weightsScratch(call, blocks)), 'weights(q, k)', 'a dense map');
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
    name: 'chunked',
    config: { queryBlock, keyBlock, memoryBudget, backend },
    traits: TRAITS,
    forward,
    forwardWithLogSumExp,
    cost,
    weights,
    decoder: (shape, options) =>
      cachedDecoder(shape, (q, k, v) => forward(q, k, v, { ...options, causal: true })),
    ...chunkedTraining(kernels, blocks, memoryBudget, TRAITS, cost),
  };
}

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
export const chunkedDefinition: VariantDefinition<ChunkedConfig> = {
  name: 'chunked',
  options: {
    queryBlock: 'integer',
    keyBlock: 'integer',
    memoryBudget: 'integer',
    backend: BACKEND_CHOICES,
  },
  create: chunked,
};
