import { createRng } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { referenceRows, sampleRows } from './reference-rows.ts';
import { LONG_PAIRS, makeInputs, plantPairs, recallOf } from './workloads.ts';

const dims = { batch: 1, heads: 2, kvHeads: 1, n: 1024, dim: 32 };

describe('retrieval workload', () => {
  it('plants pairs with distinct positions, key before query, 16 of them at distance ≥ N/2', () => {
    const pairs = plantPairs(4096, createRng(3));
    expect(new Set(pairs.map((p) => p.query)).size).toBe(pairs.length);
    expect(new Set(pairs.map((p) => p.key)).size).toBe(pairs.length);
    for (const p of pairs) {
      expect(p.query - p.key).toBe(p.distance);
      expect(p.key).toBeGreaterThanOrEqual(0);
    }
    expect(pairs.filter((p) => p.distance >= 2048).length).toBe(LONG_PAIRS);
    expect(Math.min(...pairs.map((p) => p.distance))).toBeLessThan(8);
  });

  it('exact attention recalls every planted pair; an output of zeros recalls none', () => {
    const inputs = makeInputs('retrieval', dims, 1);
    const total = dims.batch * dims.heads * dims.n;
    const exact = referenceRows(inputs.q, inputs.k, inputs.v, sampleRows(total, total), {
      causal: true,
    });
    const out = Float32Array.from(exact.values);
    const hit = recallOf(out, inputs, dims);
    expect(hit?.recall).toBe(1);
    expect(hit?.byDistance.every((b) => b.recall === 1)).toBe(true);
    expect(recallOf(new Float32Array(out.length), inputs, dims)?.recall).toBe(0);
  });

  it('is seeded: same seed, same inputs', () => {
    const a = makeInputs('retrieval', dims, 5);
    const b = makeInputs('retrieval', dims, 5);
    expect(a.q.data).toEqual(b.q.data);
    expect(a.pairs).toEqual(b.pairs);
    expect(makeInputs('random', dims, 5).pairs).toEqual([]);
  });
});

describe('local workload', () => {
  it('makes attention weight decay with distance', () => {
    const inputs = makeInputs('local', { ...dims, heads: 1 }, 2);
    const { q, k } = inputs;
    const d = dims.dim;
    const i = 600;
    const weight = (j: number) => {
      let s = 0;
      for (let t = 0; t < d; t++) s += q.data[i * d + t] * k.data[j * d + t];
      return Math.exp(s / Math.sqrt(d));
    };
    const meanWeight = (lo: number, hi: number) => {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < dims.n; j++)
        if (Math.abs(i - j) >= lo && Math.abs(i - j) < hi) {
          sum += weight(j);
          count++;
        }
      return sum / count;
    };
    const near = meanWeight(0, 16);
    const middle = meanWeight(16, 128);
    const far = meanWeight(256, dims.n);
    expect(near).toBeGreaterThan(10 * middle);
    expect(middle).toBeGreaterThan(far);
    expect(near).toBeGreaterThan(100 * far);
  });
});
