import type { ScoreBias } from '@attnkit/core';
import type { Kernels } from './types.ts';

/**
 * Adds options.scoreBias to one score tile of head h, batch b: rows are queries qRow0…, columns
 * keys kCol0…, and `shift` = Nk − Nq places queries bottom-right (query i at position i + shift).
 * ALiBi and the relative table run on the backend's kernels; a bias function runs here.
 * Call after scoreTile and before the online softmax. O(rows·cols) against the tile's
 * O(rows·cols·D) score work. Works on any backend's arrays (wasm workspaces are Float32Array views).
 */
export function applyScoreBias(
  kernels: Kernels,
  bias: ScoreBias,
  s: Float32Array,
  sOff: number,
  rows: number,
  cols: number,
  ldS: number,
  b: number,
  h: number,
  qRow0: number,
  kCol0: number,
  shift: number,
): void {
  const diag0 = kCol0 - qRow0 - shift;
  switch (bias.kind) {
    case 'alibi':
      kernels.addDistanceBias(s, sOff, rows, cols, ldS, diag0, bias.slopes[h]);
      return;
    case 'relative':
      kernels.addRelativeBias(
        s,
        sOff,
        rows,
        cols,
        ldS,
        diag0,
        bias.table,
        h * (2 * bias.maxDistance + 1),
        bias.maxDistance,
      );
      return;
    case 'function':
      for (let r = 0; r < rows; r++) {
        const so = sOff + r * ldS;
        const qPos = qRow0 + r + shift;
        for (let c = 0; c < cols; c++) s[so + c] += bias.fn(b, h, qPos, kCol0 + c);
      }
  }
}
