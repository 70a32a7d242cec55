import { describe, expect, it } from 'vitest';
import { referenceAttention } from '../reference.ts';
import { type ReferenceGradients, referenceBackward } from '../reference-backward.ts';
import type { Tensor } from '../tensor.ts';
import { tiledReferenceBackward } from '../tiled-reference-backward.ts';
import type { AttentionVariant, BackwardOptions } from '../types.ts';
import { validateCall } from '../validate.ts';
import { assertGradientsFinite, validateBackward } from '../validate-backward.ts';
import { finiteDifferenceGradients } from './finite-differences.ts';
import { makeDOut } from './gradient-cases.ts';
import {
  BACKWARD_TOLERANCE,
  describeGradientConformance,
  FD_TOLERANCE,
  gradientErrors,
} from './gradient-conformance.ts';
import { makeInputs } from './inputs.ts';

type Backward = (
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  o: BackwardOptions,
) => ReferenceGradients;

const f32 = (g: ReferenceGradients) => ({
  dq: { data: Float32Array.from(g.dq.data), shape: g.dq.shape },
  dk: { data: Float32Array.from(g.dk.data), shape: g.dk.shape },
  dv: { data: Float32Array.from(g.dv.data), shape: g.dv.shape },
});

/** The reference (forward and backward) rounded to float32, dressed as a variant. */
function referenceVariant(backward: Backward = referenceBackward): AttentionVariant {
  const forward: AttentionVariant['forward'] = (q, k, v, options) => {
    validateCall(q, k, v, options);
    const { output } = referenceAttention(q, k, v, options);
    return { data: Float32Array.from(output.data), shape: output.shape };
  };
  const cost = (s: {
    batch: number;
    heads: number;
    queryLength: number;
    keyLength: number;
    headDim: number;
  }) => ({
    flops: 8 * s.batch * s.heads * s.queryLength * s.keyLength * s.headDim,
    peakBytes: 8 * s.keyLength,
  });
  return {
    name: 'reference',
    backend: 'js',
    config: {},
    traits: {
      exact: true,
      causal: true,
      crossAttention: true,
      keyLengths: true,
      weights: false,
      decoder: false,
      scoreBias: true,
      backward: true,
      complexity: { time: 'O(N²D)', memory: 'O(N)' },
    },
    forward,
    cost,
    backwardCost: cost,
    forwardForTraining: (q, k, v, options) => {
      const output = forward(q, k, v, options);
      return { output, saved: { output } };
    },
    backward: (q, k, v, dOut, options) => {
      validateBackward(q, k, v, dOut, options);
      const g = f32(backward(q, k, v, dOut, options ?? {}));
      assertGradientsFinite(g.dq.data, g.dk.data, g.dv.data);
      return g;
    },
  };
}

describeGradientConformance({ create: () => referenceVariant() });

/** FlashAttention-2's dS = P ∘ (dP − D) with the −D term dropped: dS = P ∘ dP. */
const withoutDelta: Backward = (q, k, v, dOut, o) => {
  const right = referenceBackward(q, k, v, dOut, o);
  const { weights, output } = referenceAttention(q, k, v, o, true);
  const [B, H, Nq, Nk] = weights!.shape;
  const [, Hkv, , D] = k.shape;
  const Dv = v.shape[3];
  const call = validateCall(q, k, v, o);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / (H / Hkv));
      for (let i = 0; i < Nq; i++) {
        const row = (b * H + h) * Nq + i;
        let delta = 0;
        for (let t = 0; t < Dv; t++) delta += dOut.data[row * Dv + t] * output.data[row * Dv + t];
        for (let j = 0; j < Nk; j++) {
          const add = weights!.data[row * Nk + j] * delta * call.scale; // −P·(−D)
          for (let t = 0; t < D; t++) {
            right.dq.data[row * D + t] += add * k.data[((b * Hkv + hk) * Nk + j) * D + t];
            right.dk.data[((b * Hkv + hk) * Nk + j) * D + t] += add * q.data[row * D + t];
          }
        }
      }
    }
  return right;
};

describe('the gradient suite catches a wrong gradient', () => {
  const s = { B: 1, H: 2, Hkv: 1, Nq: 7, Nk: 7, D: 4, Dv: 3 };
  const { q, k, v } = makeInputs(s, 3);
  const dOut = makeDOut(s, 3);
  it('dropping the −D term fails both the finite-difference and the backward check', () => {
    const fd = finiteDifferenceGradients(
      (a, b, c) => referenceAttention(a, b, c).output,
      q,
      k,
      v,
      dOut,
    );
    const wrong = referenceVariant(withoutDelta).backward!(q, k, v, dOut);
    const errors = gradientErrors(wrong, fd);
    expect(errors.dq).toBeGreaterThan(FD_TOLERANCE);
    expect(errors.dk).toBeGreaterThan(FD_TOLERANCE);
    const ref = referenceBackward(q, k, v, dOut);
    const vsRef = gradientErrors(wrong, { dq: ref.dq.data, dk: ref.dk.data, dv: ref.dv.data });
    expect(vsRef.dq).toBeGreaterThan(BACKWARD_TOLERANCE);
    // and the right one passes the same check
    expect(gradientErrors(referenceVariant().backward!(q, k, v, dOut), fd).dq).toBeLessThan(
      FD_TOLERANCE,
    );
  });
});

describe('the tiled float64 backward (FlashAttention-2 order) equals the reference backward', () => {
  it.each([
    { causal: false, keyLengths: undefined },
    { causal: true, keyLengths: new Int32Array([30, 0]) },
  ])('causal=$causal', (options) => {
    const s = { B: 2, H: 2, Hkv: 1, Nq: 23, Nk: 37, D: 5, Dv: 4 };
    const { q, k, v } = makeInputs(s, 4);
    const dOut = makeDOut(s, 4);
    const tiled = tiledReferenceBackward(q, k, v, dOut, options, { queryBlock: 4, keyBlock: 7 });
    const ref = referenceBackward(q, k, v, dOut, options);
    const e = gradientErrors(f32(tiled), { dq: ref.dq.data, dk: ref.dk.data, dv: ref.dv.data });
    expect(Math.max(e.dq, e.dk, e.dv)).toBeLessThan(1e-7);
  });
});
