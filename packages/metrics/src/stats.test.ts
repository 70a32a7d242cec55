import { describe, expect, it } from 'vitest';
import { quantileSorted, summarize } from './stats.ts';

describe('summarize', () => {
  it('median, p95, max by hand', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s.median).toBe(2.5);
    expect(s.p95).toBeCloseTo(3.85, 12); // 1 + 0.95·3 = 3.85 → between 3 and 4
    expect(s.max).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(quantileSorted([10], 0.3)).toBe(10);
  });

  it('a seeded bootstrap interval that contains the mean and shrinks with more rows', () => {
    const few = Array.from({ length: 16 }, (_, x) => (x % 4) + 1);
    const many = Array.from({ length: 256 }, (_, x) => (x % 4) + 1);
    const a = summarize(few, 3);
    expect(summarize(few, 3).interval).toEqual(a.interval);
    expect(a.interval[0]).toBeLessThan(a.mean);
    expect(a.interval[1]).toBeGreaterThan(a.mean);
    const b = summarize(many, 3);
    expect(b.interval[1] - b.interval[0]).toBeLessThan((a.interval[1] - a.interval[0]) / 2);
    expect(summarize([7, 7, 7]).interval).toEqual([7, 7]);
  });
});
