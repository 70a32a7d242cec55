import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callPairCount, visiblePairCount } from './pair-count.ts';

/** The same count by brute force over every (i, j). */
function bruteForce(
  Nq: number,
  Nk: number,
  causal: boolean,
  keyLength: number,
  offset: number,
  band?: { left: number; right: number; dilation: number },
): number {
  let pairs = 0;
  for (let i = 0; i < Nq; i++) {
    const p = i + offset;
    for (let j = 0; j < Math.min(Nk, keyLength); j++) {
      if (causal && j > p) continue;
      if (band) {
        const rel = j - p;
        if (rel % band.dilation !== 0) continue;
        const m = rel / band.dilation;
        if (m < -band.left || m > band.right) continue;
      }
      pairs++;
    }
  }
  return pairs;
}

describe('visiblePairCount', () => {
  it('equals the brute-force count under causal, padding, diagonal offsets and bands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: -50, max: 50 }),
        fc.option(
          fc.record({
            left: fc.integer({ min: 0, max: 12 }),
            right: fc.integer({ min: 0, max: 12 }),
            dilation: fc.integer({ min: 1, max: 4 }),
          }),
          { nil: undefined },
        ),
        (Nq, Nk, causal, keyLength, offset, band) => {
          expect(visiblePairCount(Nq, Nk, { causal, keyLength, diagonal: offset, band })).toBe(
            bruteForce(Nq, Nk, causal, keyLength, offset, band),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('defaults to the bottom-right diagonal and no padding', () => {
    expect(visiblePairCount(3, 5, { causal: true })).toBe(bruteForce(3, 5, true, 5, 2));
    expect(visiblePairCount(4, 4)).toBe(16);
  });

  it('stays O(1) without a band and O(window) with one at N = 1e12', () => {
    expect(visiblePairCount(1e12, 1e12, { causal: true })).toBe((1e12 * (1e12 + 1)) / 2);
    const band = { left: 3, right: 3, dilation: 1 };
    expect(visiblePairCount(1e12, 1e12, { band })).toBe(7 * 1e12 - 12);
  });

  it('sums a call over batch entries (each its own padding) and heads', () => {
    const shape = { batch: 2, heads: 3, queryLength: 4, keyLength: 4 };
    expect(callPairCount(shape, { keyLengths: [4, 2] })).toBe(3 * (16 + 8));
    expect(callPairCount(shape, { causal: true })).toBe(3 * 2 * 10);
  });
});
