import { randn, type Tensor } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked } from './chunked.ts';
import { mergePartials, type PartialAttention } from './merge.ts';

/** Keys [from, to) of a [B, Hkv, N, D] tensor. */
function keyRange(t: Tensor, from: number, to: number): Tensor {
  const [B, H, N, D] = t.shape;
  const data = new Float32Array(B * H * (to - from) * D);
  for (let bh = 0; bh < B * H; bh++)
    data.set(t.data.subarray((bh * N + from) * D, (bh * N + to) * D), bh * (to - from) * D);
  return { data, shape: [B, H, to - from, D] };
}

const expectLseClose = (actual: Float32Array, expected: Float32Array) => {
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === Number.NEGATIVE_INFINITY) expect(actual[i]).toBe(expected[i]);
    else expect(Math.abs(actual[i] - expected[i])).toBeLessThan(2e-6 * (1 + Math.abs(expected[i])));
  }
};

describe('mergePartials', () => {
  const variant = chunked({ queryBlock: 16, keyBlock: 8 });
  const q = randn([2, 4, 37, 16], 1);
  const k = randn([2, 2, 90, 16], 2);
  const v = randn([2, 2, 90, 12], 3);

  it('two key halves merged equal attention over all keys (GQA, uneven split)', () => {
    const whole = variant.forwardWithLogSumExp(q, k, v);
    const parts = [
      [0, 41],
      [41, 90],
    ].map(([a, b]) => variant.forwardWithLogSumExp(q, keyRange(k, a, b), keyRange(v, a, b)));
    const merged = mergePartials(parts);
    expect(merged.output.shape).toEqual([2, 4, 37, 12]);
    assertClose(merged.output.data, whole.output.data);
    expectLseClose(merged.logSumExp, whole.logSumExp);
  });

  it('merging with a fully masked (empty) part is the identity', () => {
    const part = variant.forwardWithLogSumExp(q, k, v);
    const empty = variant.forwardWithLogSumExp(q, k, v, { keyLengths: [0, 0] });
    expect(empty.logSumExp.every((x) => x === Number.NEGATIVE_INFINITY)).toBe(true);
    expect(empty.output.data.every((x) => x === 0)).toBe(true);
    for (const parts of [
      [part, empty],
      [empty, part],
    ]) {
      const merged = mergePartials(parts);
      assertClose(merged.output.data, part.output.data, { atol: 1e-6 });
      expectLseClose(merged.logSumExp, part.logSumExp);
    }
    const none = mergePartials([empty, empty]);
    expect(none.output.data.every((x) => x === 0)).toBe(true);
    expect(none.logSumExp.every((x) => x === Number.NEGATIVE_INFINITY)).toBe(true);
  });

  it('property: any split of the keys into ranges, in any order, merges to the whole', () => {
    fc.assert(
      fc.property(
        fc.record({
          Nk: fc.integer({ min: 2, max: 60 }),
          Nq: fc.integer({ min: 1, max: 20 }),
          cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
          reverse: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
          scale: fc.constantFrom(1, 8),
          padded: fc.boolean(),
        }),
        (r) => {
          const qq = randn([1, 2, r.Nq, 8], r.seed, r.scale);
          const kk = randn([1, 1, r.Nk, 8], r.seed + 1, r.scale);
          const vv = randn([1, 1, r.Nk, 4], r.seed + 2);
          const length = r.padded ? Math.floor(r.Nk / 2) : r.Nk;
          const bounds = [
            0,
            ...r.cuts.map((c) => Math.floor(c * r.Nk)).sort((a, b) => a - b),
            r.Nk,
          ];
          const parts: PartialAttention[] = [];
          for (let p = 0; p + 1 < bounds.length; p++) {
            const [a, b] = [bounds[p], bounds[p + 1]];
            if (a === b) continue;
            const visible = Math.max(0, Math.min(b, length) - a);
            parts.push(
              variant.forwardWithLogSumExp(qq, keyRange(kk, a, b), keyRange(vv, a, b), {
                keyLengths: [visible],
              }),
            );
          }
          if (r.reverse) parts.reverse();
          const whole = variant.forwardWithLogSumExp(qq, kk, vv, { keyLengths: [length] });
          const merged = mergePartials(parts);
          assertClose(merged.output.data, whole.output.data);
          expectLseClose(merged.logSumExp, whole.logSumExp);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('refuses mismatched or broken parts', () => {
    const a = variant.forwardWithLogSumExp(q, k, v);
    const other = variant.forwardWithLogSumExp(randn([2, 4, 36, 16], 4), k, v);
    expect(() => mergePartials([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => mergePartials([a, other])).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', argument: 'parts[1].output.shape' }),
    );
    expect(() => mergePartials([{ ...a, logSumExp: a.logSumExp.subarray(1) }])).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', argument: 'parts[0].logSumExp' }),
    );
    const nan = a.logSumExp.slice();
    nan[5] = Number.NaN;
    expect(() => mergePartials([a, { ...a, logSumExp: nan }])).toThrow(
      expect.objectContaining({ code: 'NON_FINITE', argument: 'parts[1].logSumExp[5]' }),
    );
  });
});
