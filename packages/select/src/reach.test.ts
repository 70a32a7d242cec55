import { describe, expect, it } from 'vitest';
import { createVariant } from './families.ts';
import { reachAt } from './reach.ts';

const shape = (n: number) => ({
  batch: 1,
  heads: 2,
  kvHeads: 2,
  queryLength: n,
  keyLength: n,
  headDim: 64,
  valueDim: 64,
});

describe('reachAt', () => {
  it('a window of w sees distance w and not w + 1', () => {
    const v = createVariant('local-window:window=100');
    expect(reachAt(v, shape(4096), true, 100)).toBe(1);
    expect(reachAt(v, shape(4096), true, 101)).toBe(0);
  });

  it('reads a sparse layout pair by pair: a longformer band reaches its blocks, not beyond', () => {
    const v = createVariant('sparse:block=64,globalBlocks=1,pattern=longformer,window=5');
    // Two blocks each side: every pair at distance ≤ 128 is inside the band.
    expect(reachAt(v, shape(8192), true, 128)).toBe(1);
    // At distance 4096 only the global block's column helps: a small fraction.
    expect(reachAt(v, shape(8192), true, 4096)).toBeLessThan(0.1);
  });
});
