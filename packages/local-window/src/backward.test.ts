import { referenceBackward } from '@attnkit/core';
import {
  describeGradientConformance,
  expectGradientsClose,
  makeDOut,
  makeInputs,
} from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, it } from 'vitest';
import { type LocalWindowConfig, resolveConfig } from './config.ts';
import { localWindow } from './local-window.ts';
import { bandMask } from './naive.ts';
import { naiveLocalBackward } from './naive-backward.ts';

// Narrow bands that cut every gradient shape, odd blocks so tiles straddle the band edges,
// dilated windows (per residue class), and a window wider than every shape (full attention).
const CONFIGS: LocalWindowConfig[] = [
  { window: 4 },
  { left: 3, right: 1, block: 3 },
  { left: 5, right: 2, block: 7 },
  { window: 2, dilation: 2, block: 3 },
  { left: 3, right: 1, dilation: 3, block: 16 },
  { window: 1000 },
];

for (const backend of backendChoices()) {
  for (const config of CONFIGS) {
    const band = resolveConfig(config);
    describeGradientConformance({
      name: `local-window ${JSON.stringify(config)} (${backend})`,
      create: () => localWindow({ ...config, backend }),
      mask: (shape) => bandMask(shape, band),
    });
  }
}

describe('local-window backward', () => {
  const s = { B: 2, H: 2, Hkv: 1, Nq: 50, Nk: 61, D: 12, Dv: 7 };
  const { q, k, v } = makeInputs(s, 11);
  const dOut = makeDOut(s, 11);
  it.each([{ causal: false }, { causal: true, keyLengths: new Int32Array([61, 20]) }])(
    'trust chain: reference → naive → fast (%o)',
    (options) => {
      const band = { left: 6, right: 3, dilation: 1 };
      const mask = bandMask({ queryLength: 50, keyLength: 61 }, band);
      const ref = referenceBackward(q, k, v, dOut, { ...options, mask });
      const naive = naiveLocalBackward(q, k, v, dOut, options, band, 8);
      expectGradientsClose(naive, ref, 1e-7, 'naive vs reference backward');
      const fast = localWindow({ left: 6, right: 3, block: 8, backend: 'js' }).backward!(
        q,
        k,
        v,
        dOut,
        options,
      );
      expectGradientsClose(fast, naive, 1e-5, 'fast vs naive backward');
    },
  );
  it('dilation 2: per-class fast path equals the naive backward', () => {
    const band = { left: 3, right: 2, dilation: 2 };
    const options = { causal: true, keyLengths: new Int32Array([61, 20]) };
    const naive = naiveLocalBackward(q, k, v, dOut, options, band, 8);
    const fast = localWindow({ left: 3, right: 2, dilation: 2, block: 8, backend: 'js' }).backward!(
      q,
      k,
      v,
      dOut,
      options,
    );
    expectGradientsClose(fast, naive, 1e-5, 'fast vs naive backward');
  });
});
