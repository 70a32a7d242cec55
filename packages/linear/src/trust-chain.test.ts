import { chainCases, expectOverBudget, itChainsTrust } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { featureSettings, type LinearConfig, linear } from './linear.ts';
import { naiveLinear } from './naive.ts';

// linear approximates softmax: its chain starts at its own naive form (exact: false).
const configs: LinearConfig[] = [
  { featureMap: 'elu', chunk: 8 },
  { featureMap: 'favor', features: 32, seed: 5 },
];
for (const backend of backendChoices())
  for (const config of configs)
    describe(`linear ${config.featureMap}: naive → fast (${backend})`, () => {
      itChainsTrust({
        exact: false,
        naive: (q, k, v, options) => naiveLinear(q, k, v, options, featureSettings(config)).output,
        fast: () => linear({ ...config, backend }),
        cases: chainCases(false),
        tolerance: { atol: 5e-6, rtol: 1e-5 },
      });
    });

describe('linear: huge sizes are refused from a prediction (issue 15, class 6)', () => {
  const dims = { batch: 1, heads: 2, kvHeads: 2, headDim: 1e6, valueDim: 1e6 };
  it.each([
    ['elu decoder, dims 1e6', () => linear().decoder!(dims)],
    [
      'favor decoder, 1e5 features',
      () =>
        linear({ featureMap: 'favor', features: 1e5 }).decoder!({
          ...dims,
          headDim: 1e4,
          valueDim: 64,
        }),
    ],
  ])('%s: MEMORY_BUDGET, never RangeError', (_, fn) => {
    expect(expectOverBudget(fn, /^decoder|^random features/).expected).toBe(
      'within memoryBudget 2147483648 bytes',
    );
  });
  it('a decoder within budget still runs', () => {
    expect(
      linear({ memoryBudget: 1 << 20 }).decoder!({ ...dims, headDim: 8, valueDim: 8 }).position,
    ).toBe(0);
  });
});
