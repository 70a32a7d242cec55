import { AttentionError, randn, referenceAttention, type Tensor } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { availableBackends } from './backend.ts';
import { kvCacheDecoder } from './kv-cache-decoder.ts';

/** Row t of a [B, H, N, X] tensor as the [B, H, 1, X] step input. */
function rowAt(x: Tensor, t: number): Tensor {
  const [B, H, N, X] = x.shape;
  const data = new Float32Array(B * H * X);
  for (let bh = 0; bh < B * H; bh++)
    data.set(x.data.subarray((bh * N + t) * X, (bh * N + t + 1) * X), bh * X);
  return { data, shape: [B, H, 1, X] };
}

// 300 steps cross the 256-key block and three cache growths (64 → 512); GQA groups of 2.
describe.each(availableBackends().map((k) => [k.name, k] as const))(
  'kvCacheDecoder on %s',
  (_, kernels) => {
    it('each step equals the float64 causal reference row, through growth and key blocks', () => {
      const [B, H, Hkv, N, D, Dv] = [2, 4, 2, 300, 5, 3];
      const q = randn([B, H, N, D], 1);
      const k = randn([B, Hkv, N, D], 2);
      const v = randn([B, Hkv, N, Dv], 3);
      const want = referenceAttention(q, k, v, { causal: true, scale: 0.3 }).output;
      const dec = kvCacheDecoder(
        kernels,
        { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv },
        { scale: 0.3 },
        () => {
          throw new Error('no score bias here: the fallback must not run');
        },
      );
      for (let t = 0; t < N; t++) {
        const out = dec.step(rowAt(q, t), rowAt(k, t), rowAt(v, t));
        if (t % 37 !== 0 && t !== N - 1) continue;
        const row = rowAt({ data: Float32Array.from(want.data), shape: want.shape }, t);
        assertClose(out.data, row.data, { atol: 2e-5, rtol: 2e-5 });
      }
      expect(dec.position).toBe(N);
      dec.reset();
      expect(dec.position).toBe(0);
      // After reset the one cached key gets all the weight: each head returns its kv head's v.
      const first = dec.step(rowAt(q, 5), rowAt(k, 5), rowAt(v, 5));
      const v5 = rowAt(v, 5).data;
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++)
          for (let t = 0; t < Dv; t++)
            expect(first.data[(b * H + h) * Dv + t]).toBeCloseTo(
              v5[(b * Hkv + Math.floor(h / 2)) * Dv + t],
              6,
            );
    });

    it('prefill(k, v) then a step equals the reference row after the prompt; bad shapes refused', () => {
      const [B, H, Hkv, N, D, Dv] = [1, 8, 2, 281, 4, 6];
      const q = randn([B, H, N, D], 4);
      const k = randn([B, Hkv, N, D], 5);
      const v = randn([B, Hkv, N, Dv], 6);
      const want = referenceAttention(q, k, v, { causal: true }).output;
      const prompt = (x: Tensor, dim: number): Tensor => {
        const data = new Float32Array(B * Hkv * (N - 1) * dim);
        for (let bk = 0; bk < B * Hkv; bk++)
          data.set(x.data.subarray(bk * N * dim, (bk * N + N - 1) * dim), bk * (N - 1) * dim);
        return { data, shape: [B, Hkv, N - 1, dim] };
      };
      const shape = { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv };
      const dec = kvCacheDecoder(kernels, shape, undefined, () => {
        throw new Error('unused');
      });
      dec.prefill(prompt(k, D), prompt(v, Dv));
      const out = dec.step(rowAt(q, N - 1), rowAt(k, N - 1), rowAt(v, N - 1));
      const row = rowAt({ data: Float32Array.from(want.data), shape: want.shape }, N - 1);
      assertClose(out.data, row.data, { atol: 2e-5, rtol: 2e-5 });
      expect(dec.position).toBe(N);
      expect(() => dec.prefill(prompt(k, D), prompt(k, D))).toThrow(AttentionError);
    });
  },
);
