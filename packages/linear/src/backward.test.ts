import {
  describeGradientConformance,
  expectGradientsClose,
  finiteDifferenceGradients,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, it } from 'vitest';
import { featureSettings, type LinearConfig, linear } from './linear.ts';
import { naiveLinear } from './naive.ts';
import { naiveLinearBackward } from './naive-backward.ts';

// Small chunks so the gradient shapes (N = 4 … 257) span many chunks, partial ones included.
const CONFIGS: LinearConfig[] = [
  { featureMap: 'elu', chunk: 3 },
  { featureMap: 'relu', chunk: 5 },
  { featureMap: 'favor', features: 16, seed: 3, chunk: 4 },
  { featureMap: 'elu' },
];

for (const backend of backendChoices())
  for (const config of CONFIGS) {
    const s = featureSettings(config);
    describeGradientConformance({
      name: `linear ${JSON.stringify(config)} (${backend})`,
      create: () => linear({ ...config, backend }),
      createWithBudget: (memoryBudget) => linear({ ...config, backend, memoryBudget }),
      oracle: (q, k, v, options) => naiveLinear(q, k, v, options, s).output,
      oracleBackward: (q, k, v, dOut, options) => naiveLinearBackward(q, k, v, dOut, options, s),
    });
  }

describe('linear naive backward equals finite differences of the naive form', () => {
  const shape = { B: 2, H: 2, Hkv: 1, Nq: 6, Nk: 8, D: 3, Dv: 2 };
  const { q, k, v } = makeInputs(shape, 21);
  const dOut = makeDOut(shape, 21);
  it.each([
    { featureMap: 'elu' as const, causal: false },
    { featureMap: 'relu' as const, causal: true },
    { featureMap: 'favor' as const, causal: true },
  ])('%o', ({ featureMap, causal }) => {
    const s = featureSettings({ featureMap, features: 12, seed: 5 });
    const options = { causal, keyLengths: new Int32Array([8, 3]) };
    const fd = finiteDifferenceGradients(
      (a, b, c) => naiveLinear(a, b, c, options, s).output,
      q,
      k,
      v,
      dOut,
    );
    const g = naiveLinearBackward(q, k, v, dOut, options, s);
    expectGradientsClose(
      g,
      { dq: { data: fd.dq }, dk: { data: fd.dk }, dv: { data: fd.dv } },
      1e-6,
      'naive vs finite differences',
    );
  });
});
