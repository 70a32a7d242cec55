import { createRng } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../js/index.ts';
import type { Kernels } from '../types.ts';
import { createWasmKernels } from './kernels.ts';
import { type WasmBuild, wasmModule } from './load.ts';

// Linear attention's kernels (feature maps, causal zeroing, the normaliser's row dots and column
// sums) against their JS twins on the same inputs. Odd widths cross the 4- and 16-lane tails.
const SHAPES = [
  { rows: 1, d: 1, m: 1 },
  { rows: 3, d: 5, m: 7 },
  { rows: 7, d: 60, m: 19 },
  { rows: 64, d: 64, m: 64 },
  { rows: 13, d: 61, m: 256 },
];
const builds = (['simd', 'relaxed'] as WasmBuild[]).filter((b) => wasmModule(b) !== null);

describe.each(builds)('wasm build %s, linear-attention kernels', (build) => {
  const wasm = createWasmKernels(build) as Kernels;
  const rng = createRng(5);
  const twins = (n: number, scale = 1) => {
    const ws = wasm.workspace(n);
    for (let i = 0; i < n; i++) ws[i] = rng.normal() * scale;
    return { ws, js: ws.slice() };
  };
  const both = (ws: Float32Array, js: Float32Array, run: (k: Kernels, a: Float32Array) => void) => {
    run(wasm, ws);
    run(jsKernels, js);
  };

  it.each(SHAPES)('eluPlusOneRows and reluRows %o', ({ rows, d }) => {
    const ldX = d + 3;
    const ldOut = d + 1;
    const out = 2 + rows * ldX;
    const out2 = out + rows * ldOut;
    const { ws, js } = twins(out2 + rows * ldOut, 6);
    both(ws, js, (k, a) => {
      k.eluPlusOneRows(a, 2, ldX, rows, d, 0.35, a, out, ldOut);
      k.reluRows(a, 2, ldX, rows, d, 0.35, a, out2, ldOut);
    });
    assertClose(ws, js, { atol: 1e-7, rtol: 2e-7 });
    for (let r = 0; r < rows; r++)
      for (let t = 0; t < d; t++) expect(ws[out + r * ldOut + t]).toBeGreaterThan(0);
  });

  it.each(SHAPES)('positiveRandomFeatures, keys and queries %o', ({ rows, d, m }) => {
    const ldP = m + 2;
    const P = 1 + rows * d;
    const Q = P + rows * ldP;
    const { ws, js } = twins(Q + rows * ldP, 2);
    both(ws, js, (k, a) => {
      k.positiveRandomFeatures(a, P, ldP, a, 1, d, rows, m, d, 0.125, false, 0.5, 1e-6);
      k.positiveRandomFeatures(a, Q, ldP, a, 1, d, rows, m, d, 0.125, true, 0, 0);
    });
    // Keys subtract |x'|²/2, summed in float32 here and float64 in JS: an exponent off by
    // ~1e-6 absolute is that much relative in the feature.
    assertClose(ws, js, { atol: 1e-12, rtol: 3e-6 });
  });

  it.each([
    [0, 0],
    [3, 0],
    [-2, 1],
    [4, -3],
  ])('zeroAboveBand diag0 = %i, hi = %i', (diag0, hi) => {
    const { ws, js } = twins(3 + 9 * 70);
    both(ws, js, (k, a) => k.zeroAboveBand(a, 3, 9, 67, 70, diag0, hi));
    expect(Array.from(ws)).toEqual(Array.from(js));
  });

  it.each(SHAPES)('rowDots and colSums accumulate into y %o', ({ rows, m }) => {
    const lda = m + 3;
    const X = 1 + rows * lda;
    const Y = X + m;
    const Z = Y + rows;
    const { ws, js } = twins(Z + m);
    both(ws, js, (k, a) => {
      k.rowDots(a, 1, lda, rows, m, a, X, a, Y);
      k.colSums(a, 1, lda, rows, m, a, Z);
    });
    assertClose(ws, js, { atol: 2e-5, rtol: 2e-5 });
  });
});
