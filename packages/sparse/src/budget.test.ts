import { randn } from '@attnkit/core';
import { expectOverBudget } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { custom } from './patterns/custom.ts';
import { longformer } from './patterns/longformer.ts';
import { sparse } from './sparse.ts';

const expectBudget = expectOverBudget;
const shape = (n: number) => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: 1,
  valueDim: 1,
});

describe('sparse memoryBudget (issue 15, classes 1 and 6)', () => {
  it('weights() of bigbird at N = 200,000 is refused from the predicted pair count, not built', () => {
    const x = randn([1, 1, 200_000, 1], 1);
    // ≈ 1e8 pairs × 8 bytes ≈ 1 GB (it used to abort Node): refused under a 256 MiB budget
    // before any row is scored.
    const v = sparse({ pattern: 'bigbird', memoryBudget: 2 ** 28 });
    expectBudget(() => v.weights(x, x), /^weights\(q, k\)/);
  });
  it('weights() of a dense custom layout at N = 20,000 is refused at the default budget (4e8 pairs)', () => {
    const n = 20_000;
    const blocks = Math.ceil(n / 64);
    const rows = Array.from({ length: blocks }, () => Array.from({ length: blocks }, () => true));
    const x = randn([1, 1, n, 1], 2);
    expectBudget(() => sparse({ pattern: custom(rows), block: 64 }).weights(x, x), /^weights/);
  });
  it('a budget that fits builds the CSR in typed arrays of exactly the visible pairs', () => {
    const x = randn([1, 2, 300, 4], 3);
    const w = sparse({ pattern: 'bigbird', block: 16, memoryBudget: 1 << 24 }).weights(x, x, {
      causal: true,
    });
    if (w.kind !== 'csr') throw new Error('expected CSR rows');
    expect(w.colIdx).toBeInstanceOf(Int32Array);
    expect(w.values).toBeInstanceOf(Float32Array);
    expect(w.colIdx.length).toBe(w.rowPtr[w.rowPtr.length - 1]);
  });
  it('block 1e6 is refused (forward, weights), never RangeError; cost predicts the peak', () => {
    const x = randn([1, 1, 64, 4], 4);
    const v = sparse({ block: 1e6 });
    expectBudget(() => v.forward(x, x, x), /^q, k, v/);
    expectBudget(() => v.weights(x, x), /^weights/);
    const { peakBytes } = v.cost({ ...shape(64), headDim: 4, valueDim: 4 });
    expect(peakBytes).toBeGreaterThan(4e12); // the b×b score tile, predicted, not allocated
  });
  it('Longformer with block 1e5 and global tokens is refused, never RangeError', () => {
    const v = sparse({ pattern: longformer({ globalTokens: [0] }), block: 1e5 });
    expectBudget(() => v.cost(shape(10)), /^sparse layout/);
    const x = randn([1, 1, 10, 2], 7);
    expectBudget(() => v.forward(x, x, x), /^q, k, v|^sparse layout/);
  });
  it('cost at N = 1e12 is refused from the predicted layout size, at once', () => {
    expectBudget(() => sparse().cost(shape(1e12)), /^sparse layout/);
  });
  it('the decoder refuses a block it could not hold', () => {
    const dec = sparse({ block: 4096, memoryBudget: 1 << 20 }).decoder({
      batch: 1,
      heads: 1,
      kvHeads: 1,
      headDim: 64,
      valueDim: 64,
    });
    const t = randn([1, 1, 1, 64], 5);
    expectBudget(() => dec.step(t, t, t), /^decoder step/);
  });
});
