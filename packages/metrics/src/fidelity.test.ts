import { type AttentionWeights, referenceAttention, type Tensor } from '@attnkit/core';
import { linear } from '@attnkit/linear';
import { localWindow, localWindowMask } from '@attnkit/local-window';
import { describe, expect, it } from 'vitest';
import { measureFidelity } from './fidelity.ts';
import { massKeptOnRows } from './mass-kept.ts';
import { massKept } from './mass-kept-workload.ts';
import { probeRowWeights } from './probe-weights.ts';
import { flatRows, rowSet } from './row-set.ts';
import { makeWorkload } from './workloads/index.ts';

const f32 = (t: { data: Float64Array; shape: readonly number[] }): Tensor => ({
  data: Float32Array.from(t.data),
  shape: t.shape,
});

describe('measureFidelity', () => {
  for (const [name, causal] of [
    ['retrieval', true],
    ['retrieval', false],
    ['mixture', true],
  ] as const)
    it(`exact attention: error ~1e-7, mass kept 1 on every bucket, recall 1 (${name}, causal ${causal})`, () => {
      const w = makeWorkload(name, {
        queryLength: 600,
        headDim: 16,
        heads: 2,
        kvHeads: 1,
        causal,
        seed: 1,
      });
      const exact = referenceAttention(w.q, w.k, w.v, { causal }, true);
      const weights: AttentionWeights = {
        kind: 'dense',
        shape: [1, 2, 600, 600],
        data: Float32Array.from(exact.weights!.data),
      };
      const report = measureFidelity(f32(exact.output), w, { causal, mass: weights });
      expect(report.rows).toBe(128);
      expect(report.relativeError.max).toBeLessThan(1e-5);
      expect(report.maxAbsError).toBeLessThan(1e-5);
      expect(report.mass!.total).toBeCloseTo(1, 5);
      for (const b of report.mass!.buckets)
        for (const x of [b.all, b.topK, b.planted]) if (x !== null) expect(x).toBeCloseTo(1, 5);
      expect(report.recall!.all).toBe(1);
      const visible = measureFidelity(f32(exact.output), w, {
        causal,
        mass: { kind: 'visibility', visible: () => true },
      });
      expect(visible.mass!.total).toBe(1);
    });

  it('per-row relative error by hand: an output twice the reference errs by 1 on every row', () => {
    const w = makeWorkload('local', { queryLength: 200, headDim: 8, causal: true, seed: 2 });
    const exact = referenceAttention(w.q, w.k, w.v, { causal: true }).output;
    const doubled = f32({ data: exact.data.map((x) => 2 * x), shape: exact.shape });
    const r = measureFidelity(doubled, w, { causal: true });
    expect(r.relativeError.median).toBeCloseTo(1, 5);
    expect(r.relativeError.max).toBeCloseTo(1, 5);
    expect(r.relativeError.interval[0]).toBeCloseTo(1, 5);
    expect(r.byPosition.map((x) => x.mean)).toEqual([1, 1, 1, 1].map((x) => expect.closeTo(x, 5)));
    expect(r.rowSet).toBe('64 rows, midpoints of 64 position quantiles');
  });

  it('mass kept by hand: visibility keeps exactly the visible exact weight, buckets by distance', () => {
    // One row (query 20 of 21 keys), exact weights 0.5 on key 20 (distance 0), 0.3 on key 0 (distance 20), 0.2 on key 10.
    const exact = new Float64Array(21);
    exact[20] = 0.5;
    exact[0] = 0.3;
    exact[10] = 0.2;
    const rows = [{ row: 20, exact, planted: [0] }];
    const shape = { heads: 1, queryLength: 21, keyLength: 21 };
    const near = massKeptOnRows(
      { kind: 'visibility', visible: (_b, _h, i, j) => i - j < 16 },
      rows,
      shape,
      { topK: 2 },
    );
    expect(near.total).toBeCloseTo(0.7, 12);
    expect(near.topK).toBeCloseTo(0.5 / 0.8, 12);
    expect(near.buckets[0].all).toBeCloseTo(1, 12);
    expect(near.buckets[1].all).toBe(0);
    expect(near.buckets[1].planted).toBe(0);
    expect(near.buckets[2].all).toBeNull();
    // Weights given: overlap Σ min(p, p̂). p̂ = (0.25 on key 20, 0.75 on key 10) keeps 0.25 + 0.2.
    const csr: AttentionWeights = {
      kind: 'csr',
      shape: [1, 1, 21, 21],
      rowPtr: Int32Array.from({ length: 22 }, (_, r) => (r <= 20 ? 0 : 2)),
      colIdx: Int32Array.from([10, 20]),
      values: Float32Array.from([0.75, 0.25]),
    };
    expect(massKeptOnRows(csr, rows, shape).total).toBeCloseTo(0.45, 6);
  });

  it('local-window: CSR weights and the visibility rule give the same mass kept', () => {
    const w = makeWorkload('mixture', { queryLength: 1024, headDim: 16, causal: true, seed: 5 });
    const lw = localWindow({ window: 64 });
    const out = lw.forward(w.q, w.k, w.v, { causal: true });
    const byWeights = measureFidelity(out, w, {
      causal: true,
      mass: lw.weights!(w.q, w.k, { causal: true }),
    });
    const mask = localWindowMask(
      { queryLength: 1024, keyLength: 1024 },
      { left: 64, right: 64, dilation: 1 },
    );
    const byRule = measureFidelity(out, w, {
      causal: true,
      mass: { kind: 'visibility', visible: mask },
    });
    expect(byWeights.mass!.total).toBeCloseTo(byRule.mass!.total, 5);
    expect(byWeights.mass!.buckets[0].all).toBeCloseTo(1, 5); // distances < 16 are inside the window
    expect(byWeights.mass!.buckets[3].all).toBe(0); // 256–1023: outside
    const direct = massKept(lw.weights!(w.q, w.k, { causal: true }), w, rowSet(1024, true));
    expect(direct.total).toBeCloseTo(byWeights.mass!.total, 12);
  });

  for (const causal of [true, false])
    it(`probeRowWeights equals linear's own dense weights (causal ${causal})`, () => {
      const w = makeWorkload('entropy', {
        queryLength: 100,
        headDim: 8,
        heads: 2,
        causal,
        seed: 4,
        knob: 0.7,
      });
      for (const featureMap of ['elu', 'favor'] as const) {
        const lin = linear({ featureMap, features: 32 });
        const dense = lin.weights!(w.q, w.k, { causal });
        if (dense.kind !== 'dense') throw new Error('linear weights are dense');
        const rows = flatRows(rowSet(100, causal, { count: 10 }), 2);
        const probe = probeRowWeights(lin, w.q, w.k, rows, { causal, chunk: 16 });
        for (const r of rows) {
          const row = probe(r);
          for (let j = 0; j < 100; j++) expect(row[j]).toBeCloseTo(dense.data[r * 100 + j], 5);
        }
      }
    });
});
