/**
 * The kernel table (KernelSignatures) is the one statement of every kernel's signature: each JS
 * kernel must have exactly its entry's type, and each wasm export exactly the arity `WasmParams`
 * derives from it. A kernel that drifts fails to compile here (typecheck) or fails at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { addDistanceBias } from './js/add-distance-bias.ts';
import { addRelativeBias } from './js/add-relative-bias.ts';
import { colSums } from './js/col-sums.ts';
import { eluPlusOneRows } from './js/elu-plus-one-rows.ts';
import { finalizeRows } from './js/finalize-rows.ts';
import { gemm } from './js/gemm.ts';
import { gemmTransA } from './js/gemm-trans-a.ts';
import { maskBand } from './js/mask-band.ts';
import { maskTile } from './js/mask-tile.ts';
import { onlineSoftmax } from './js/online-softmax.ts';
import { positiveRandomFeatures } from './js/positive-random-features.ts';
import { pvTile } from './js/pv-tile.ts';
import { reluRows } from './js/relu-rows.ts';
import { rowDots } from './js/row-dots.ts';
import { scoreTile } from './js/score-tile.ts';
import { softmaxGradTile } from './js/softmax-grad-tile.ts';
import { softmaxRows } from './js/softmax-rows.ts';
import { zeroAboveBand } from './js/zero-above-band.ts';
import type { KernelSignatures } from './types.ts';
import type { DirectKernel, WasmParams } from './wasm/load.ts';
import { instantiate } from './wasm/load.ts';

const jsTable = {
  scoreTile,
  maskBand,
  maskTile,
  softmaxRows,
  softmaxGradTile,
  onlineSoftmax,
  pvTile,
  finalizeRows,
  gemm,
  gemmTransA,
  addDistanceBias,
  addRelativeBias,
  eluPlusOneRows,
  reluRows,
  positiveRandomFeatures,
  zeroAboveBand,
  rowDots,
  colSums,
};

/** Parameter count of each wasm export, checked against the table at compile time. */
type Arity = { [K in DirectKernel]: WasmParams<Parameters<KernelSignatures[K]>>['length'] };
const WASM_ARITY = {
  scoreTile: 8,
  maskBand: 7,
  maskTile: 6,
  softmaxRows: 4,
  softmaxGradTile: 8,
  onlineSoftmax: 8,
  finalizeRows: 5,
  addDistanceBias: 6,
  addRelativeBias: 7,
  eluPlusOneRows: 7,
  reluRows: 7,
  positiveRandomFeatures: 11,
  zeroAboveBand: 6,
  rowDots: 6,
  colSums: 5,
} as const satisfies Arity;

describe('the kernel table', () => {
  it('every JS kernel has exactly its table type, and the table has no kernel without one', () => {
    expectTypeOf(jsTable).toEqualTypeOf<{
      [K in keyof KernelSignatures]: KernelSignatures[K];
    }>();
    expectTypeOf<keyof typeof WASM_ARITY>().toEqualTypeOf<DirectKernel>();
    expect(Object.keys(jsTable).sort()).toEqual(
      [...Object.keys(WASM_ARITY), 'pvTile', 'gemm', 'gemmTransA'].sort(),
    );
  });

  // Node 20 validates the relaxed build only under its flag: .ci/run runs this file both ways.
  const builds = (['simd', 'relaxed'] as const).filter((b) => instantiate(b) !== null);
  it.each(builds)('each %s export takes the arity the table derives', (build) => {
    const w = instantiate(build) as Record<string, unknown>;
    for (const [name, arity] of Object.entries(WASM_ARITY))
      expect([name, (w[name] as (...a: number[]) => void).length]).toEqual([name, arity]);
  });
});
