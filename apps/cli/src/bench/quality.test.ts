import { full } from '@attnkit/full';
import { linear } from '@attnkit/linear';
import { localWindow } from '@attnkit/local-window';
import { DEFAULT_ROW_COUNT } from '@attnkit/metrics';
import { describe, expect, it } from 'vitest';
import { makeInputs } from './inputs.ts';
import { massSource, measureQuality } from './quality.ts';
import type { RunRecord } from './results.ts';
import { type Subject, variantSubject } from './subjects.ts';
import { qualityOnly } from './suite.ts';

const dims = { batch: 1, heads: 1, kvHeads: 1, dim: 16 };
const options = { seed: 1, massBudgetBytes: 2 ** 28 };

describe('measureQuality', () => {
  it('uses one row-set definition at every N, so figures at different N compare', () => {
    const window = localWindow({ window: 32 });
    const at = (n: number) => {
      const w = makeInputs('mixture', { ...dims, n }, true, 1);
      const out = window.forward(w.q, w.k, w.v, { causal: true }).data;
      return measureQuality(window, w, out, true, options);
    };
    const [small, large] = [at(512), at(2048)];
    expect(small.rowSet).toBe(large.rowSet);
    expect(small.rows).toBe(DEFAULT_ROW_COUNT);
    expect(large.rows).toBe(DEFAULT_ROW_COUNT);
    for (const q of [small, large]) {
      expect(q.error.interval[0]).toBeLessThanOrEqual(q.error.mean);
      expect(q.error.interval[1]).toBeGreaterThanOrEqual(q.error.mean);
      expect(q.massFrom).toBe('visible keys of its weights() support');
      // A causal window of 32 keeps every key closer than 16 and none beyond 64.
      expect(q.mass?.buckets[0].all).toBeCloseTo(1, 12);
      expect(q.mass?.buckets[2].all).toBe(0);
      expect(q.recall?.buckets.length).toBeGreaterThan(0);
    }
  });

  it('reads mass kept of linear from its probed row weights, and none for exact attention', () => {
    const w = makeInputs('mixture', { ...dims, n: 256 }, false, 2);
    const lin = linear({ featureMap: 'elu' });
    const q = measureQuality(lin, w, lin.forward(w.q, w.k, w.v).data, false, options);
    expect(q.massFrom).toMatch(/probed row weights/);
    expect(q.mass?.total).toBeGreaterThan(0);
    expect(q.mass?.total).toBeLessThan(1);
    const exact = measureQuality(full(), w, full().forward(w.q, w.k, w.v).data, false, options);
    expect(exact.mass).toBeNull();
    expect(exact.massFrom).toMatch(/^exact/);
    expect(exact.error.max).toBeLessThan(1e-4);
    expect(exact.recall?.all).toBeCloseTo(1, 12);
  });

  it('skips mass kept, saying why, when the support is over its budget', () => {
    const w = makeInputs('mixture', { ...dims, n: 1024 }, true, 1);
    const { source, from } = massSource(localWindow({ window: 32 }), w, true, 1000);
    expect(source).toBeNull();
    expect(from).toMatch(/^not measured: weights\(\) support/);
  });
});

describe('qualityOnly', () => {
  const record = (n: number, workload: RunRecord['workload']) =>
    ({ n, causal: true, workload, skipped: 'suite budget: …', predictedMs: 500 }) as RunRecord;
  const budgets = { timeBudget: 1.2, memoryBudget: 2 ** 31 };
  const subject = (spec: string) => {
    const s = variantSubject(spec, 'js');
    if ('reason' in s) throw new Error(s.reason);
    return s;
  };

  it('measures quality of an approximate spec on the mixture at 4K, 16K and 64K when timing was skipped', () => {
    const window = subject('local-window:window=256');
    const only = (s: Subject, r: RunRecord) => qualityOnly(s, r, dims, budgets, 'mixture');
    for (const n of [4096, 16384, 65536]) expect(only(window, record(n, 'mixture'))).toBe(true);
    expect(only(window, record(32768, 'mixture'))).toBe(false);
    expect(only(window, record(65536, 'random'))).toBe(false);
    // Other quality workloads follow the time budget.
    expect(only(window, record(65536, 'retrieval'))).toBe(false);
    expect(only(subject('linear:featureMap=elu'), record(65536, 'mixture'))).toBe(true);
    expect(only(subject('full'), record(16384, 'mixture'))).toBe(false);
  });
});
