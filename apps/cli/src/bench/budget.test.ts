import { chunked } from '@attnkit/chunked';
import type { AttentionVariant } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import {
  defaultLengths,
  flopsExponent,
  inputBytes,
  isQuadratic,
  QUADRATIC_MAX,
  SUBQUADRATIC_MAX,
  shapeAt,
  skipReason,
  suiteBudgetReason,
  Throughput,
} from './budget.ts';

const dims = { batch: 1, heads: 1, kvHeads: 1, dim: 64 };
const stub = (flopsOf: (n: number) => number): AttentionVariant =>
  ({
    name: 'stub',
    backend: 'js',
    config: {},
    traits: {} as AttentionVariant['traits'],
    forward: () => {
      throw new Error('unused');
    },
    cost: (shape) => ({ flops: flopsOf(shape.queryLength), peakBytes: 0 }),
  }) as AttentionVariant;

describe('quadratic or not, from cost() growth', () => {
  it('reads the exponent of cost().flops', () => {
    expect(
      flopsExponent(
        stub((n) => n * n),
        dims,
      ),
    ).toBeCloseTo(2, 10);
    expect(
      flopsExponent(
        stub((n) => 7 * n),
        dims,
      ),
    ).toBeCloseTo(1, 10);
    expect(isQuadratic(chunked(), dims)).toBe(true);
  });

  it('gives quadratic specs 512…16K and the others 512…256K', () => {
    const quad = defaultLengths(
      stub((n) => n * n),
      dims,
    );
    const lin = defaultLengths(
      stub((n) => n),
      dims,
    );
    expect(quad[0]).toBe(512);
    expect(quad[quad.length - 1]).toBe(QUADRATIC_MAX);
    expect(lin[lin.length - 1]).toBe(SUBQUADRATIC_MAX);
    expect(lin.every((n, i) => i === 0 || n === 2 * lin[i - 1])).toBe(true);
  });
});

describe('skipReason', () => {
  const budgets = { timeBudget: 2, memoryBudget: 100 * 2 ** 20 };
  it('skips on memory first, naming the prediction', () => {
    const r = skipReason(
      { predictedMs: 10, predictedPeakBytes: 99 * 2 ** 20, flops: 1 },
      2 * 2 ** 20,
      budgets,
    );
    expect(r).toMatch(/^memory: cost\(\) predicts 99\.0 MB \+ 2\.0 MB inputs > budget 100 MB/);
  });
  it('skips on predicted time, naming the flops and the prediction', () => {
    const r = skipReason({ predictedMs: 2500, predictedPeakBytes: 0, flops: 5e9 }, 0, budgets);
    expect(r).toMatch(
      /^time: predicted 2\.50 s per forward \(5\.00 GFLOP from cost\(\)\) > budget 2 s/,
    );
  });
  it('runs what fits, and runs when no time prediction exists yet', () => {
    expect(
      skipReason({ predictedMs: 1999, predictedPeakBytes: 0, flops: 1 }, 0, budgets),
    ).toBeNull();
    expect(
      skipReason({ predictedMs: null, predictedPeakBytes: 0, flops: 1 }, 0, budgets),
    ).toBeNull();
  });
  it('counts q, k and v in the inputs', () => {
    expect(inputBytes(shapeAt({ batch: 2, heads: 4, kvHeads: 2, dim: 8 }, 16))).toBe(
      4 * (2 * 4 * 16 * 8 + 2 * 2 * 16 * 16),
    );
  });
});

describe('Throughput', () => {
  it('predicts from the latest (largest N) measurement of the spec', () => {
    const t = new Throughput();
    expect(t.predictMs('a', 1e9)).toBeNull();
    t.observe('a', 256, 1e9, 1000); // 1 GFLOP/s
    t.observe('a', 1024, 4e9, 2000); // 2 GFLOP/s wins: larger N
    t.observe('a', 512, 1e9, 100); // smaller N: ignored
    expect(t.gflops('a')).toBeCloseTo(2, 10);
    expect(t.predictMs('a', 6e9)).toBeCloseTo(3000, 6);
  });
});

describe('suite budget', () => {
  it('skips a configuration that no longer fits the wall-clock budget, and says how much was used', () => {
    // 200 s used of 270: a timed config predicted 10 s per forward needs ~51.5 s → fits.
    expect(suiteBudgetReason(0, 270, 10_000, true, 200_000)).toBeNull();
    // 230 s used: the same needs 51.5 s → skipped.
    expect(suiteBudgetReason(0, 270, 10_000, true, 230_000)).toBe(
      'suite budget: 230 s used of 270 s, this configuration needs about 51.5 s more',
    );
    // a later workload needs only two forwards (gate, reference): 20 s.
    expect(suiteBudgetReason(0, 270, 10_000, false, 230_000)).toBeNull();
    expect(suiteBudgetReason(0, 0, 1e9, true, 1e9)).toBeNull();
  });
});
