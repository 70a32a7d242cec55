import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked } from './chunked.ts';
import { visiblePairs } from './index.ts';

const bruteForcePairs = (Nq: number, Nk: number, causal: boolean, len: number) => {
  let pairs = 0;
  for (let i = 0; i < Nq; i++)
    for (let j = 0; j < len; j++) if (!causal || j <= i + Nk - Nq) pairs++;
  return pairs;
};

const shape = (n: number, d = 64) => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: d,
  valueDim: d,
});

describe('cost', () => {
  it('property: visiblePairs (closed form) counts the pairs the mask lets through', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 80 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (Nq, Nk, causal, frac) => {
          const len = Math.floor(frac * Nk);
          expect(visiblePairs(Nq, Nk, causal, len)).toBe(bruteForcePairs(Nq, Nk, causal, len));
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
  it('flops count only computed pairs: causal is about half, padding cuts', () => {
    const v = chunked();
    expect(v.cost(shape(4, 1)).flops).toBe(2 * 16 * 2);
    expect(v.cost(shape(4, 1), { causal: true }).flops).toBe(2 * 10 * 2);
    const ratio = v.cost(shape(4096), { causal: true }).flops / v.cost(shape(4096)).flops;
    expect(ratio).toBeCloseTo(0.5, 3);
    expect(v.cost(shape(100, 1), { keyLengths: [50] }).flops).toBe(2 * 100 * 50 * 2);
  });
  it('peak bytes grow linearly in N (no N×N term)', () => {
    const v = chunked({ backend: 'js' });
    const at = (n: number) => v.cost(shape(n)).peakBytes;
    // js backend: the output (N·D floats) plus one fixed tile.
    expect(at(16384)).toBe(4 * (16384 * 64 + 64 * 64 + 2 * 64 + 64 * 64));
    expect(at(65536) - at(32768)).toBe(at(32768) - at(16384) + 4 * 16384 * 64);
    expect(at(65536)).toBeLessThan(32 * 2 ** 20);
  });
  it('cost() refuses a bad shape', () => {
    expect(() => chunked().cost({ ...shape(8), headDim: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
