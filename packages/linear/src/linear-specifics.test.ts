import { AttentionError, parseSpec, randn } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { featureSettings, type LinearConfig, linear, linearDefinition } from './linear.ts';
import { naiveLinear } from './naive.ts';

const MAPS: LinearConfig[] = [
  { featureMap: 'elu' },
  { featureMap: 'relu' },
  { featureMap: 'favor', features: 48, seed: 2 },
];

describe('linear fast paths against the naive form', () => {
  // N = 300 with chunks of 7, 64 and 128: no chunk divides N; Nq ≠ Nk (bottom-right) and padding.
  for (const config of MAPS)
    for (const chunk of [7, 64, 128])
      it(`${config.featureMap}, chunk ${chunk}: causal and bidirectional, self and cross`, () => {
        const variant = linear({ ...config, chunk });
        for (const [nq, nk] of [
          [300, 300],
          [120, 300],
          [300, 131],
        ]) {
          const q = randn([2, 2, nq, 24], 1);
          const k = randn([2, 1, nk, 24], 2);
          const v = randn([2, 1, nk, 10], 3);
          for (const causal of [false, true]) {
            const options = { causal, keyLengths: new Int32Array([nk, Math.floor(nk / 3)]) };
            const want = naiveLinear(q, k, v, options, featureSettings(config)).output.data;
            const got = variant.forward(q, k, v, options).data;
            const tol =
              config.featureMap === 'favor'
                ? { atol: 5e-6, rtol: 1e-5 }
                : { atol: 1e-6, rtol: 1e-5 };
            assertClose(got, want, { ...tol, label: `Nq ${nq} Nk ${nk} causal ${causal}` });
          }
        }
      });
});

describe('linear specifics', () => {
  it('a causal row that sees no key (Nk < Nq, bottom-right) is zeros, not NaN', () => {
    const q = randn([1, 1, 10, 8], 1);
    const k = randn([1, 1, 4, 8], 2);
    const out = linear({ featureMap: 'relu' }).forward(q, k, k, { causal: true });
    expect(out.data.subarray(0, 6 * 8).every((x) => x === 0)).toBe(true);
    expect(out.data.subarray(6 * 8).some((x) => x !== 0)).toBe(true);
  });

  it('relu: a query with no positive overlap (normaliser 0) yields zeros', () => {
    const q = { data: Float32Array.from([-1, -2]), shape: [1, 1, 1, 2] };
    const k = { data: Float32Array.from([1, 3, 2, 1]), shape: [1, 1, 2, 2] };
    expect(Array.from(linear({ featureMap: 'relu' }).forward(q, k, k).data)).toEqual([0, 0]);
  });

  it('decoder state stays m·Dv per kv head and its steps equal the causal forward past several chunks', () => {
    const config: LinearConfig = { featureMap: 'favor', features: 40, chunk: 16 };
    const T = 70;
    const q = randn([1, 2, T, 8], 4);
    const k = randn([1, 1, T, 8], 5);
    const v = randn([1, 1, T, 6], 6);
    const variant = linear(config);
    const whole = variant.forward(q, k, v, { causal: true }).data;
    const dec = variant.decoder!({ batch: 1, heads: 2, kvHeads: 1, headDim: 8, valueDim: 6 });
    const at = (t: typeof q, i: number) => {
      const [B, H, N, D] = t.shape;
      const data = new Float32Array(B * H * D);
      for (let h = 0; h < B * H; h++)
        data.set(t.data.subarray((h * N + i) * D, (h * N + i + 1) * D), h * D);
      return { data, shape: [B, H, 1, D] };
    };
    for (let i = 0; i < T; i++) {
      const o = dec.step(at(q, i), at(k, i), at(v, i));
      for (let h = 0; h < 2; h++)
        assertClose(
          o.data.subarray(h * 6, (h + 1) * 6),
          whole.subarray((h * T + i) * 6, (h * T + i + 1) * 6),
          {
            atol: 2e-5,
            rtol: 1e-5,
          },
        );
    }
    expect(() =>
      variant.decoder!(
        { batch: 1, heads: 2, kvHeads: 1, headDim: 8, valueDim: 6 },
        { scoreBias: { kind: 'alibi', slopes: Float32Array.of(1, 1) } },
      ),
    ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('weights() refuses a dense map above the memory budget; forward refuses a predicted peak above it', () => {
    const q = randn([1, 1, 64, 8], 1);
    expect(() => linear({ memoryBudget: 1000 }).weights!(q, q)).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET' }),
    );
    expect(() => linear({ memoryBudget: 1000 }).forward(q, q, q)).toThrow(AttentionError);
  });

  it('refuses unknown keys and bad values', () => {
    for (const bad of [
      { featurs: 3 },
      { featureMap: 'softmax' },
      { features: 0 },
      { chunk: 0 },
      { stabilizer: -1 },
      { orthogonal: 'yes' },
      { seed: 1.5 },
    ])
      expect(() => linear(bad as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
  });

  it('spec strings parse to the same config', () => {
    const parsed = parseSpec('linear:featureMap=favor,features=64,seed=3,orthogonal=false', [
      linearDefinition,
    ]);
    const variant = linearDefinition.create(parsed.config);
    expect(variant.config).toMatchObject({
      featureMap: 'favor',
      features: 64,
      seed: 3,
      orthogonal: false,
    });
  });

  it('cost grows linearly in N and is the same causal or not', () => {
    const shape = (n: number) => ({
      batch: 1,
      heads: 1,
      kvHeads: 1,
      queryLength: n,
      keyLength: n,
      headDim: 64,
      valueDim: 64,
    });
    const v = linear({ featureMap: 'favor', features: 64 });
    expect(v.cost(shape(2048)).flops).toBe(2 * v.cost(shape(1024)).flops);
    expect(v.cost(shape(1024), { causal: true }).flops).toBe(v.cost(shape(1024)).flops);
    // Scratch does not grow with N: peak is output + O(chunk·m + m·Dv).
    const extra = v.cost(shape(2048)).peakBytes - 2 * v.cost(shape(1024)).peakBytes;
    expect(extra).toBeLessThan(0);
  });
});
