import { describe, expect, it } from 'vitest';
import { bucketOf, DISTANCE_BUCKETS, flatRows, rowSet } from './row-set.ts';

describe('the fixed row set', () => {
  it('is pinned: midpoints of 64 position quantiles', () => {
    const set = rowSet(4096, true);
    expect(set.positions.length).toBe(64);
    expect(Array.from(set.positions.subarray(0, 4))).toEqual([32, 96, 160, 224]);
    expect(set.positions[63]).toBe(4064);
    expect(set.definition).toBe('64 rows, midpoints of 64 position quantiles');
  });

  it('samples the same quantiles at every N, so figures at different N are comparable', () => {
    for (const n of [1024, 4096, 16384, 65536, 1 << 20]) {
      const { positions } = rowSet(n, true);
      expect(positions.length).toBe(64);
      for (let s = 0; s < 64; s++)
        expect(Math.abs(positions[s] / n - (s + 0.5) / 64)).toBeLessThanOrEqual(1 / n);
      // Row 0 (a causal row that sees one key) is never in the set once N ≥ 2·64.
      expect(positions[0]).toBeGreaterThan(0);
    }
  });

  it('takes every row when N ≤ the count, and spans every (batch, head)', () => {
    expect(Array.from(rowSet(5, false).positions)).toEqual([0, 1, 2, 3, 4]);
    expect(rowSet(5, false).definition).toBe('all 5 rows');
    expect(Array.from(flatRows(rowSet(3, false), 2))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => rowSet(0, false)).toThrow(/queryLength/);
  });

  it('buckets distances by fixed edges', () => {
    expect(DISTANCE_BUCKETS.map((b) => b.lo)).toEqual([0, 16, 64, 256, 1024, 4096, 16384]);
    expect([0, 15, 16, 255, 256, 5000, 70000, -20].map(bucketOf)).toEqual([0, 0, 1, 2, 3, 5, 6, 1]);
  });
});
