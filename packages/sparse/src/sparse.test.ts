import { describeConformance } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { longformer, type SparseConfig, sparse } from './index.ts';
import { layoutMask } from './naive.ts';
import { union } from './patterns/combine.ts';
import { fromMask } from './patterns/from-mask.ts';
import { random } from './patterns/random.ts';
import { strided } from './patterns/strided.ts';

/** Small blocks so the suite's lengths (1 … 257) span many blocks, partial last blocks included. */
const SUBJECTS: { label: string; config: () => SparseConfig }[] = [
  {
    label: 'bigbird b=8',
    config: () => ({ pattern: 'bigbird', block: 8, globalBlocks: 1, randomBlocks: 2 }),
  },
  {
    label: 'bigbird per head b=4',
    config: () => ({ pattern: 'bigbird', block: 4, perHead: true, seed: 7 }),
  },
  {
    label: 'longformer b=8 + global tokens',
    // The suite runs from N = 1 to 257: tokens past a short call's length are dropped for it.
    config: () => ({
      pattern: longformer({ globalTokens: [5, 40], tokensBeyondLength: 'ignore' }),
      block: 8,
    }),
  },
  { label: 'strided b=4', config: () => ({ pattern: 'strided', block: 4, stride: 3 }) },
  { label: 'fixed b=8', config: () => ({ pattern: 'fixed', block: 8, stride: 3, summary: 1 }) },
  {
    label: 'random b=16',
    config: () => ({ pattern: 'random', block: 16, randomBlocks: 2, seed: 3 }),
  },
  { label: 'global b=16', config: () => ({ pattern: 'global', block: 16, globalBlocks: [0, 3] }) },
  {
    label: 'fromMask b=8',
    config: () => ({ pattern: fromMask((i, j) => Math.abs(i - j) < 6 || j % 11 === 0, 8) }),
  },
  {
    label: 'union(strided, random) b=4',
    config: () => ({
      pattern: union(strided({ stride: 5 }), random({ randomBlocks: 1 })),
      block: 4,
    }),
  },
];

for (const backend of backendChoices()) {
  for (const { label, config } of SUBJECTS) {
    const create = () => sparse({ ...config(), backend });
    describeConformance({
      name: `sparse ${label} (${backend})`,
      create,
      mask: (shape, options) => layoutMask(create().layout(shape, options), shape),
    });
  }
}

// The conformance suite compares against the reference under each layout's dense mask: that
// only tests sparsity if the layouts at its lengths really leave blocks out.
describe('the conformance layouts are sparse at the longest suite length (257)', () => {
  const shape = {
    batch: 1,
    heads: 4,
    kvHeads: 4,
    queryLength: 257,
    keyLength: 257,
    headDim: 8,
    valueDim: 8,
  };
  it.each(SUBJECTS)('$label', ({ config }) => {
    const layout = sparse(config()).layout(shape);
    expect(layout.density()).toBeGreaterThan(0);
    expect(layout.density()).toBeLessThan(1);
  });
});
