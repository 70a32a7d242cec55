import { describe, expect, it } from 'vitest';
import { multiHeadAttention } from './multihead.ts';
import { referenceAttention } from './reference.ts';
import { randn, type Tensor } from './tensor.ts';
import { assertClose } from './testing/compare.ts';
import type { AttentionVariant } from './types.ts';

const refVariant = {
  name: 'reference',
  forward: (q: Tensor, k: Tensor, v: Tensor, o?: object) => {
    const out = referenceAttention(q, k, v, o).output;
    return { data: Float32Array.from(out.data), shape: out.shape };
  },
} as unknown as AttentionVariant;

/** Composition by hand, per token and head, in float64. */
function byHand(
  x: Tensor,
  ctx: Tensor,
  w: ReturnType<typeof multiHeadAttention>['weights'],
  H: number,
  Hkv: number,
  Dh: number,
  causal: boolean,
) {
  const [B, N, dm] = x.shape;
  const M = ctx.shape[1];
  const proj = (src: Tensor, rows: number, W: Float32Array, out: number) => {
    const y = new Float64Array(B * rows * out);
    for (let r = 0; r < B * rows; r++)
      for (let o = 0; o < out; o++)
        for (let c = 0; c < dm; c++) y[r * out + o] += src.data[r * dm + c] * W[c * out + o];
    return y;
  };
  const q = proj(x, N, w.wq, H * Dh);
  const k = proj(ctx, M, w.wk, Hkv * Dh);
  const v = proj(ctx, M, w.wv, Hkv * Dh);
  const heads = new Float64Array(B * N * H * Dh);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / (H / Hkv));
      for (let i = 0; i < N; i++) {
        const s: number[] = [];
        for (let j = 0; j < M; j++) {
          let d = 0;
          for (let t = 0; t < Dh; t++)
            d += q[(b * N + i) * H * Dh + h * Dh + t] * k[(b * M + j) * Hkv * Dh + hk * Dh + t];
          s.push(causal && j > i + M - N ? -Infinity : d / Math.sqrt(Dh));
        }
        const mx = Math.max(...s);
        const e = s.map((z) => Math.exp(z - mx));
        const sum = e.reduce((a, z) => a + z, 0);
        for (let j = 0; j < M; j++)
          for (let t = 0; t < Dh; t++)
            heads[(b * N + i) * H * Dh + h * Dh + t] +=
              (e[j] / sum) * v[(b * M + j) * Hkv * Dh + hk * Dh + t];
      }
    }
  const out = new Float64Array(B * N * dm);
  for (let r = 0; r < B * N; r++)
    for (let o = 0; o < dm; o++)
      for (let c = 0; c < H * Dh; c++) out[r * dm + o] += heads[r * H * Dh + c] * w.wo[c * dm + o];
  return out;
}

describe('multi-head attention module', () => {
  it('self-attention with GQA equals the composition by hand', () => {
    const mha = multiHeadAttention({
      dModel: 12,
      heads: 4,
      kvHeads: 2,
      attention: refVariant,
      seed: 3,
    });
    const x = randn([2, 9, 12], 1);
    const out = mha.forward(x, null, { causal: true });
    expect(out.shape).toEqual([2, 9, 12]);
    assertClose(out.data, byHand(x, x, mha.weights, 4, 2, 3, true), { atol: 1e-5 });
  });
  it('cross-attention takes keys and values from the context', () => {
    const mha = multiHeadAttention({
      dModel: 8,
      heads: 2,
      headDim: 5,
      attention: refVariant,
      seed: 4,
    });
    const x = randn([1, 3, 8], 2);
    const ctx = randn([1, 7, 8], 3);
    assertClose(mha.forward(x, ctx).data, byHand(x, ctx, mha.weights, 2, 2, 5, false), {
      atol: 1e-5,
    });
  });
  it('refuses bad config and input with AttentionError', () => {
    expect(() => multiHeadAttention({ dModel: 8, heads: 3, attention: refVariant })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    expect(() =>
      multiHeadAttention({ dModel: 8, heads: 4, kvHeads: 3, attention: refVariant }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    const mha = multiHeadAttention({ dModel: 8, heads: 2, attention: refVariant });
    expect(() => mha.forward(randn([1, 3, 7], 1))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() =>
      multiHeadAttention({
        dModel: 8,
        heads: 2,
        attention: refVariant,
        weights: { wq: new Float32Array(3) },
      }),
    ).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', argument: 'weights.wq' }));
  });
});

describe('multi-head positional option', () => {
  it('RoPE rotates q and k per head before attention; absolute tables are added to x', async () => {
    const { rope } = await import('./positional/rope.ts');
    const { sinusoidalEncoding, addPositions } = await import('./positional/absolute.ts');
    const r = rope();
    const table = sinusoidalEncoding(16, 8);
    let seen: Tensor[] = [];
    const spy = {
      name: 'spy',
      forward: (q: Tensor, k: Tensor, v: Tensor, o?: object) => {
        seen = [q, k, v];
        return refVariant.forward(q, k, v, o);
      },
    } as unknown as AttentionVariant;
    const plain = multiHeadAttention({ dModel: 8, heads: 2, attention: spy, seed: 5 });
    const x = randn([1, 6, 8], 6);
    plain.forward(addPositions(x, table));
    const [q0, k0, v0] = seen;
    const mha = multiHeadAttention({
      dModel: 8,
      heads: 2,
      attention: spy,
      seed: 5,
      positional: { rope: r, absolute: table },
    });
    mha.forward(x);
    expect(Array.from(seen[0].data)).toEqual(Array.from(r.apply(q0).data));
    expect(Array.from(seen[1].data)).toEqual(Array.from(r.apply(k0).data));
    expect(Array.from(seen[2].data)).toEqual(Array.from(v0.data));
    expect(() => mha.forward(x, randn([1, 3, 8], 7))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
  });
});
