import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { massKeptOnRows } from './mass-kept.ts';

/** A random row: exact weights over n keys (normalised), a query position and a key subset. */
const rowArb = fc
  .integer({ min: 2, max: 40 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      weights: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      seen: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      more: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  )
  .filter((r) => r.weights.some((w) => w > 0));

describe('massKeptOnRows properties', () => {
  it('lies in [0, 1], keeps more for a larger visible set, and 1 when everything is visible', () => {
    fc.assert(
      fc.property(rowArb, ({ n, weights, seen, more }) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        const exact = Float64Array.from(weights, (w) => w / sum);
        const rows = [{ row: n - 1, exact }];
        const shape = { heads: 1, queryLength: n, keyLength: n };
        const kept = (vis: boolean[]) =>
          massKeptOnRows({ kind: 'visibility', visible: (_b, _h, _i, j) => vis[j] }, rows, shape);
        const small = kept(seen);
        const large = kept(seen.map((s, j) => s || more[j]));
        expect(small.total).toBeGreaterThanOrEqual(0);
        expect(small.total).toBeLessThanOrEqual(1 + 1e-12);
        expect(large.total).toBeGreaterThanOrEqual(small.total - 1e-12);
        for (const [b, bucket] of small.buckets.entries())
          if (bucket.all !== null)
            expect(large.buckets[b].all!).toBeGreaterThanOrEqual(bucket.all - 1e-12);
        expect(kept(seen.map(() => true)).total).toBeCloseTo(1, 12);
      }),
      { seed: 18, numRuns: 200 },
    );
  });
});
