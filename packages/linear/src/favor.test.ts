import { randn } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { approximationError } from './approximation.ts';
import { linear } from './linear.ts';

const d = 32;
const n = 96;
/** Unit-normal q, k scaled by d^-1/4 (then the default scale 1/√d), v unit-normal. */
const inputs = (seed: number) => ({
  q: randn([1, 2, n, d], 100 + seed, d ** -0.25),
  k: randn([1, 2, n, d], 200 + seed, d ** -0.25),
  v: randn([1, 2, n, d], 300 + seed),
});

function meanError(features: number, causal: boolean): number {
  let sum = 0;
  const seeds = 6;
  for (let s = 0; s < seeds; s++) {
    const { q, k, v } = inputs(s);
    sum += approximationError(q, k, v, {
      causal,
      variant: { featureMap: 'favor', features, seed: 1000 + s },
    }).meanRowRelative;
  }
  return sum / seeds;
}

describe('FAVOR+ against exact softmax attention', () => {
  it.each([false, true])(
    'mean relative error at least halves from m = 16 to m = 256 (causal %s)',
    (causal) => {
      const e16 = meanError(16, causal);
      const e256 = meanError(256, causal);
      expect(e256).toBeLessThan(e16 / 2);
      // A real approximation: far from the trivial error 1 of an all-zero output.
      expect(e256).toBeLessThan(0.3);
    },
  );

  it('inputs of norm up to 10 give finite outputs, never an all-zero row', () => {
    for (const norm of [1, 3, 10]) {
      const raw = randn([1, 1, 64, d], 7);
      for (let i = 0; i < 64; i++) {
        const row = raw.data.subarray(i * d, (i + 1) * d);
        const len = Math.hypot(...row);
        for (let t = 0; t < d; t++) row[t] *= norm / len;
      }
      const k = randn([1, 1, 64, d], 8, 1);
      for (let i = 0; i < 64; i++) {
        const row = k.data.subarray(i * d, (i + 1) * d);
        const len = Math.hypot(...row);
        for (let t = 0; t < d; t++) row[t] *= norm / len;
      }
      const v = randn([1, 1, 64, d], 9);
      for (const scale of [undefined, 1]) {
        for (const causal of [false, true]) {
          const out = linear({ featureMap: 'favor', features: 64 }).forward(raw, k, v, {
            causal,
            scale,
          });
          expect(out.data.every(Number.isFinite)).toBe(true);
          for (let i = 0; i < 64; i++)
            expect(out.data.subarray(i * d, (i + 1) * d).some((x) => x !== 0)).toBe(true);
        }
      }
    }
  });

  it('redraw() draws new features: same seed reproduces, another seed changes the output', () => {
    const { q, k, v } = inputs(0);
    const a = linear({ featureMap: 'favor', features: 32, seed: 5 });
    const first = a.forward(q, k, v).data;
    a.redraw();
    expect(a.config.seed).toBe(6);
    const second = a.forward(q, k, v).data;
    expect(second).not.toEqual(first);
    a.redraw(5);
    expect(a.forward(q, k, v).data).toEqual(first);
    expect(() => a.redraw(-1)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
