import { describe, expect, it } from 'vitest';
import { AttentionError } from './errors.ts';
import { referenceAttention } from './reference.ts';
import { referenceRows } from './reference-rows.ts';
import { randn } from './tensor.ts';

describe('referenceRows', () => {
  const q = randn([2, 4, 33, 5], 1);
  const k = randn([2, 2, 40, 5], 2);
  const v = randn([2, 2, 40, 3], 3);

  for (const causal of [false, true])
    it(`equals referenceAttention on the chosen rows (GQA, cross, causal ${causal})`, () => {
      const full = referenceAttention(q, k, v, { causal }, true);
      const rows = Int32Array.from([0, 7, 32, 33, 100, 263]);
      const ref = referenceRows(q, k, v, rows, { causal }, true);
      rows.forEach((r, s) => {
        for (let t = 0; t < 3; t++)
          expect(ref.values[s * 3 + t]).toBeCloseTo(full.output.data[r * 3 + t], 12);
        for (let j = 0; j < 40; j++)
          expect(ref.weights![s * 40 + j]).toBeCloseTo(full.weights!.data[r * 40 + j], 12);
      });
    });

  it('restricted to a support, equals the reference under that mask', () => {
    const keep = (j: number) => j % 3 === 0;
    const full = referenceAttention(q, k, v, { mask: (_b, _h, _i, j) => keep(j) });
    const cols = Int32Array.from({ length: 14 }, (_, c) => 3 * c);
    const ref = referenceRows(q, k, v, Int32Array.from([5, 70]), { support: () => cols });
    for (let t = 0; t < 3; t++) {
      expect(ref.values[t]).toBeCloseTo(full.output.data[5 * 3 + t], 12);
      expect(ref.values[3 + t]).toBeCloseTo(full.output.data[70 * 3 + t], 12);
    }
    expect(ref.weights).toBeNull();
  });

  it('refuses a row outside the tensor', () => {
    expect(() => referenceRows(q, k, v, Int32Array.from([264]))).toThrow(AttentionError);
  });
});
