import { createRng } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { availableBackends } from './backend.ts';
import type { Kernels } from './types.ts';

const rng = createRng(7);
const filled = (ws: Float32Array, off: number, n: number, scale = 1) => {
  for (let i = 0; i < n; i++) ws[off + i] = rng.normal() * scale;
};
// Odd sizes on purpose: not multiples of 4 or 8, and depth 1.
const SIZES = [
  { rows: 1, cols: 1, depth: 1, dv: 1 },
  { rows: 5, cols: 7, depth: 3, dv: 9 },
  { rows: 13, cols: 33, depth: 60, dv: 60 },
  { rows: 64, cols: 64, depth: 64, dv: 64 },
];

describe.each(availableBackends().map((k) => ({ k, name: k.name })))(
  'kernels ($name)',
  ({ k }: { k: Kernels }) => {
    it.each(SIZES)('scoreTile %o equals the dot-product loop', ({ rows, cols, depth }) => {
      const ldS = cols + 3;
      const ws = k.workspace(rows * depth + cols * depth + rows * ldS + 8);
      const qOff = 1;
      const kOff = qOff + rows * depth;
      const sOff = kOff + cols * depth;
      filled(ws, qOff, rows * depth);
      filled(ws, kOff, cols * depth);
      k.scoreTile(ws, qOff, ws, kOff, ws, sOff, rows, cols, depth, ldS, 0.3);
      const got: number[] = [];
      const want: number[] = [];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          let d = 0;
          for (let t = 0; t < depth; t++) d += ws[qOff + r * depth + t] * ws[kOff + c * depth + t];
          want.push(d * 0.3);
          got.push(ws[sOff + r * ldS + c]);
        }
      assertClose(got, want, { atol: 1e-5, rtol: 1e-5 });
    });

    it('maskBand masks exactly outside lo <= diag0 + c − r <= hi', () => {
      for (const [lo, hi, diag0] of [
        [-Infinity, 0, 0],
        [-3, 2, 5],
        [-Infinity, -40, 0],
        [0, Infinity, -7],
        [-2, -2, 1],
      ]) {
        const rows = 9;
        const cols = 11;
        const ws = k.workspace(rows * cols);
        ws.fill(1);
        k.maskBand(ws, 0, rows, cols, cols, diag0, lo, hi);
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const inBand = diag0 + c - r >= lo && diag0 + c - r <= hi;
            expect(ws[r * cols + c]).toBe(inBand ? 1 : -Infinity);
          }
      }
    });

    it('maskTile masks where the byte mask is 0', () => {
      const ws = k.workspace(6 * 8);
      ws.fill(2);
      const mask = new Uint8Array(6 * 10).map((_, i) => (i % 3 === 0 ? 0 : 1));
      k.maskTile(ws, 0, 6, 8, 8, mask, 0, 10);
      for (let r = 0; r < 6; r++)
        for (let c = 0; c < 8; c++) expect(ws[r * 8 + c]).toBe(mask[r * 10 + c] ? 2 : -Infinity);
    });

    it('softmaxRows: rows sum to 1, masked entries 0, fully masked rows 0, large logits finite', () => {
      const rows = 4;
      const cols = 37;
      const ws = k.workspace(rows * cols);
      filled(ws, 0, rows * cols, 3);
      ws[5] = Number.NEGATIVE_INFINITY;
      ws.fill(Number.NEGATIVE_INFINITY, cols, 2 * cols);
      ws[2 * cols] = 1e4;
      ws[2 * cols + 1] = -1e4;
      const before = ws.slice();
      k.softmaxRows(ws, 0, rows, cols, cols);
      for (const r of [0, 2, 3]) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, before[r * cols + c]);
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += Math.exp(before[r * cols + c] - max);
        const want = Array.from(
          { length: cols },
          (_, c) => Math.exp(before[r * cols + c] - max) / sum,
        );
        assertClose(ws.subarray(r * cols, (r + 1) * cols), want, { atol: 1e-6, rtol: 1e-5 });
      }
      expect(ws[5]).toBe(0);
      expect(Array.from(ws.subarray(cols, 2 * cols)).every((x) => x === 0)).toBe(true);
    });

    it('onlineSoftmax + pvTile + finalizeRows over key blocks equal one softmax(S)·V', () => {
      const rows = 7;
      const n = 45;
      const dv = 9;
      const block = 16;
      const ws = k.workspace(rows * n + n * dv + rows * block + 2 * rows + 2 * rows * dv);
      const S = 0;
      const V = S + rows * n;
      const T = V + n * dv;
      const M = T + rows * block;
      const L = M + rows;
      const A = L + rows;
      const O = A + rows * dv;
      filled(ws, S, rows * n, 4);
      for (let c = 0; c < n; c++) ws[S + 3 * n + c] = Number.NEGATIVE_INFINITY; // row 3 fully masked
      ws[S + 5 * n + 40] = Number.NEGATIVE_INFINITY;
      filled(ws, V, n * dv);
      const scores = ws.slice(S, S + rows * n);
      ws.fill(Number.NEGATIVE_INFINITY, M, M + rows);
      ws.fill(0, L, L + rows);
      ws.fill(0, A, A + rows * dv);
      for (let c0 = 0; c0 < n; c0 += block) {
        const cols = Math.min(block, n - c0);
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) ws[T + r * block + c] = scores[r * n + c0 + c];
        k.onlineSoftmax(ws, T, rows, cols, block, ws, M, ws, L, ws, A, dv);
        k.pvTile(ws, T, rows, cols, block, ws, V + c0 * dv, dv, ws, A);
      }
      k.finalizeRows(ws, A, ws, L, rows, dv, ws, O);
      const want = new Float64Array(rows * dv);
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let c = 0; c < n; c++) max = Math.max(max, scores[r * n + c]);
        if (max === -Infinity) continue;
        let sum = 0;
        for (let c = 0; c < n; c++) sum += Math.exp(scores[r * n + c] - max);
        for (let c = 0; c < n; c++) {
          const p = Math.exp(scores[r * n + c] - max) / sum;
          for (let t = 0; t < dv; t++) want[r * dv + t] += p * ws[V + c * dv + t];
        }
      }
      assertClose(ws.subarray(O, O + rows * dv), want, { atol: 2e-6, rtol: 1e-5 });
      expect(Array.from(ws.subarray(O + 3 * dv, O + 4 * dv)).every((x) => x === 0)).toBe(true);
    });

    it.each(SIZES)(
      'gemm and gemmTransA %o accumulate A·B and Aᵀ·B',
      ({ rows: m, cols: n, depth: inner }) => {
        const ws = k.workspace(2 * m * inner + inner * n + m * n);
        const A = 0;
        const At = A + m * inner;
        const Bo = At + m * inner;
        const C = Bo + inner * n;
        filled(ws, A, m * inner);
        for (let i = 0; i < m; i++)
          for (let p = 0; p < inner; p++) ws[At + p * m + i] = ws[A + i * inner + p];
        filled(ws, Bo, inner * n);
        const want = new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < inner; p++) s += ws[A + i * inner + p] * ws[Bo + p * n + j];
            want[i * n + j] = 1 + s;
          }
        ws.fill(1, C, C + m * n);
        k.gemm(ws, A, inner, ws, Bo, n, ws, C, n, m, inner, n);
        assertClose(ws.subarray(C, C + m * n), want, { atol: 1e-5, rtol: 1e-5, label: 'gemm' });
        ws.fill(1, C, C + m * n);
        k.gemmTransA(ws, At, m, ws, Bo, n, ws, C, n, m, inner, n);
        assertClose(ws.subarray(C, C + m * n), want, {
          atol: 1e-5,
          rtol: 1e-5,
          label: 'gemmTransA',
        });
      },
    );
  },
);
