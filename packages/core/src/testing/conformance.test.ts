import { describe, expect, it } from 'vitest';
import { cachedDecoder } from '../cached-decoder.ts';
import { referenceAttention } from '../reference.ts';
import type { AttentionVariant } from '../types.ts';
import { validateCall } from '../validate.ts';
import { describeConformance } from './conformance.ts';
import { makeInputs } from './inputs.ts';

/** The reference itself, rounded to float32, dressed as a variant: the suite must pass it. */
function referenceVariant(): AttentionVariant {
  const forward: AttentionVariant['forward'] = (q, k, v, options) => {
    validateCall(q, k, v, options);
    const { output } = referenceAttention(q, k, v, options);
    return { data: Float32Array.from(output.data), shape: output.shape };
  };
  return {
    name: 'reference',
    backend: 'js',
    config: {},
    traits: {
      exact: true,
      causal: true,
      crossAttention: true,
      keyLengths: true,
      weights: true,
      decoder: true,
      scoreBias: true,
      complexity: { time: 'O(N²D)', memory: 'O(N²)' },
    },
    forward,
    cost: (s) => ({
      flops: 4 * s.batch * s.heads * s.queryLength * s.keyLength * s.headDim,
      peakBytes: 8 * s.queryLength * s.keyLength,
    }),
    weights: (q, k, options) => {
      const w = referenceAttention(q, k, k, options, true).weights!;
      return {
        kind: 'dense',
        shape: w.shape as [number, number, number, number],
        data: Float32Array.from(w.data),
      };
    },
    decoder: (shape, options) =>
      cachedDecoder(shape, (q, k, v) => forward(q, k, v, { ...options, causal: true })),
  };
}

describeConformance({ create: referenceVariant });

describe('the suite catches a wrong variant', () => {
  it('an output off by 1e-4 fails the exactness check', () => {
    const broken = referenceVariant();
    const s = { B: 1, H: 1, Hkv: 1, Nq: 8, Nk: 8, D: 4, Dv: 4 };
    const { q, k, v } = makeInputs(s);
    const out = broken.forward(q, k, v);
    out.data[3] += 1e-4;
    const ref = referenceAttention(q, k, v).output.data;
    expect(Math.abs(out.data[3] - ref[3])).toBeGreaterThan(2e-5);
  });
});
