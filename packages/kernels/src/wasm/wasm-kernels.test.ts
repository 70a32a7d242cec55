import { AttentionError, createRng } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { getKernels } from '../backend.ts';
import { jsKernels } from '../js/index.ts';
import type { Kernels } from '../types.ts';
import { createWasmKernels, wasmExp } from './kernels.ts';
import { type WasmBuild, wasmModule } from './load.ts';

// Each wasm primitive against its JS twin on the same inputs: the JS side runs on a plain copy of
// the workspace, so any difference is the kernel's. Sizes are odd on purpose (tails of 4 and 8
// lanes, depth 1, 60) and cross the wasm block sizes (64 keys in scoreTile, 128 in gemm).
const SHAPES = [
  { rows: 1, cols: 1, depth: 1, dv: 1 },
  { rows: 3, cols: 5, depth: 3, dv: 7 },
  { rows: 7, cols: 13, depth: 60, dv: 60 },
  { rows: 13, cols: 131, depth: 61, dv: 9 },
  { rows: 64, cols: 300, depth: 64, dv: 64 },
];
const TOL = { atol: 2e-5, rtol: 2e-5 };
const builds = (['simd', 'relaxed'] as WasmBuild[]).filter((b) => wasmModule(b) !== null);

it('this runtime validates the SIMD128 build (Node ≥ 16.4, every current browser)', () => {
  expect(builds).toContain('simd');
});

// Node 20 rejects relaxed SIMD without V8's flag (src/node.test.ts sets it in a child process);
// from Node 22 it is on, and CI runs every test again on Node 24 so that the FMA build, the
// default there and in browsers, is tested too.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const flagged = process.execArgv.includes('--experimental-wasm-relaxed-simd');
const relaxedExpected = nodeMajor >= 22 || flagged;

it('auto picks the relaxed-SIMD build where it validates (Node ≥ 22, Node 20 with the flag)', () => {
  expect(builds.includes('relaxed')).toBe(relaxedExpected);
  expect(getKernels('auto').name).toBe(relaxedExpected ? 'wasm-relaxed-simd' : 'wasm-simd');
});

it('a pinned build is that build, or UNSUPPORTED saying how to get it', () => {
  expect(getKernels('wasm-simd').name).toBe('wasm-simd');
  if (relaxedExpected) expect(getKernels('wasm-relaxed-simd').name).toBe('wasm-relaxed-simd');
  else {
    const err = (() => {
      try {
        getKernels('wasm-relaxed-simd');
      } catch (e) {
        return e as AttentionError;
      }
    })();
    expect(err).toBeInstanceOf(AttentionError);
    expect(err?.code).toBe('UNSUPPORTED');
    expect(err?.message).toMatch(/enableRelaxedSimd/);
  }
  expect(() => getKernels('wasm-fast' as never)).toThrow(/wasm-simd \| wasm-relaxed-simd/);
});

describe.each(builds)('wasm build %s', (build) => {
  const wasm = createWasmKernels(build) as Kernels;
  const rng = createRng(11);

  /** Random workspace of n floats on the wasm side and an identical plain copy for js. */
  const twins = (n: number, scale = 1) => {
    const ws = wasm.workspace(n);
    for (let i = 0; i < n; i++) ws[i] = rng.normal() * scale;
    return { ws, js: ws.slice() };
  };

  it.each(SHAPES)('scoreTile %o', ({ rows, cols, depth }) => {
    const ldS = cols + 5;
    const [q, k, s] = [3, 3 + rows * depth, 3 + rows * depth + cols * depth];
    const { ws, js } = twins(s + rows * ldS);
    wasm.scoreTile(ws, q, ws, k, ws, s, rows, cols, depth, ldS, 0.125);
    jsKernels.scoreTile(js, q, js, k, js, s, rows, cols, depth, ldS, 0.125);
    assertClose(ws, js, TOL);
  });

  it.each(SHAPES)('softmaxRows and maskBand %o', ({ rows, cols }) => {
    const ldS = cols + 2;
    const { ws, js } = twins(1 + rows * ldS, 4);
    for (const k of [wasm, jsKernels]) {
      const a = k === wasm ? ws : js;
      k.maskBand(a, 1, rows, cols, ldS, 2, -3, 5);
      k.softmaxRows(a, 1, rows, cols, ldS);
    }
    assertClose(ws, js, { atol: 1e-6, rtol: 1e-5 });
  });

  it.each(SHAPES)(
    'onlineSoftmax → pvTile → finalizeRows over key blocks %o',
    ({ rows, cols, dv }) => {
      const block = 37; // not a multiple of 4, and a last block shorter than the others
      const S = 0;
      const V = S + rows * cols;
      const T = V + cols * dv;
      const M = T + rows * block;
      const L = M + rows;
      const A = L + rows;
      const O = A + rows * dv;
      const { ws, js } = twins(O + rows * dv, 3);
      for (const [k, a] of [
        [wasm, ws],
        [jsKernels, js],
      ] as const) {
        a.fill(Number.NEGATIVE_INFINITY, S, S + cols); // row 0 fully masked
        a.fill(Number.NEGATIVE_INFINITY, M, M + rows);
        a.fill(0, L, A + rows * dv);
        for (let c0 = 0; c0 < cols; c0 += block) {
          const n = Math.min(block, cols - c0);
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < n; c++) a[T + r * block + c] = a[S + r * cols + c0 + c];
          k.onlineSoftmax(a, T, rows, n, block, a, M, a, L, a, A, dv);
          k.pvTile(a, T, rows, n, block, a, V + c0 * dv, dv, a, A);
        }
        k.finalizeRows(a, A, a, L, rows, dv, a, O);
      }
      assertClose(ws.subarray(O), js.subarray(O), { atol: 1e-5, rtol: 1e-5 });
      expect(Array.from(ws.subarray(O, O + dv)).every((x) => x === 0)).toBe(true);
    },
  );

  it.each(SHAPES)(
    'gemm and gemmTransA with leading dimensions %o',
    ({ rows: m, cols: inner, dv: n }) => {
      const [lda, ldb, ldc] = [inner + 1, n + 3, n + 2];
      const A = 0;
      const At = A + m * lda;
      const B = At + inner * (m + 1);
      const C = B + inner * ldb;
      const { ws, js } = twins(C + m * ldc);
      for (const [k, a] of [
        [wasm, ws],
        [jsKernels, js],
      ] as const) {
        k.gemm(a, A, lda, a, B, ldb, a, C, ldc, m, inner, n);
        k.gemmTransA(a, At, m + 1, a, B, ldb, a, C, ldc, m, inner, n);
      }
      assertClose(ws, js, { atol: 5e-5, rtol: 2e-5 });
    },
  );

  it.each(SHAPES)('addDistanceBias (ALiBi) %o', ({ rows, cols }) => {
    const ldS = cols + 3;
    const { ws, js } = twins(2 + rows * ldS, 2);
    // diag0 puts the diagonal inside the tile, so distances run through 0 on both sides.
    const diag0 = -Math.floor(cols / 2) + 1;
    wasm.addDistanceBias(ws, 2, rows, cols, ldS, diag0, 0.0625);
    jsKernels.addDistanceBias(js, 2, rows, cols, ldS, diag0, 0.0625);
    assertClose(ws, js, { atol: 1e-6, rtol: 1e-6 });
  });

  it.each([
    ...SHAPES.map((shape) => ({ ...shape, maxDistance: 3 })),
    { rows: 13, cols: 131, depth: 1, dv: 1, maxDistance: 40 },
    // 2R + 1 floats wider than the 64 KiB staging area: the JS fallback inside the wasm backend
    { rows: 5, cols: 70, depth: 1, dv: 1, maxDistance: 9000 },
  ])('addRelativeBias (T5 / Shaw table) %o', ({ rows, cols, maxDistance }) => {
    const ldS = cols + 3;
    const { ws, js } = twins(2 + rows * ldS, 2);
    const tOff = 5; // the head's table starts inside a larger, plain (non-workspace) array
    const table = Float32Array.from({ length: tOff + 2 * maxDistance + 1 }, () => rng.normal());
    for (const diag0 of [-Math.floor(cols / 2) + 1, -cols - maxDistance, rows + maxDistance]) {
      wasm.addRelativeBias(ws, 2, rows, cols, ldS, diag0, table, tOff, maxDistance);
      jsKernels.addRelativeBias(js, 2, rows, cols, ldS, diag0, table, tOff, maxDistance);
    }
    assertClose(ws, js, { atol: 1e-6, rtol: 1e-6 });
  });

  it('maskTile matches js, including tiles taller than the 64 KiB mask staging area', () => {
    const rows = 9;
    const cols = 8000; // 8 rows fit in the staging area: two chunks
    const mask = new Uint8Array(rows * (cols + 3)).map(() => (rng.uniform() < 0.3 ? 0 : 1));
    const { ws, js } = twins(rows * cols);
    wasm.maskTile(ws, 0, rows, cols, cols, mask, 2, cols + 3);
    jsKernels.maskTile(js, 0, rows, cols, cols, mask, 2, cols + 3);
    expect(ws).toEqual(js);
  });

  it('vector exp is within 1.2e-7 relative of Math.exp over the softmax range', () => {
    const n = 200_003;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = -87 * (i / (n - 1)) ** 2; // dense near 0, reaches −87
    x[7] = Number.NEGATIVE_INFINITY;
    x[8] = -1e4;
    x[9] = -90;
    const got = wasmExp(build, x) as Float32Array;
    let worst = 0;
    for (let i = 10; i < n; i++) {
      const want = Math.exp(x[i]);
      worst = Math.max(worst, Math.abs(got[i] - want) / want);
    }
    expect(worst).toBeLessThan(1.2e-7);
    expect([got[7], got[8], got[9]]).toEqual([0, 0, 0]); // underflow flushes to 0, never NaN
    expect(got[0]).toBe(1); // x[0] = 0: e^0 exactly
  });

  it('refuses a workspace past what wasm32 can address with MEMORY_BUDGET, not a RangeError', () => {
    expect(() => wasm.workspace(2 ** 30 + 1)).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET' }),
    );
  });

  it('keeps results right when memory grows between calls, and refuses stale views', () => {
    const small = twins(64 * 8 + 8 * 8 + 8 * 8);
    wasm.scoreTile(small.ws, 0, small.ws, 64 * 8, small.ws, 64 * 8 + 64, 8, 8, 8, 8, 1);
    const before = small.ws.slice(64 * 8 + 64, 64 * 8 + 128);
    const big = wasm.workspace(8_000_000); // 32 MB: forces growth
    expect(() => wasm.softmaxRows(small.ws, 0, 1, 4, 4)).toThrow(/workspace/);
    big.set(small.js.subarray(0, 64 * 8 + 64));
    const tail = 7_000_000; // tiles far into the grown region
    big.copyWithin(tail, 0, 64 * 8 + 64);
    wasm.scoreTile(big, tail, big, tail + 64 * 8, big, tail + 64 * 8 + 64, 8, 8, 8, 8, 1);
    assertClose(big.subarray(tail + 64 * 8 + 64, tail + 64 * 8 + 128), before, TOL);
    expect(() => wasm.scoreTile(new Float32Array(8), 0, big, 0, big, 0, 1, 1, 1, 1, 1)).toThrow(
      /workspace/,
    );
  });
});
