import { AttentionError, referenceRows } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { flatRows, rowSet } from '../row-set.ts';
import { entropy } from './calibrate.ts';
import { makeWorkload, WORKLOADS } from './index.ts';
import type { Workload } from './types.ts';

const base = { queryLength: 1024, headDim: 32, seed: 3 };

/** Exact float64 weights of the first head on `count` stratified rows (not the calibration rows when count ≠ 64). */
function exactRows(w: Workload, causal: boolean, count = 64) {
  const set = rowSet(w.q.shape[2], causal, { count });
  const ref = referenceRows(w.q, w.k, w.v, flatRows(set, 1), { causal }, true);
  const Nk = w.k.shape[2];
  return Array.from(set.positions, (i, s) => ({
    i,
    p: ref.weights!.subarray(s * Nk, (s + 1) * Nk),
  }));
}

/** Scaled score of query i against key j in head 0. */
function score(w: Workload, i: number, j: number) {
  const D = w.q.shape[3];
  let dot = 0;
  for (let t = 0; t < D; t++) dot += w.q.data[i * D + t] * w.k.data[j * D + t];
  return dot / Math.sqrt(D);
}

describe('workloads', () => {
  it('every workload is seeded: same params, same tensors; another seed, other tensors', () => {
    for (const { name } of WORKLOADS) {
      const params = { ...base, queryLength: 256, heads: 2, kvHeads: 1, causal: true };
      const a = makeWorkload(name, params);
      const b = makeWorkload(name, params);
      const c = makeWorkload(name, { ...params, seed: 4 });
      expect(a.q.shape).toEqual([1, 2, 256, 32]);
      expect(a.k.shape).toEqual([1, 1, 256, 32]);
      expect(Buffer.from(a.q.data.buffer).equals(Buffer.from(b.q.data.buffer))).toBe(true);
      expect(Buffer.from(a.k.data.buffer).equals(Buffer.from(b.k.data.buffer))).toBe(true);
      expect(Buffer.from(a.k.data.buffer).equals(Buffer.from(c.k.data.buffer))).toBe(false);
      expect(a.description.length).toBeGreaterThan(20);
    }
  });

  for (const causal of [true, false])
    it(`entropy hits its target fraction of log n (causal ${causal}), on rows it was not solved on too`, () => {
      for (const target of [0.3, 0.7, 0.95]) {
        const w = makeWorkload('entropy', { ...base, causal, knob: target });
        for (const [count, tol] of [
          [64, 1e-6],
          [200, 0.03],
        ] as const) {
          const rows = exactRows(w, causal, count).filter((r) => r.i > 0);
          const mean =
            rows.reduce((s, { i, p }) => s + entropy(p) / Math.log(causal ? i + 1 : 1024), 0) /
            rows.length;
          expect(Math.abs(mean - target)).toBeLessThan(tol);
        }
      }
    });

  it('sinks: the first 4 tokens take the stated share of each row', () => {
    for (const share of [0.2, 0.6]) {
      const w = makeWorkload('sinks', { ...base, causal: true, knob: share });
      for (const [count, tol] of [
        [64, 1e-6],
        [200, 0.03],
      ] as const) {
        const rows = exactRows(w, true, count).filter((r) => r.i >= 4);
        const mean = rows.reduce((s, { p }) => s + p[0] + p[1] + p[2] + p[3], 0) / rows.length;
        expect(Math.abs(mean - share)).toBeLessThan(tol);
      }
    }
  });

  for (const name of ['retrieval', 'induction', 'mixture'] as const)
    it(`${name}: planted keys score the planted margin above the row's other keys, across buckets`, () => {
      const w = makeWorkload(name, { ...base, queryLength: 2048, causal: true });
      const { query, key } = w.planted!;
      expect(query.length).toBeGreaterThan(8);
      const margin = name === 'mixture' ? 12 : w.knob.value;
      const distances = new Set<number>();
      for (let x = 0; x < query.length; x++) {
        const i = query[x];
        expect(key[x]).toBeLessThan(i);
        // Mixture's sink keys (0–3) score on their own channel: the background is the other keys.
        const first = name === 'mixture' ? 4 : 0;
        let others = 0;
        for (let j = first; j <= i; j++) if (j !== key[x]) others += score(w, i, j) / (i - first);
        // The mixture's background keys are a walk correlated over ~λ·2√D tokens: its mean is noisier.
        expect(Math.abs(score(w, i, key[x]) - others - margin)).toBeLessThan(
          name === 'mixture' ? 1 : 0.5,
        );
        distances.add(Math.floor(Math.log2(i - key[x]) / 2));
      }
      expect(distances.size).toBeGreaterThanOrEqual(5);
    });

  it('local: mass falls by e per knob length (mean attention distance ≈ λ)', () => {
    for (const decay of [4, 16]) {
      const w = makeWorkload('local', { ...base, headDim: 64, causal: true, knob: decay });
      const rows = exactRows(w, true).filter((r) => r.i > 16 * decay);
      let distance = 0;
      for (const { i, p } of rows)
        for (let j = 0; j <= i; j++) distance += (p[j] * (i - j)) / rows.length;
      expect(distance / decay).toBeGreaterThan(0.7);
      expect(distance / decay).toBeLessThan(1.4);
    }
  });

  it('clustered: attention rows fall into at most C shapes (low rank)', () => {
    const groups = (clusters: number) => {
      const w = makeWorkload('clustered', { ...base, causal: false, knob: clusters });
      const reps: ArrayLike<number>[] = [];
      for (const { p } of exactRows(w, false)) {
        const tv = (r: ArrayLike<number>) => {
          let s = 0;
          for (let j = 0; j < p.length; j++) s += Math.abs(p[j] - r[j]) / 2;
          return s;
        };
        if (!reps.some((r) => tv(r) < 0.5)) reps.push(p);
      }
      return reps.length;
    };
    expect(groups(4)).toBeLessThanOrEqual(4);
    expect(groups(32)).toBeGreaterThan(16);
  });

  it('refuses a bad knob or shape with INVALID_CONFIG naming it', () => {
    const bad = (f: () => unknown, arg: string) => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AttentionError);
        expect((e as AttentionError).code).toBe('INVALID_CONFIG');
        expect((e as Error).message).toContain(arg);
      }
    };
    bad(() => makeWorkload('entropy', { ...base, causal: false, knob: 1.5 }), 'params.knob');
    bad(
      () => makeWorkload('local', { ...base, causal: false, heads: 3, kvHeads: 2 }),
      'params.kvHeads',
    );
    bad(() => makeWorkload('nope' as 'local', { ...base, causal: false }), 'name');
  });
});
