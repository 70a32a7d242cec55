import { describe, expect, it } from 'vitest';
import { referenceAttention } from './reference.ts';
import { randn, type Tensor, tensor } from './tensor.ts';

const T = (shape: number[], values: number[]): Tensor => tensor(Float32Array.from(values), shape);

describe('float64 reference', () => {
  it('2×2 by hand', () => {
    // q = [[1, 0], [0, 1]], k = [[1, 0], [0, 1]], scale 1: row 0 scores (1, 0) → softmax (e/(e+1), 1/(e+1)).
    const q = T([1, 1, 2, 2], [1, 0, 0, 1]);
    const v = T([1, 1, 2, 2], [10, 0, 0, 20]);
    const { output, weights } = referenceAttention(q, q, v, { scale: 1 }, true);
    const a = Math.E / (Math.E + 1);
    expect(Array.from(weights!.data)).toEqual(
      [a, 1 - a, 1 - a, a].map((x) => expect.closeTo(x, 12)),
    );
    expect(output.data[0]).toBeCloseTo(10 * a, 12);
    expect(output.data[1]).toBeCloseTo(20 * (1 - a), 12);
    expect(output.data[2]).toBeCloseTo(10 * (1 - a), 12);
    expect(output.data[3]).toBeCloseTo(20 * a, 12);
  });

  it('q = 0 gives the mean of v', () => {
    const q = T([1, 1, 1, 3], [0, 0, 0]);
    const k = randn([1, 1, 5, 3], 1);
    const v = randn([1, 1, 5, 2], 2);
    const out = referenceAttention(q, k, v).output.data;
    for (let t = 0; t < 2; t++) {
      let mean = 0;
      for (let j = 0; j < 5; j++) mean += v.data[j * 2 + t] / 5;
      expect(out[t]).toBeCloseTo(mean, 6);
    }
  });

  it('a one-hot match retrieves its value exactly', () => {
    const k = T([1, 1, 3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const q = T([1, 1, 1, 3], [0, 1000, 0]);
    const v = T([1, 1, 3, 2], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(referenceAttention(q, k, v, { scale: 1 }).output.data)).toEqual([3, 4]);
  });

  it('large logits (±1e4) stay finite', () => {
    const q = T([1, 1, 2, 1], [1e4, -1e4]);
    const k = T([1, 1, 2, 1], [1, -1]);
    const v = T([1, 1, 2, 1], [7, 9]);
    const out = referenceAttention(q, k, v, { scale: 1 }).output.data;
    expect(Array.from(out)).toEqual([7, 9]);
  });

  it('causal is bottom-right aligned; rows with no visible key are zeros', () => {
    const q = randn([1, 1, 4, 2], 3);
    const k = randn([1, 1, 2, 2], 4);
    const v = T([1, 1, 2, 1], [5, 8]);
    const { output, weights } = referenceAttention(q, k, v, { causal: true }, true);
    // Nq = 4, Nk = 2: query i sees keys j <= i − 2, so rows 0, 1 see nothing, row 2 sees key 0.
    expect(Array.from(output.data.subarray(0, 3))).toEqual([0, 0, 5]);
    expect(Array.from(weights!.data.subarray(4, 6))).toEqual([1, 0]);
  });

  it('key padding, masks, bias and GQA', () => {
    const q = randn([2, 2, 3, 2], 5);
    const k = randn([2, 1, 3, 2], 6);
    const v = randn([2, 1, 3, 2], 7);
    const padded = referenceAttention(q, k, v, { keyLengths: new Int32Array([3, 1]) }, true)
      .weights!.data;
    // Batch 1 sees only key 0: every row of it is [1, 0, 0].
    for (let r = 6; r < 12; r++)
      expect(Array.from(padded.subarray(r * 3, r * 3 + 3))).toEqual([1, 0, 0]);
    const masked = referenceAttention(q, k, v, { mask: (_b, _h, i, j) => i === j }, true).weights!
      .data;
    for (let r = 0; r < 12; r++) expect(masked[r * 3 + (r % 3)]).toBe(1);
    const dense = new Uint8Array(9).fill(1);
    dense[0] = 0;
    expect(referenceAttention(q, k, v, { mask: dense }, true).weights!.data[0]).toBe(0);
    const biased = referenceAttention(
      q,
      k,
      v,
      { bias: (_b, _h, _i, j) => (j === 2 ? 50 : 0) },
      true,
    ).weights!.data;
    for (let r = 0; r < 12; r++) expect(biased[r * 3 + 2]).toBeGreaterThan(0.99);
    // Heads 0 and 1 share kv head 0: with equal queries they produce equal rows.
    const qSame = tensor(new Float32Array(2 * 2 * 3 * 2).fill(0.5), [2, 2, 3, 2]);
    const out = referenceAttention(qSame, k, v).output.data;
    expect(Array.from(out.subarray(0, 6))).toEqual(Array.from(out.subarray(6, 12)));
  });
});
