import type { KernelSignatures } from '../types.ts';

/** S[r, c] = −∞ outside lo <= diag0 + c − r <= hi; only the columns outside the band are touched. */
export const maskBand: KernelSignatures['maskBand'] = (s, sOff, rows, cols, ldS, diag0, lo, hi) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    // Allowed columns: lo + r − diag0 <= c <= hi + r − diag0.
    const first = Math.max(0, Math.min(cols, lo + r - diag0));
    const last = Math.max(-1, Math.min(cols - 1, hi + r - diag0));
    // When last < first the two loops together cover the whole row.
    for (let c = 0; c < first; c++) s[so + c] = Number.NEGATIVE_INFINITY;
    for (let c = Math.max(last + 1, 0); c < cols; c++) s[so + c] = Number.NEGATIVE_INFINITY;
  }
};
