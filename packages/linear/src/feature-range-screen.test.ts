import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureContext } from './feature-map.ts';
import { FeatureRange } from './feature-range.ts';
import { featureRangeFits } from './feature-range-screen.ts';

/** The naming walk assertFeatureRange falls back to: every key row, then every query row. */
function walkRefuses(
  ctx: FeatureContext,
  B: number,
  H: number,
  Hkv: number,
  n: number,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  lens: Int32Array,
) {
  const D = ctx.d;
  const range = new FeatureRange(ctx, B * Hkv);
  try {
    for (let b = 0; b < B; b++)
      for (let h = 0; h < Hkv; h++)
        for (let i = 0; i < lens[b]; i++) {
          const r = (b * Hkv + h) * n + i;
          range.addKey(b * Hkv + h, k, r * D, v, r * 3, 3, () => 'k');
        }
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let i = 0; i < n; i++)
          range.checkQuery(
            b * Hkv + Math.floor(h / (H / Hkv)),
            q,
            ((b * H + h) * n + i) * D,
            () => 'q',
          );
    return false;
  } catch {
    return true;
  }
}

// Magnitudes from subnormal to 2^100, both signs, so every refusal (tiny features, overflowing
// sums) is reached often.
const entry = fc.oneof(
  fc.float({ min: -4, max: 4, noNaN: true }),
  fc.integer({ min: -150, max: 100 }).chain((e) => fc.constantFrom(2 ** e, -(2 ** e))),
  fc.constantFrom(-60, -200, -1e30),
);

describe('featureRangeFits, the flat screen of assertFeatureRange', () => {
  it('clears a call exactly when the row-by-row walk refuses nothing', () => {
    const call = fc.record({
      kind: fc.constantFrom('elu' as const, 'relu' as const),
      B: fc.integer({ min: 1, max: 2 }),
      Hkv: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 1, max: 5 }),
      d: fc.integer({ min: 1, max: 9 }),
      scale: fc.constantFrom(1e-6, 0.125, 1, 2 ** 40),
      xs: fc.array(entry, { minLength: 3 * 2 * 4 * 5 * 9, maxLength: 3 * 2 * 4 * 5 * 9 }),
      len: fc.integer({ min: 0, max: 5 }),
    });
    const seen = [0, 0];
    fc.assert(
      fc.property(call, ({ kind, B, Hkv, n, d, scale, xs, len }) => {
        const H = 2 * Hkv;
        const q = Float32Array.from(xs.slice(0, B * H * n * d));
        const k = Float32Array.from(xs.slice(B * H * n * d, B * H * n * d + B * Hkv * n * d));
        const v = Float32Array.from(xs.slice(-B * Hkv * n * 3));
        const lens = Int32Array.from({ length: B }, (_, b) => Math.min(n, len + b));
        const ctx = { kind, d, m: d, scale } as FeatureContext;
        const shape = {
          batch: B,
          heads: H,
          kvHeads: Hkv,
          queryLength: n,
          keyLength: n,
          headDim: d,
          valueDim: 3,
        };
        const cleared = featureRangeFits(ctx, shape, lens, q, 0, k, 0, v, 0);
        expect(cleared).toBe(!walkRefuses(ctx, B, H, Hkv, n, q, k, v, lens));
        seen[Number(cleared)]++;
      }),
      { numRuns: 3000, seed: 19 },
    );
    // Both outcomes are exercised, not only one.
    expect(Math.min(...seen)).toBeGreaterThan(300);
  });
});
