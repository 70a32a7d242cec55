import { AttentionError, randn, referenceAttention } from '@attnkit/core';
import { assertClose, describeConformance } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { full } from './full.ts';

for (const backend of backendChoices()) {
  describeConformance({ name: `full (${backend})`, create: () => full({ backend }) });
  describeConformance({
    name: `full, queryBlock 7 (${backend})`,
    create: () => full({ queryBlock: 7, backend }),
  });
}

describe('full specifics', () => {
  it('weights() refuses a dense map above the memory budget', () => {
    const q = randn([1, 1, 64, 8], 1);
    expect(() => full({ memoryBudget: 1000 }).weights!(q, q)).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET' }),
    );
  });
  it('forward refuses when the predicted peak exceeds the budget, before allocating', () => {
    const q = randn([1, 1, 256, 8], 1);
    expect(() => full({ memoryBudget: 4096 }).forward(q, q, q)).toThrow(AttentionError);
  });
  it('refuses unknown config keys and bad block sizes', () => {
    expect(() => full({ queryBlok: 3 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    expect(() => full({ queryBlock: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
  it('causal cost counts only the visible triangle', () => {
    const shape = {
      batch: 1,
      heads: 1,
      kvHeads: 1,
      queryLength: 4,
      keyLength: 4,
      headDim: 1,
      valueDim: 1,
    };
    expect(full().cost(shape).flops).toBe(2 * 16 * 2);
    expect(full().cost(shape, { causal: true }).flops).toBe(2 * 10 * 2);
  });
  it('matches the reference on a long sequence (N = 1500, causal)', () => {
    const q = randn([1, 1, 1500, 64], 2);
    const k = randn([1, 1, 1500, 64], 3);
    const v = randn([1, 1, 1500, 64], 4);
    assertClose(
      full().forward(q, k, v, { causal: true }).data,
      referenceAttention(q, k, v, { causal: true }).output.data,
    );
  });
});
