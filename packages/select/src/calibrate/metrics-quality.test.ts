import { describe, expect, it } from 'vitest';
import { createVariant } from '../families.ts';
import { metricsMeasureQuality } from './metrics-quality.ts';

const measure = (spec: string, workload: string) =>
  metricsMeasureQuality({
    variant: createVariant(spec),
    spec,
    n: 512,
    causal: true,
    workload,
    seed: 3,
    recall: workload === 'retrieval',
  });

describe('calibration quality from @attnkit/metrics', () => {
  it('a window covering N is exact and recalls every planted pair', () => {
    const r = measure('local-window:window=512', 'retrieval');
    expect(r.relError).toBeLessThan(1e-5);
    expect(r.rows).toBe(64);
    expect(r.recallByDistance?.length).toBeGreaterThan(2);
    for (const b of r.recallByDistance ?? []) expect(b.recall).toBe(1);
  });

  it('a narrow window recalls near pairs and misses the ones past it, bucket by bucket', () => {
    const buckets = measure('local-window:window=32', 'retrieval').recallByDistance ?? [];
    for (const b of buckets) {
      if (b.distance <= 32) expect(b.recall, `distance ${b.distance}`).toBe(1);
      if (b.distance > 64) expect(b.recall, `distance ${b.distance}`).toBeLessThan(0.5);
    }
    expect(buckets.some((b) => b.distance > 64)).toBe(true);
  });

  it('error grows as the window shrinks on the local workload; unknown workloads are refused', () => {
    const wide = measure('local-window:window=128', 'local').relError;
    const narrow = measure('local-window:window=8', 'local').relError;
    expect(narrow).toBeGreaterThan(wide);
    expect(() => measure('full', 'smooth')).toThrow(/smooth.*mixture/);
  });
});
