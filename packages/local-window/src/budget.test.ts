import { randn } from '@attnkit/core';
import { expectOverBudget } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { localWindow } from './local-window.ts';

describe('local-window memoryBudget (issue 15, class 2)', () => {
  it('weights() with a window covering N = 40,000 is refused from the predicted bytes, before allocating', () => {
    const x = randn([1, 1, 40_000, 1], 1);
    const err = expectOverBudget(
      () => localWindow({ window: 40_000 }).weights(x, x),
      /^weights\(q, k\)/,
    );
    expect(err.expected).toBe('within memoryBudget 2147483648 bytes');
    // 40,000² visible pairs at 8 bytes each (column index + value) at least.
    expect(Number(err.received.match(/\d+/)![0])).toBeGreaterThan(8 * 40_000 ** 2);
  });
  it('forward and the decoder obey a small budget too', () => {
    const x = randn([1, 1, 256, 8], 2);
    const tight = localWindow({ window: 16, memoryBudget: 512 });
    expectOverBudget(() => tight.forward(x, x, x), /^q, k, v$/);
    const dec = tight.decoder({ batch: 1, heads: 1, kvHeads: 1, headDim: 8, valueDim: 8 });
    const t = randn([1, 1, 1, 8], 3);
    expectOverBudget(() => dec.step(t, t, t), /^decoder step/);
  });
  it('within budget nothing changes, and the config shows the budget', () => {
    const x = randn([1, 1, 64, 8], 4);
    const lw = localWindow({ window: 8, memoryBudget: 1 << 24 });
    expect(lw.config.memoryBudget).toBe(1 << 24);
    expect(lw.weights(x, x).kind).toBe('csr');
  });
});
