import { referenceBackward } from '@attnkit/core';
import {
  describeGradientConformance,
  expectGradientsClose,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, it } from 'vitest';
import { type SparseConfig, sparse } from './index.ts';
import { layoutMask } from './naive.ts';
import { naiveSparseBackward } from './naive-backward.ts';
import { fromMask } from './patterns/from-mask.ts';

// Blocks of 2–8 so the small gradient shapes (N = 4 … 9) already span several blocks, with
// partial blocks (fromMask, longformer's global tokens) and random blocks.
const SUBJECTS: { label: string; config: () => SparseConfig }[] = [
  {
    label: 'bigbird b=2',
    config: () => ({ pattern: 'bigbird', block: 2, globalBlocks: 1, randomBlocks: 1, seed: 3 }),
  },
  {
    label: 'longformer b=4 + global token',
    config: () => ({ pattern: 'longformer', block: 4, globalTokens: [5] }),
  },
  { label: 'strided b=8', config: () => ({ pattern: 'strided', block: 8, stride: 3 }) },
  {
    label: 'fromMask b=3',
    config: () => ({ pattern: fromMask((i, j) => Math.abs(i - j) < 3 || j % 5 === 0, 3) }),
  },
];

for (const backend of backendChoices()) {
  for (const { label, config } of SUBJECTS) {
    const create = () => sparse({ ...config(), backend });
    describeGradientConformance({
      name: `sparse ${label} (${backend})`,
      create,
      mask: (shape, options) => layoutMask(create().layout(shape, options), shape),
    });
  }
}

describe('sparse backward trust chain: reference → naive → fast', () => {
  const s = { B: 2, H: 2, Hkv: 1, Nq: 50, Nk: 61, D: 12, Dv: 7 };
  const { q, k, v } = makeInputs(s, 11);
  const dOut = makeDOut(s, 11);
  const shape = {
    batch: 2,
    heads: 2,
    kvHeads: 1,
    queryLength: 50,
    keyLength: 61,
    headDim: 12,
    valueDim: 7,
  };
  it.each([{ causal: false }, { causal: true, keyLengths: new Int32Array([61, 20]) }])(
    '%o',
    (options) => {
      const variant = sparse({ pattern: 'bigbird', block: 8, seed: 2, backend: 'js' });
      const layout = variant.layout(shape, options);
      const ref = referenceBackward(q, k, v, dOut, { ...options, mask: layoutMask(layout, shape) });
      const naive = naiveSparseBackward(q, k, v, dOut, options, layout);
      expectGradientsClose(naive, ref, 1e-7, 'naive vs reference backward');
      const fast = variant.backward!(q, k, v, dOut, options);
      expectGradientsClose(fast, naive, 1e-5, 'fast vs naive backward');
    },
  );
});
