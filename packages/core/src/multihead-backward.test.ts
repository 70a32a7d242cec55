import { describe, expect, it } from 'vitest';
import { multiHeadAttention } from './multihead.ts';
import { sinusoidalEncoding } from './positional/index.ts';
import { rope } from './positional/rope.ts';
import { referenceAttention } from './reference.ts';
import { referenceBackward } from './reference-backward.ts';
import { randn, type Tensor } from './tensor.ts';
import { relativeError } from './testing/finite-differences.ts';
import type { AttentionVariant } from './types.ts';

const f32 = (t: { data: Float64Array; shape: readonly number[] }): Tensor => ({
  data: Float32Array.from(t.data),
  shape: t.shape,
});

/** The float64 reference, forward and backward, rounded to float32. */
const reference = {
  name: 'reference',
  forward: (q: Tensor, k: Tensor, v: Tensor, o?: object) =>
    f32(referenceAttention(q, k, v, o).output),
  forwardForTraining: (q: Tensor, k: Tensor, v: Tensor, o?: object) => {
    const output = f32(referenceAttention(q, k, v, o).output);
    return { output, saved: { output } };
  },
  backward: (q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, o?: object) => {
    const g = referenceBackward(q, k, v, dOut, o);
    return { dq: f32(g.dq), dk: f32(g.dk), dv: f32(g.dv) };
  },
} as unknown as AttentionVariant;

/**
 * Central differences of L = Σ dOut ∘ module(x, context) over one float32 array, entry by entry.
 * Float32 forwards: h = 1e-2 keeps the rounding error (≈ 1e-7 / h) and the truncation (h²) near
 * 1e-5 of gradients of order 1.
 */
function numeric(f: () => Tensor, arr: Float32Array, dOut: Tensor, h = 1e-2): Float64Array {
  const g = new Float64Array(arr.length);
  const loss = () => {
    const y = f().data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * dOut.data[i];
    return s;
  };
  for (let i = 0; i < arr.length; i++) {
    const keep = arr[i];
    arr[i] = keep + h;
    const up = loss();
    arr[i] = keep - h;
    const down = loss();
    arr[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

describe('multiHeadAttention.backward equals finite differences', () => {
  it('self-attention, GQA, RoPE, causal: dx and every projection', () => {
    const mha = multiHeadAttention({
      dModel: 6,
      heads: 4,
      kvHeads: 2,
      headDim: 4,
      attention: reference,
      seed: 3,
      positional: { rope: rope() },
    });
    const x = randn([2, 5, 6], 1);
    const dOut = randn([2, 5, 6], 2);
    const options = { causal: true };
    const g = mha.backward(x, null, dOut, options);
    expect(g.dContext).toBeNull();
    const f = () => mha.forward(x, null, options);
    expect(relativeError(g.dx.data, numeric(f, x.data, dOut))).toBeLessThan(1e-3);
    for (const name of ['wq', 'wk', 'wv', 'wo'] as const)
      expect(relativeError(g.dWeights[name], numeric(f, mha.weights[name], dOut))).toBeLessThan(
        1e-3,
      );
  });
  it('cross-attention with absolute positions and padding: dx, dContext, projections', () => {
    const mha = multiHeadAttention({
      dModel: 4,
      heads: 2,
      attention: reference,
      seed: 5,
      positional: { absolute: sinusoidalEncoding(7, 4) },
    });
    const x = randn([2, 3, 4], 3);
    const ctx = randn([2, 7, 4], 4);
    const dOut = randn([2, 3, 4], 5);
    const options = { keyLengths: [7, 2] };
    const g = mha.backward(x, ctx, dOut, options);
    const f = () => mha.forward(x, ctx, options);
    expect(relativeError(g.dx.data, numeric(f, x.data, dOut))).toBeLessThan(1e-3);
    expect(relativeError(g.dContext!.data, numeric(f, ctx.data, dOut))).toBeLessThan(1e-3);
    for (const name of ['wq', 'wk', 'wv', 'wo'] as const)
      expect(relativeError(g.dWeights[name], numeric(f, mha.weights[name], dOut))).toBeLessThan(
        1e-3,
      );
  });
  it('refuses an attention variant without backward (UNSUPPORTED)', () => {
    const plain = { name: 'plain', forward: reference.forward } as unknown as AttentionVariant;
    const mha = multiHeadAttention({ dModel: 4, heads: 2, attention: plain });
    const x = randn([1, 3, 4], 1);
    expect(() => mha.backward(x, null, randn([1, 3, 4], 2))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
  });
});
