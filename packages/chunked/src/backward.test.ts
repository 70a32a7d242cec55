import { referenceBackward } from '@attnkit/core';
import {
  describeGradientConformance,
  expectGradientsClose,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, it } from 'vitest';
import { chunked } from './chunked.ts';
import { naiveChunkedBackward } from './naive-backward.ts';

for (const backend of backendChoices()) {
  describeGradientConformance({
    name: `chunked 64/64 (${backend})`,
    create: () => chunked({ backend }),
    createWithBudget: (memoryBudget) => chunked({ backend, memoryBudget }),
  });
  describeGradientConformance({
    name: `chunked queryBlock 7, keyBlock 5 (${backend})`,
    create: () => chunked({ queryBlock: 7, keyBlock: 5, backend }),
  });
}

describe('trust chain: reference backward → naive chunked backward → fast path', () => {
  const s = { B: 2, H: 2, Hkv: 1, Nq: 50, Nk: 61, D: 12, Dv: 7 };
  const { q, k, v } = makeInputs(s, 11);
  const dOut = makeDOut(s, 11);
  const cases = [
    { causal: false },
    { causal: true, keyLengths: new Int32Array([61, 20]) },
    { causal: true, scoreBias: { kind: 'alibi' as const, slopes: Float32Array.from([0.3, 0.1]) } },
  ];
  it.each(cases)('%o', (options) => {
    const blocks = { queryBlock: 8, keyBlock: 16 };
    const ref = referenceBackward(q, k, v, dOut, options);
    const naive = naiveChunkedBackward(q, k, v, dOut, options, blocks);
    expectGradientsClose(naive, ref, 1e-7, 'naive vs reference backward');
    const fast = chunked({ ...blocks, backend: 'js' }).backward!(q, k, v, dOut, options);
    expectGradientsClose(fast, naive, 1e-5, 'fast vs naive backward');
  });
});
