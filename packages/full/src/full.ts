import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  defineVariant,
  option,
  type Tensor,
  validateCall,
  validateShape,
  weightsViaIdentity,
} from '@attnkit/core';
import { backendOption, getKernels, kvCacheDecoder } from '@attnkit/kernels';
import { fullTraining } from './backward.ts';
import { fullCost } from './cost.ts';
import { forwardFull } from './forward.ts';

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

const defined = defineVariant({
  name: 'full',
  traits: TRAITS,
  options: {
    queryBlock: option.integer('Query rows scored at once against all keys. Default 64.', 64),
    backend: backendOption,
  },
  build({ queryBlock, backend, memoryBudget }, { refuseOver }) {
    const kernels = getKernels(backend);
    const cost = (shape: AttentionShape, options?: AttentionOptions) =>
      fullCost(kernels, validateShape({ ...shape }), options, queryBlock);
    const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
      const call = validateCall(q, k, v, options, TRAITS, 'full');
      refuseOver(cost(call.shape, options).peakBytes, 'q, k, v', 'lower queryBlock or use chunked');
      return forwardFull(kernels, call, q, k, v, queryBlock);
    };
    return {
      backend: kernels.name,
      forward,
      cost,
      // Attending to the identity on the keys (V = I) returns exactly the applied map.
      weights: (q, k, options) =>
        weightsViaIdentity(
          forward,
          q,
          k,
          options,
          validateCall(q, k, k, options, TRAITS, 'full').shape,
          refuseOver,
        ),
      decoder: (shape, options) =>
        kvCacheDecoder(
          kernels,
          shape,
          options,
          (q, k, v) => forward(q, k, v, { ...options, causal: true }),
          refuseOver,
        ),
      ...fullTraining(kernels, queryBlock, memoryBudget, TRAITS, cost),
    };
  },
});

/** Config of `full()`: the keys of its schema (queryBlock, memoryBudget, backend). */
export type FullConfig = NonNullable<Parameters<typeof defined.create>[0]>;

/** Exact softmax attention that materialises each block of query rows against all keys. */
export const full: (config?: FullConfig) => AttentionVariant = defined.create;

/** For spec strings: `full`, `full:queryBlock=128`. */
export const fullDefinition = defined.definition;
