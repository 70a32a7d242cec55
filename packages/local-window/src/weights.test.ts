import { AttentionError, randn, referenceAttention, t5Bias } from '@attnkit/core';
import { assertClose, denseWeights } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { bandPairs } from './cost.ts';
import { localWindow } from './local-window.ts';
import { bandMask } from './naive.ts';

for (const backend of backendChoices()) {
  describe(`weights() as sparse rows (${backend})`, () => {
    const N = 120;
    const q = randn([2, 2, N, 8], 1);
    const k = randn([2, 1, N, 8], 2);
    for (const band of [
      { left: 3, right: 3, dilation: 1 },
      { left: 4, right: 2, dilation: 3 },
      { left: 0, right: 0, dilation: 1 },
    ])
      for (const causal of [false, true])
        it(`${JSON.stringify(band)} causal ${causal}: the band's keys, the reference's weights`, () => {
          const options = { causal, keyLengths: [N, 50] };
          const w = localWindow({ ...band, block: 16, backend }).weights(q, k, options);
          if (w.kind !== 'csr') throw new Error('expected CSR');
          const mask = bandMask({ queryLength: N, keyLength: N }, band);
          // Exactly the visible keys, ascending: nothing outside the band is stored.
          for (let b = 0; b < 2; b++)
            for (let i = 0; i < N; i++) {
              const row = b * 2 * N + i;
              const want: number[] = [];
              for (let j = 0; j < N; j++)
                if (mask(b, 0, i, j) && j < options.keyLengths[b] && (!causal || j <= i))
                  want.push(j);
              expect([...w.colIdx.subarray(w.rowPtr[row], w.rowPtr[row + 1])]).toEqual(want);
            }
          const ref = referenceAttention(q, k, k, { ...options, mask }, true).weights!;
          assertClose(denseWeights(w), ref.data, { atol: 2e-5 });
        });

    const biases = [
      { kind: 'alibi' as const, slopes: Float32Array.from([0.5, 0.125]) },
      t5Bias({ heads: 2, maxDistance: 6, seed: 4 }),
      {
        kind: 'function' as const,
        fn: (b: number, h: number, i: number, j: number) => 0.1 * (b + h) - 0.02 * Math.abs(i - j),
      },
    ];
    for (const [band, scoreBias] of [
      [{ left: 5, right: 2, dilation: 1 }, biases[0]],
      [{ left: 5, right: 2, dilation: 3 }, biases[0]],
      [{ left: 4, right: 4, dilation: 2 }, biases[1]],
      [{ left: 3, right: 1, dilation: 3 }, biases[2]],
    ] as const)
      it(`applies a ${scoreBias.kind} score bias, ${JSON.stringify(band)}, exactly as the reference does`, () => {
        for (const causal of [false, true]) {
          const options = { causal, keyLengths: [N, 70], scoreBias };
          const w = localWindow({ ...band, block: 16, backend }).weights(q, k, options);
          const mask = bandMask({ queryLength: N, keyLength: N }, band);
          const ref = referenceAttention(q, k, k, { ...options, mask }, true).weights!;
          assertClose(denseWeights(w), ref.data, { atol: 2e-5 });
        }
      });

    it('stores O(N·w) entries, not N²', () => {
      const n = 2000;
      const x = randn([1, 1, n, 4], 3);
      const band = { left: 8, right: 8, dilation: 1 };
      const w = localWindow({ window: 8, backend }).weights(x, x);
      if (w.kind !== 'csr') throw new Error('expected CSR');
      expect(w.values.length).toBe(bandPairs(n, n, band, false));
      expect(w.values.length).toBeLessThanOrEqual(n * 17);
    });

    it('refuses (MEMORY_BUDGET) a band too large for Int32 row pointers, before allocating it', () => {
      const x = randn([1, 1, 50_000, 1], 4);
      let caught: unknown;
      try {
        localWindow({ window: 100_000, backend }).weights(x, x);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AttentionError);
      expect((caught as AttentionError).code).toBe('MEMORY_BUDGET');
    });
  });
}
