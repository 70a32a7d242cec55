import { randn } from '@attnkit/core';
import { expectOverBudget } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { full } from './full.ts';

describe('full memoryBudget', () => {
  it('the KV-cache decoder refuses to grow past the budget, from the predicted bytes', () => {
    const dims = { batch: 1, heads: 1, kvHeads: 1, headDim: 64, valueDim: 64 };
    const dec = full({ memoryBudget: 16_000 }).decoder!(dims);
    const t = randn([1, 1, 1, 64], 1);
    // 16 slots of k and v, the copy a step attends to: 4·2·64·(16 + 0 + 16) = 16,384 bytes.
    expectOverBudget(() => dec.step(t, t, t), /^decoder step \(KV cache\)$/);
    expect(full().decoder!(dims).step(t, t, t).shape).toEqual([1, 1, 1, 64]);
  });
  it('reports the backend it runs', () => {
    expect(full({ backend: 'js' }).backend).toBe('js');
  });
});
