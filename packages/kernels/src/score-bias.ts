import { checkedBiasFn, type ScoreBias } from '@attnkit/core';
import type { Kernels } from './types.ts';

/**
 * Adds options.scoreBias to one score tile of head h, batch b: rows are queries qRow0…, columns
 * keys kCol0…, and `shift` = Nk − Nq places queries bottom-right (query i at position i + shift).
 * ALiBi and the relative table run on the backend's kernels; a bias function runs here.
 * Call after scoreTile and before the online softmax. O(rows·cols) against the tile's
 * O(rows·cols·D) score work. Works on any backend's arrays (wasm workspaces are Float32Array views).
 * A bias function's values obey core's ScoreBias contract here, whoever calls: −Infinity masks the
 * key on every backend (the kernels treat −∞ as masked), anything else not a number within 2^126
 * throws NON_FINITE naming b, h, i, j, before a NaN or +∞ can reach a softmax.
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
    case 'function': {
      const fn = checkedBiasFn(bias.fn);
      for (let r = 0; r < rows; r++) {
        const so = sOff + r * ldS;
        const qPos = qRow0 + r + shift;
        for (let c = 0; c < cols; c++) s[so + c] += fn(b, h, qPos, kCol0 + c);
      }
    }
  }
}
