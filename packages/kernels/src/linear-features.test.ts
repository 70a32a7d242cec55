import { createRng } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { eluPlusOneRows } from './js/elu-plus-one-rows.ts';
import { positiveRandomFeatures } from './js/positive-random-features.ts';
import { reluRows } from './js/relu-rows.ts';
import { zeroAboveBand } from './js/zero-above-band.ts';

const rng = createRng(11);
const normals = (n: number, scale = 1) =>
  Float32Array.from({ length: n }, () => rng.normal() * scale);

describe('linear attention feature kernels', () => {
  it('eluPlusOneRows: elu(gain·x) + 1, strided rows, positive everywhere', () => {
    const x = normals(3 * 7, 30);
    const out = new Float32Array(3 * 6);
    eluPlusOneRows(x, 1, 7, 3, 5, 0.5, out, 0, 6);
    const want: number[] = [];
    const got: number[] = [];
    for (let r = 0; r < 3; r++)
      for (let t = 0; t < 5; t++) {
        const y = 0.5 * x[1 + r * 7 + t];
        want.push(y > 0 ? y + 1 : Math.exp(y));
        got.push(out[r * 6 + t]);
      }
    assertClose(got, want, { atol: 0, rtol: 1e-6 });
    expect(got.every((g) => g >= 0)).toBe(true);
    expect(out[5]).toBe(0);
  });

  it('reluRows: max(0, gain·x)', () => {
    const x = normals(4 * 3);
    const out = new Float32Array(12);
    reluRows(x, 0, 3, 4, 3, 2, out, 0, 3);
    for (let i = 0; i < 12; i++) expect(out[i]).toBeCloseTo(Math.max(0, 2 * x[i]), 6);
  });

  it('positiveRandomFeatures: keys use the constant offset, queries their own max', () => {
    const d = 5;
    const m = 4;
    const x = normals(2 * d);
    const proj = normals(2 * m, 3);
    const keys = proj.slice();
    positiveRandomFeatures(keys, 0, m, x, 0, d, 2, m, d, 0.25, false, 1.5, 1e-20);
    const queries = proj.slice();
    positiveRandomFeatures(queries, 0, m, x, 0, d, 2, m, d, 0.25, true, 0, 0);
    for (let r = 0; r < 2; r++) {
      let sq = 0;
      for (let t = 0; t < d; t++) sq += x[r * d + t] ** 2;
      const row = Array.from(proj.subarray(r * m, (r + 1) * m));
      const max = Math.max(...row);
      for (let c = 0; c < m; c++) {
        const want = Math.exp(row[c] - 0.125 * sq - 1.5) + 1e-20;
        expect(Math.abs(keys[r * m + c] - want) / want).toBeLessThan(1e-6);
        expect(queries[r * m + c]).toBeCloseTo(Math.exp(row[c] - max), 6);
      }
      expect(Math.max(...queries.subarray(r * m, (r + 1) * m))).toBe(1);
    }
  });

  it('positiveRandomFeatures: a huge key stays at the floor, never 0', () => {
    const x = Float32Array.from([100, -100, 100]);
    const p = Float32Array.from([-3000, 10]);
    positiveRandomFeatures(p, 0, 2, x, 0, 3, 1, 2, 3, 1, false, 0, 1e-20);
    expect(Array.from(p)).toEqual([Math.fround(1e-20), Math.fround(1e-20)]);
  });

  it('zeroAboveBand zeros keys past query position + hi, and nothing else', () => {
    const rows = 5;
    const cols = 7;
    const ld = 9;
    for (const [diag0, hi] of [
      [0, 0],
      [3, 0],
      [-2, 1],
      [0, 10],
      [4, -3],
    ]) {
      const s = new Float32Array(rows * ld).fill(1);
      zeroAboveBand(s, 0, rows, cols, ld, diag0, hi);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < ld; c++) {
          const masked = c < cols && diag0 + c - r > hi;
          expect(s[r * ld + c]).toBe(masked ? 0 : 1);
        }
    }
  });
});
