import type { AttentionWeights } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { differenceMap, headMap, headStats } from './map-source.ts';

// Two heads of 3 × 3: head 0 uniform, head 1 the identity.
const dense: AttentionWeights = {
  kind: 'dense',
  shape: [1, 2, 3, 3],
  data: Float32Array.from([...Array(9).fill(1 / 3), 1, 0, 0, 0, 1, 0, 0, 0, 1]),
};
// The identity as CSR rows (head 0 and head 1 alike).
const csr: AttentionWeights = {
  kind: 'csr',
  shape: [1, 2, 3, 3],
  rowPtr: Int32Array.from([0, 1, 2, 3, 4, 5, 6]),
  colIdx: Int32Array.from([0, 1, 2, 0, 1, 2]),
  values: Float32Array.from([1, 1, 1, 1, 1, 1]),
};

describe('headMap', () => {
  it('reads a dense head at (i, j)', () => {
    expect(headMap(dense, 0).value(2, 1)).toBeCloseTo(1 / 3);
    expect(headMap(dense, 1).value(1, 1)).toBe(1);
    expect(headMap(dense, 1).value(1, 0)).toBe(0);
  });

  it('tells a CSR cell that is not stored (null) from a stored one', () => {
    const map = headMap(csr, 1);
    expect(map.sparse).toBe(true);
    expect(map.value(2, 2)).toBe(1);
    expect(map.value(2, 0)).toBeNull();
    const seen: string[] = [];
    map.forEach(0, 3, 1, 3, (i, j) => seen.push(`${i},${j}`));
    expect(seen).toEqual(['1,1', '2,2']);
  });
});

describe('differenceMap', () => {
  it('is variant − exact with unstored cells as 0', () => {
    const diff = differenceMap(headMap(csr, 0), headMap(dense, 0));
    expect(diff.value(0, 0)).toBeCloseTo(2 / 3);
    expect(diff.value(0, 1)).toBeCloseTo(-1 / 3);
    expect(diff.max()).toBeCloseTo(2 / 3);
  });
});

describe('headStats', () => {
  it('gives log N entropy for uniform rows and 0 for the identity', () => {
    const uniform = headStats(headMap(dense, 0));
    expect(uniform.entropy).toBeCloseTo(Math.log(3));
    // Mean |i − j| under uniform rows of 3: rows 0 and 2 give 1, row 1 gives 2/3.
    expect(uniform.meanDistance).toBeCloseTo((1 + 2 / 3 + 1) / 3);
    const identity = headStats(headMap(csr, 1));
    expect(identity.entropy).toBe(0);
    expect(identity.meanDistance).toBe(0);
    expect(identity.stored).toBeCloseTo(1 / 3);
  });
});
