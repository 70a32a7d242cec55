/**
 * The wasm-simd backends as `Kernels`: each method turns (array, offset) pairs into byte
 * pointers in the instance's memory and makes one call per tile. pvTile, gemm and gemmTransA
 * are the same strided 4×8 micro-kernel (assembly/gemm.ts) with A's strides swapped.
 */
import { jsKernels } from '../js/index.ts';
import type { BackendName, Kernels } from '../types.ts';
import { instantiate, type WasmBuild, type WasmExports } from './load.ts';
import { MASK_BYTES, WasmMemory } from './memory.ts';

/**
 * The kernels of one build on `w` (an instance made by `instantiateAsync`), or on a fresh
 * synchronous instance; null when the runtime does not validate the build.
 */
export function createWasmKernels(
  build: WasmBuild,
  w: WasmExports | null = instantiate(build),
): Kernels | null {
  if (!w) return null;
  const mem = new WasmMemory(w);
  const p = (a: Float32Array, off: number) => mem.ptr(a, off);
  const name: BackendName = build === 'relaxed' ? 'wasm-relaxed-simd' : 'wasm-simd';
  return {
    name,
    workspace: (length) => mem.workspace(length),
    scoreTile(q, qOff, k, kOff, s, sOff, rows, cols, depth, ldS, scale) {
      w.scoreTile(p(q, qOff), p(k, kOff), p(s, sOff), rows, cols, depth, ldS, scale);
    },
    maskBand(s, sOff, rows, cols, ldS, diag0, lo, hi) {
      w.maskBand(p(s, sOff), rows, cols, ldS, diag0, lo, hi);
    },
    maskTile(s, sOff, rows, cols, ldS, mask, mOff, ldM) {
      const sPtr = p(s, sOff);
      if (cols > MASK_BYTES) {
        // Wider than the staging area: mask in place from JS (s is a view of our memory).
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++)
            if (mask[mOff + r * ldM + c] === 0) s[sOff + r * ldS + c] = Number.NEGATIVE_INFINITY;
        return;
      }
      const u8 = mem.u8();
      const chunk = Math.floor(MASK_BYTES / cols);
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        for (let r = 0; r < n; r++) {
          const from = mOff + (r0 + r) * ldM;
          u8.set(mask.subarray(from, from + cols), mem.maskBase + r * cols);
        }
        w.maskTile(sPtr + 4 * r0 * ldS, n, cols, ldS, mem.maskBase, cols);
      }
    },
    softmaxRows(s, sOff, rows, cols, ldS) {
      w.softmaxRows(p(s, sOff), rows, cols, ldS);
    },
    onlineSoftmax(s, sOff, rows, cols, ldS, m, mOff, l, lOff, acc, accOff, dv) {
      w.onlineSoftmax(p(s, sOff), rows, cols, ldS, p(m, mOff), p(l, lOff), p(acc, accOff), dv);
    },
    pvTile(pm, pOff, rows, cols, ldP, v, vOff, dv, acc, accOff) {
      w.gemmStrided(p(pm, pOff), ldP, 1, p(v, vOff), dv, p(acc, accOff), dv, rows, cols, dv);
    },
    finalizeRows(acc, accOff, l, lOff, rows, dv, out, outOff) {
      w.finalizeRows(p(acc, accOff), p(l, lOff), rows, dv, p(out, outOff));
    },
    softmaxGradTile(s, sOff, dp, dpOff, rows, cols, ld, lse, lseOff, delta, deltaOff, scale) {
      w.softmaxGradTile(
        p(s, sOff),
        p(dp, dpOff),
        rows,
        cols,
        ld,
        p(lse, lseOff),
        p(delta, deltaOff),
        scale,
      );
    },
    gemm(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, inner, n) {
      w.gemmStrided(p(a, aOff), lda, 1, p(b, bOff), ldb, p(c, cOff), ldc, m, inner, n);
    },
    gemmTransA(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, inner, n) {
      w.gemmStrided(p(a, aOff), 1, lda, p(b, bOff), ldb, p(c, cOff), ldc, m, inner, n);
    },
    addDistanceBias(s, sOff, rows, cols, ldS, diag0, slope) {
      w.addDistanceBias(p(s, sOff), rows, cols, ldS, diag0, slope);
    },
    eluPlusOneRows(x, xOff, ldX, rows, d, gain, out, outOff, ldOut) {
      w.eluPlusOneRows(p(x, xOff), ldX, rows, d, gain, p(out, outOff), ldOut);
    },
    reluRows(x, xOff, ldX, rows, d, gain, out, outOff, ldOut) {
      w.reluRows(p(x, xOff), ldX, rows, d, gain, p(out, outOff), ldOut);
    },
    positiveRandomFeatures(pm, pOff, ldP, x, xOff, ldX, rows, m, d, scale, rowMax, offset, floor) {
      const px = p(x, xOff);
      w.positiveRandomFeatures(
        p(pm, pOff),
        ldP,
        px,
        ldX,
        rows,
        m,
        d,
        scale,
        rowMax ? 1 : 0,
        offset,
        floor,
      );
    },
    zeroAboveBand(s, sOff, rows, cols, ldS, diag0, hi) {
      w.zeroAboveBand(p(s, sOff), rows, cols, ldS, diag0, hi);
    },
    rowDots(a, aOff, lda, rows, cols, x, xOff, y, yOff) {
      w.rowDots(p(a, aOff), lda, rows, cols, p(x, xOff), p(y, yOff));
    },
    colSums(a, aOff, lda, rows, cols, y, yOff) {
      w.colSums(p(a, aOff), lda, rows, cols, p(y, yOff));
    },
    addRelativeBias(s, sOff, rows, cols, ldS, diag0, table, tOff, maxDistance) {
      const entries = 2 * maxDistance + 1;
      if (4 * entries > MASK_BYTES) {
        // A table wider than the staging area: add from JS (s is a view of our memory).
        jsKernels.addRelativeBias(s, sOff, rows, cols, ldS, diag0, table, tOff, maxDistance);
        return;
      }
      // The head's table goes through the staging area (2R + 1 floats against a rows × cols tile).
      new Float32Array(mem.u8().buffer, mem.maskBase, entries).set(
        table.subarray(tOff, tOff + entries),
      );
      w.addRelativeBias(p(s, sOff), rows, cols, ldS, diag0, mem.maskBase, maxDistance);
    },
  };
}

/** e^x of n floats in place, on the wasm vector exp (for tests against Math.exp). */
export function wasmExp(build: WasmBuild, x: Float32Array): Float32Array | null {
  const w = instantiate(build);
  if (!w) return null;
  const mem = new WasmMemory(w);
  const ws = mem.workspace(x.length);
  ws.set(x);
  w.expInPlace(mem.base, x.length);
  return ws.slice();
}
