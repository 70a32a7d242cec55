/**
 * A variant that misbehaves inside a worker, for the browser pool's failure checks. The page
 * only builds it and reads its traits (the pool validates a call on the caller's thread), so
 * there it behaves; in a worker, `fail` picks what goes wrong:
 * 'throw': the factory throws; 'uncloneable': forward throws an error whose `code` is a
 * function, so the worker's reply cannot be posted; 'hang': forward never returns.
 */
import {
  type AttentionOptions,
  type AttentionVariant,
  configEnum,
  type Tensor,
  validateCall,
} from '@attnkit/core';

const inWorker = typeof (globalThis as { document?: unknown }).document === 'undefined';

const TRAITS = {
  exact: true,
  causal: true,
  crossAttention: true,
  keyLengths: true,
  weights: false,
  decoder: false,
  complexity: { time: 'O(1)', memory: 'O(1)' },
} as const;

export function misbehaving(config: { fail?: string } = {}): AttentionVariant {
  const fail = configEnum(
    config.fail,
    'misbehaving config.fail',
    ['throw', 'uncloneable', 'hang'],
    'throw',
  );
  if (inWorker && fail === 'throw') throw new Error('misbehaving: the factory threw in a worker');
  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    validateCall(q, k, v, options, TRAITS, 'misbehaving');
    if (!inWorker) throw new Error('misbehaving: forward runs only in a worker');
    if (fail === 'hang') for (;;);
    throw Object.assign(new Error('misbehaving: an error that cannot be cloned'), {
      code: () => 'not cloneable',
    });
  };
  return {
    name: 'misbehaving',
    backend: 'js',
    config: { fail },
    traits: TRAITS,
    forward,
    cost: () => ({ flops: 0, peakBytes: 0 }),
  };
}
