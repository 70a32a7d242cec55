import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertScoresFit, scoresFitAndFinite } from './float32-range.ts';
import { assertFinite, type Tensor } from './tensor.ts';

/** The checks validateCall ran before the one-pass screen, in their order. */
const refusedByNamingChecks = (q: Tensor, k: Tensor, v: Tensor, scale: number): boolean => {
  try {
    assertFinite(q, 'q');
    assertFinite(k, 'k');
    assertFinite(v, 'v');
    assertScoresFit(q, k, v, scale);
    return false;
  } catch {
    return true;
  }
};

// Entries from every magnitude float32 holds, with the non-finite ones mixed in rarely.
const entry = fc.oneof(
  { weight: 20, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 20, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
);
const tensor = (shape: number[]) =>
  fc
    .array(entry, {
      minLength: shape.reduce((a, b) => a * b),
      maxLength: shape.reduce((a, b) => a * b),
    })
    .map((xs): Tensor => ({ data: Float32Array.from(xs), shape }));

describe('the one-pass screen of validateCall', () => {
  it('clears exactly the calls the naming checks let through', () => {
    const call = fc
      .record({
        h: fc.integer({ min: 1, max: 2 }),
        n: fc.integer({ min: 0, max: 4 }),
        d: fc.integer({ min: 1, max: 9 }),
      })
      .chain(({ h, n, d }) =>
        fc.tuple(
          tensor([1, 2 * h, n, d]),
          tensor([1, h, n + 1, d]),
          tensor([1, h, n + 1, 3]),
          fc.constantFrom(1e-30, 0.125, 1, 16),
        ),
      );
    const seen = [0, 0];
    fc.assert(
      fc.property(call, ([q, k, v, scale]) => {
        const cleared = scoresFitAndFinite(q, k, v, scale);
        seen[Number(cleared)]++;
        // A cleared call must pass every check; a screened-out one is refused, except the rare
        // bound within 2^-30 of the limit, which the exact check then decides.
        if (cleared) expect(refusedByNamingChecks(q, k, v, scale)).toBe(false);
        else if (!refusedByNamingChecks(q, k, v, scale)) expect(nearLimit(q, k, scale)).toBe(true);
      }),
      { numRuns: 2000, seed: 19 },
    );
    expect(Math.min(...seen)).toBeGreaterThan(200);
  });
  it('sees a NaN or ∞ anywhere in q, k or v', () => {
    const ones = (n: number): Tensor => ({
      data: new Float32Array(n).fill(1),
      shape: [1, 1, n / 4, 4],
    });
    for (const bad of [Number.NaN, Infinity, -Infinity])
      for (const which of [0, 1, 2]) {
        const ts = [ones(16), ones(16), ones(16)];
        ts[which].data[13] = bad;
        expect(scoresFitAndFinite(ts[0], ts[1], ts[2], 1)).toBe(false);
      }
    expect(scoresFitAndFinite(ones(16), ones(16), ones(16), 1)).toBe(true);
  });
});

/** Whether some score bound lies within 2^-20 of 2^126 (where the screen defers). */
function nearLimit(q: Tensor, k: Tensor, scale: number): boolean {
  const rowNorms = (t: Tensor) => {
    const d = t.shape[3];
    const out: number[] = [];
    for (let o = 0; o < t.data.length; o += d) {
      let s = 0;
      for (let i = 0; i < d; i++) s += t.data[o + i] ** 2;
      out.push(Math.sqrt(s));
    }
    return out;
  };
  const bound = Math.max(1, scale) * Math.max(0, ...rowNorms(q)) * Math.max(0, ...rowNorms(k));
  return Math.abs(bound / 2 ** 126 - 1) < 2 ** -20;
}
