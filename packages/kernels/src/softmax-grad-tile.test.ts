import { createRng } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { availableBackends } from './backend.ts';
import { jsKernels } from './js/index.ts';
import type { Kernels } from './types.ts';

// Odd widths (not multiples of 4) and a masked row (L = −∞) and masked entries (S = −∞).
const SIZES = [
  { rows: 1, cols: 1 },
  { rows: 5, cols: 7 },
  { rows: 13, cols: 33 },
  { rows: 64, cols: 64 },
];

function run(k: Kernels, rows: number, cols: number, seed: number) {
  const rng = createRng(seed);
  const ld = cols + 3;
  const ws = k.workspace(2 * rows * ld + 2 * rows + 2);
  const sOff = 1;
  const dpOff = sOff + rows * ld;
  const lOff = dpOff + rows * ld;
  const dOff = lOff + rows;
  for (let i = 0; i < rows * ld; i++) {
    ws[sOff + i] = rng.normal() * 3;
    ws[dpOff + i] = rng.normal();
  }
  for (let r = 0; r < rows; r++) {
    ws[lOff + r] = 4 + rng.normal();
    ws[dOff + r] = rng.normal();
    ws[sOff + r * ld + (r % cols)] = Number.NEGATIVE_INFINITY;
  }
  if (rows > 2) ws[lOff + 2] = Number.NEGATIVE_INFINITY;
  const before = {
    s: ws.slice(sOff, dpOff),
    dp: ws.slice(dpOff, lOff),
    l: ws.slice(lOff, dOff),
    d: ws.slice(dOff, dOff + rows),
  };
  k.softmaxGradTile(ws, sOff, ws, dpOff, rows, cols, ld, ws, lOff, ws, dOff, 0.7);
  return { before, p: ws.slice(sOff, dpOff), ds: ws.slice(dpOff, lOff), ld };
}

describe.each(availableBackends().map((k) => ({ k, name: k.name })))(
  'softmaxGradTile ($name)',
  ({ k }: { k: Kernels }) => {
    it.each(SIZES)(
      '%o equals the float64 loop; masked rows and entries are zeros',
      ({ rows, cols }) => {
        const { before, p, ds, ld } = run(k, rows, cols, rows * 31 + cols);
        const wantP: number[] = [];
        const wantDs: number[] = [];
        const gotP: number[] = [];
        const gotDs: number[] = [];
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const L = before.l[r];
            const pp = L === Number.NEGATIVE_INFINITY ? 0 : Math.exp(before.s[r * ld + c] - L);
            wantP.push(pp);
            wantDs.push(
              0.7 * pp * (L === Number.NEGATIVE_INFINITY ? 0 : before.dp[r * ld + c] - before.d[r]),
            );
            gotP.push(p[r * ld + c]);
            gotDs.push(ds[r * ld + c]);
          }
        assertClose(gotP, wantP, { atol: 1e-7, rtol: 3e-7, label: 'P' });
        assertClose(gotDs, wantDs, { atol: 1e-6, rtol: 1e-6, label: 'dS' });
        // Columns past `cols` (the stride padding) are left alone.
        for (let r = 0; r < rows; r++)
          for (let c = cols; c < ld; c++) expect(p[r * ld + c]).toBe(before.s[r * ld + c]);
      },
    );
    it('matches the js kernel', () => {
      const a = run(k, 13, 33, 5);
      const b = run(jsKernels, 13, 33, 5);
      assertClose(a.p, b.p, { atol: 1e-7, rtol: 1e-6 });
      assertClose(a.ds, b.ds, { atol: 1e-6, rtol: 1e-6 });
    });
  },
);
