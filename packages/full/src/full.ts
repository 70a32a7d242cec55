import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  cachedDecoder,
  configEnum,
  configInteger,
  rejectUnknownKeys,
  type Tensor,
  type VariantDefinition,
  validateCall,
  validateShape,
  weightsViaIdentity,
} from '@attnkit/core';
import { BACKEND_CHOICES, type BackendChoice, getKernels, stageCall } from '@attnkit/kernels';
import { attendFull } from './attend.ts';
import { fullTraining } from './backward.ts';
import { fullCost, fullScratch } from './cost.ts';

export interface FullConfig {
  /** Query rows scored at once against all keys. Default 64. */
  queryBlock?: number;
  /** Refuse (MEMORY_BUDGET) a call or weights() predicted to need more bytes. Default 2 GiB. */
  memoryBudget?: number;
  backend?: BackendChoice;
}

const KEYS = ['queryBlock', 'memoryBudget', 'backend'] as const;
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
  complexity: { time: 'O(N²·D)', memory: 'O(N·D + queryBlock·N)' },
} as const;

/** Exact softmax attention that materialises each block of query rows against all keys. */
export function full(config: FullConfig = {}): AttentionVariant {
  rejectUnknownKeys(config, KEYS, 'full');
  const queryBlock = configInteger(config.queryBlock, 'full config.queryBlock', 64);
  const memoryBudget = configInteger(config.memoryBudget, 'full config.memoryBudget', 2 ** 31);
  const backend = configEnum(config.backend, 'full config.backend', BACKEND_CHOICES, 'auto');
  const kernels = getKernels(backend);
  const cost = (shape: AttentionShape, options?: AttentionOptions) =>
    fullCost(kernels, validateShape({ ...shape }), options, queryBlock);

  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    const call = validateCall(q, k, v, options, TRAITS, 'full');
    const predicted = cost(call.shape, options).peakBytes;
    if (predicted > memoryBudget) {
      throw new AttentionError(
        'MEMORY_BUDGET',
        'q, k, v',
        `a call within memoryBudget ${memoryBudget} bytes`,
        `a predicted peak of ${predicted} bytes`,
        'lower queryBlock or use chunked',
      );
    }
    const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
    const staged = stageCall(
      kernels,
      q.data,
      k.data,
      v.data,
      B * H * Nq * Dv,
      fullScratch(call.shape, queryBlock),
    );
    attendFull(kernels, call, staged, queryBlock);
    return { data: staged.result(), shape: [B, H, Nq, Dv] };
  };

  const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
    // Attending to the identity on the keys (V = I) returns exactly the applied map.
    const { shape } = validateCall(q, k, k, options, TRAITS, 'full');
    return weightsViaIdentity(forward, q, k, options, shape, memoryBudget);
  };

  return {
    name: 'full',
    config: { queryBlock, memoryBudget, backend },
    traits: TRAITS,
    forward,
    cost,
    weights,
    decoder: (shape, options) =>
      cachedDecoder(shape, (q, k, v) => forward(q, k, v, { ...options, causal: true })),
    ...fullTraining(kernels, queryBlock, memoryBudget, TRAITS, cost),
  };
}

/** For spec strings: `full`, `full:queryBlock=128`. */
export const fullDefinition: VariantDefinition<FullConfig> = {
  name: 'full',
  options: { queryBlock: 'integer', memoryBudget: 'integer', backend: BACKEND_CHOICES },
  create: full,
};
