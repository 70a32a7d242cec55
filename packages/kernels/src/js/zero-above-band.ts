import type { KernelSignatures } from '../types.ts';

/**
 * Causal mask for non-negative kernel tiles (linear attention): S[r, c] = 0 where
 * diag0 + c − r > hi, with diag0 = (position of key 0) − (position of query 0). Zero, not −∞,
 * because the tile is a product of features, not a logit.
 */
export const zeroAboveBand: KernelSignatures['zeroAboveBand'] = (
  s,
  sOff,
  rows,
  cols,
  ldS,
  diag0,
  hi,
) => {
  for (let r = 0; r < rows; r++) {
    // First column past the band in this row.
    const start = Math.max(0, hi - diag0 + r + 1);
    if (start >= cols) continue;
    const so = sOff + r * ldS;
    s.fill(0, so + start, so + cols);
  }
};
