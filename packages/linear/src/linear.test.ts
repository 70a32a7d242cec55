import { randn, referenceAttention } from '@attnkit/core';
import { describeConformance } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { featureSettings, type LinearConfig, linear } from './linear.ts';
import { naiveLinear } from './naive.ts';

// Float32 against the float64 naive form of the same kernel. FAVOR+ exponentiates a float32
// GEMM projection, so its rounding (≈ 1e-6 of the exponent) reaches the output: rel RMS stays
// below 1e-6 but single entries of unit-scale outputs differ by up to ≈ 3e-6.
const tolerance = (c: LinearConfig) =>
  c.featureMap === 'favor' ? { atol: 5e-6, rtol: 1e-5 } : { atol: 1e-6, rtol: 1e-5 };
const CONFIGS: LinearConfig[] = [
  { featureMap: 'elu' },
  { featureMap: 'relu' },
  { featureMap: 'favor', features: 64, seed: 3 },
  { featureMap: 'favor', features: 37, seed: 4, orthogonal: false, chunk: 7 },
  { featureMap: 'elu', chunk: 5 },
];

for (const backend of backendChoices())
  for (const config of CONFIGS) {
    describeConformance({
      name: `linear ${JSON.stringify(config)} (${backend})`,
      create: () => linear({ ...config, backend }),
      oracle: (q, k, v, options) => naiveLinear(q, k, v, options, featureSettings(config)).output,
      tolerance: tolerance(config),
    });
  }

// The conformance suite checks linear against its own kernel form (an approximation): make sure
// that oracle is not softmax attention in disguise, and that the traits say so.
describe('the conformance oracle is the kernel form, not exact softmax', () => {
  const q = randn([1, 2, 33, 8], 1);
  const k = randn([1, 2, 33, 8], 2);
  const v = randn([1, 2, 33, 8], 3);
  it.each(CONFIGS)('%o', (config) => {
    expect(linear(config).traits.exact).toBe(false);
    const kernelForm = naiveLinear(q, k, v, { causal: true }, featureSettings(config)).output.data;
    const softmax = referenceAttention(q, k, v, { causal: true }).output.data;
    let maxDiff = 0;
    for (let i = 0; i < softmax.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(kernelForm[i] - softmax[i]));
    expect(maxDiff).toBeGreaterThan(1e-3);
  });
});
