import { randn, referenceBackward } from '@attnkit/core';
import {
  describeGradientConformance,
  expectGradientsClose,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices, jsKernels } from '@attnkit/kernels';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { full } from './full.ts';
import { naiveFullBackward } from './naive-backward.ts';

for (const backend of backendChoices()) {
  describeGradientConformance({
    name: `full 64/64 (${backend})`,
    create: () => full({ backend }),
    createWithBudget: (memoryBudget) => full({ backend, memoryBudget }),
  });
  describeGradientConformance({
    name: `full queryBlock 7 (${backend})`,
    create: () => full({ queryBlock: 7, backend }),
  });
}

describe('trust chain: reference backward → naive full backward → fast path', () => {
  const s = { B: 2, H: 2, Hkv: 1, Nq: 50, Nk: 61, D: 12, Dv: 7 };
  const { q, k, v } = makeInputs(s, 11);
  const dOut = makeDOut(s, 11);
  const cases = [
    { causal: false },
    { causal: true, keyLengths: new Int32Array([61, 20]) },
    { causal: true, scoreBias: { kind: 'alibi' as const, slopes: Float32Array.from([0.3, 0.1]) } },
  ];
  it.each(cases)('%o', (options) => {
    const ref = referenceBackward(q, k, v, dOut, options);
    const naive = naiveFullBackward(q, k, v, dOut, options, 8);
    expectGradientsClose(naive, ref, 1e-7, 'naive vs reference backward');
    const fast = full({ queryBlock: 8, backend: 'js' }).backward!(q, k, v, dOut, options);
    expectGradientsClose(fast, naive, 1e-5, 'fast vs naive backward');
  });
});

describe('backward tiles visited', () => {
  afterEach(() => vi.restoreAllMocks());
  it('causal: tiles above the diagonal are skipped (10 of 16 at N = 256, blocks of 64)', () => {
    const spy = vi.spyOn(jsKernels, 'softmaxGradTile');
    const x = randn([1, 1, 256, 8], 1);
    full({ backend: 'js' }).backward!(x, x, x, randn([1, 1, 256, 8], 2), { causal: true });
    expect(spy.mock.calls.length).toBe(10);
  });
  it('a fully padded batch visits no tile and returns zeros', () => {
    const spy = vi.spyOn(jsKernels, 'softmaxGradTile');
    const x = randn([1, 1, 70, 8], 1);
    const g = full({ backend: 'js' }).backward!(x, x, x, randn([1, 1, 70, 8], 2), {
      keyLengths: [0],
    });
    expect(spy.mock.calls.length).toBe(0);
    for (const t of [g.dq, g.dk, g.dv]) expect(t.data.every((y) => y === 0)).toBe(true);
  });
});
