import { randn, referenceBackward } from '@attnkit/core';
import {
  describeGradientConformance,
  expectGradientsClose,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices, jsKernels } from '@attnkit/kernels';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('backward tiles visited', () => {
  afterEach(() => vi.restoreAllMocks());
  it('causal: tiles above the diagonal are skipped (10 of 16 at N = 256, blocks of 64)', () => {
    const spy = vi.spyOn(jsKernels, 'softmaxGradTile');
    const x = randn([1, 1, 256, 8], 1);
    chunked({ backend: 'js' }).backward!(x, x, x, randn([1, 1, 256, 8], 2), { causal: true });
    expect(spy.mock.calls.length).toBe(10);
  });
  it('a fully padded batch visits no tile and returns zeros', () => {
    const spy = vi.spyOn(jsKernels, 'softmaxGradTile');
    const x = randn([1, 1, 70, 8], 1);
    const g = chunked({ backend: 'js' }).backward!(x, x, x, randn([1, 1, 70, 8], 2), {
      keyLengths: [0],
    });
    expect(spy.mock.calls.length).toBe(0);
    for (const t of [g.dq, g.dk, g.dv]) expect(t.data.every((y) => y === 0)).toBe(true);
  });
});
