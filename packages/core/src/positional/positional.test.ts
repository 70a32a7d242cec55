import { describe, expect, it } from 'vitest';
import { randn } from '../tensor.ts';
import { addPositions, learnedPositions, sinusoidalEncoding } from './absolute.ts';
import { alibiSlopes } from './alibi.ts';
import { shawBias, t5Bias, t5RelativeBucket } from './relative.ts';
import { rope } from './rope.ts';

const dot = (a: Float32Array, ao: number, b: Float32Array, bo: number, d: number) => {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[ao + t] * b[bo + t];
  return s;
};

describe('RoPE', () => {
  it.each([{ interleaved: false }, { interleaved: true }])(
    'q·k depends only on i − j (%o)',
    ({ interleaved }) => {
      const r = rope({ interleaved });
      const q = randn([1, 1, 1, 16], 1);
      const k = randn([1, 1, 1, 16], 2);
      for (const [i, j, shift] of [
        [5, 2, 7],
        [0, 9, 100],
        [31, 31, 3],
      ]) {
        const a = dot(r.apply(q, i).data, 0, r.apply(k, j).data, 0, 16);
        const b = dot(r.apply(q, i + shift).data, 0, r.apply(k, j + shift).data, 0, 16);
        expect(a).toBeCloseTo(b, 4);
      }
      // And it does depend on the distance.
      expect(dot(r.apply(q, 3).data, 0, r.apply(k, 0).data, 0, 16)).not.toBeCloseTo(
        dot(q.data, 0, k.data, 0, 16),
        2,
      );
    },
  );
  it('position 0 is the identity; norms are preserved; offset equals slicing the longer sequence', () => {
    const r = rope();
    const x = randn([2, 2, 6, 8], 3);
    expect(Array.from(r.apply(x).data.subarray(0, 8))).toEqual(Array.from(x.data.subarray(0, 8)));
    const y = r.apply(x, 4);
    for (let row = 0; row < 24; row++)
      expect(dot(y.data, row * 8, y.data, row * 8, 8)).toBeCloseTo(
        dot(x.data, row * 8, x.data, row * 8, 8),
        4,
      );
    const one = randn([1, 1, 1, 8], 4);
    const long = { data: new Float32Array(8 * 5), shape: [1, 1, 5, 8] };
    long.data.set(one.data, 4 * 8);
    expect(Array.from(r.apply(one, 4).data)).toEqual(
      Array.from(r.apply(long).data.subarray(32, 40)),
    );
  });
  it('fraction rotates only the first dims', () => {
    const r = rope({ fraction: 0.5 });
    expect(r.rotatedDims(10)).toBe(4);
    const x = randn([1, 1, 1, 10], 5);
    const y = r.apply(x, 7);
    expect(Array.from(y.data.subarray(4))).toEqual(Array.from(x.data.subarray(4)));
    expect(y.data[0]).not.toBe(x.data[0]);
  });
  it('refuses bad config', () => {
    expect(() => rope({ fraction: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    expect(() => rope({ base: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => rope().apply(randn([1, 1, 2, 4], 1), -1)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});

describe('ALiBi slopes', () => {
  it('are the geometric sequence for powers of two and interleave otherwise', () => {
    expect(Array.from(alibiSlopes(8))).toEqual([
      1 / 2,
      1 / 4,
      1 / 8,
      1 / 16,
      1 / 32,
      1 / 64,
      1 / 128,
      1 / 256,
    ]);
    expect(Array.from(alibiSlopes(6))).toEqual([
      2 ** -2,
      2 ** -4,
      2 ** -6,
      2 ** -8,
      2 ** -1,
      2 ** -3,
    ]);
    expect(alibiSlopes(1)[0]).toBe(2 ** -8);
  });
});

describe('relative position bias', () => {
  it('T5 buckets match the reference implementation on known points', () => {
    const cases: [number, boolean, number][] = [
      [0, true, 0],
      [1, true, 17],
      [-1, true, 1],
      [-8, true, 8],
      [-200, true, 15],
      [200, true, 31],
      [-7, true, 7],
      [3, false, 0],
      [-3, false, 3],
      [-20, false, 17],
      [-1000, false, 31],
    ];
    for (const [rel, bidirectional, bucket] of cases)
      expect(t5RelativeBucket(rel, bidirectional, 32, 128)).toBe(bucket);
  });
  it('T5 table expands buckets per distance; Shaw keeps one learned value per clipped distance', () => {
    const weights = Float32Array.from({ length: 2 * 32 }, (_, i) => i);
    const t5 = t5Bias({ heads: 2, maxDistance: 128, weights });
    if (t5.kind !== 'relative') throw new Error('kind');
    expect(t5.table[128]).toBe(0); // rel 0, head 0 → bucket 0
    expect(t5.table[257 + 128 + 1]).toBe(32 + 17); // head 1, rel +1 → bucket 17
    const shaw = shawBias({ heads: 3, maxDistance: 4, seed: 1 });
    if (shaw.kind !== 'relative') throw new Error('kind');
    expect(shaw.table.length).toBe(3 * 9);
    expect(() => shawBias({ heads: 2, maxDistance: 4, weights: new Float32Array(3) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('absolute positions', () => {
  it('sinusoidal: sin at even dims, cos at odd, with offsets', () => {
    const pe = sinusoidalEncoding(3, 4);
    expect(Array.from(pe.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(pe[4]).toBeCloseTo(Math.sin(1), 6);
    expect(pe[6]).toBeCloseTo(Math.sin(1 / 100), 6);
    expect(Array.from(sinusoidalEncoding(1, 4, 2))).toEqual(Array.from(pe.subarray(8, 12)));
  });
  it('addPositions adds table rows from the offset and refuses to run past the table', () => {
    const table = learnedPositions(5, 3, 1);
    const x = randn([2, 2, 3], 2);
    const y = addPositions(x, table, 3);
    expect(y.data[3 + 1] - x.data[3 + 1]).toBeCloseTo(table[4 * 3 + 1], 6);
    expect(() => addPositions(x, table, 4)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
