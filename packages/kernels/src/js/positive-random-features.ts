import type { KernelSignatures } from '../types.ts';

/**
 * FAVOR+ positive random features, finished in place. On entry p[r, c] = w_c · x'_r (the
 * projection, x' = √scale·x, computed by a GEMM); on exit
 *   p[r, c] = exp(w_c · x'_r − |x'_r|²/2 − offset_r) + floor.
 * offset_r is the row's own max projection minus |x'|²/2 when `rowMax` (queries: a per-row
 * factor cancels in the row's normalisation, and it pins the largest feature at 1 so no query
 * underflows to all-zero), else the constant `offset` (keys: one constant for every key
 * cancels, and a constant keeps the causal form and the decoder free of future keys).
 * `floor` keeps every key feature positive, so a normaliser is never 0 by underflow.
 */
export const positiveRandomFeatures: KernelSignatures['positiveRandomFeatures'] = (
  p,
  pOff,
  ldP,
  x,
  xOff,
  ldX,
  rows,
  m,
  d,
  scale,
  rowMax,
  offset,
  floor,
) => {
  for (let r = 0; r < rows; r++) {
    const po = pOff + r * ldP;
    let shift: number;
    if (rowMax) {
      // |x'|²/2 is a per-row constant too, so it cancels with the max.
      shift = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < m; c++) if (p[po + c] > shift) shift = p[po + c];
    } else {
      const xo = xOff + r * ldX;
      let sq = 0;
      for (let t = 0; t < d; t++) sq += x[xo + t] * x[xo + t];
      shift = offset + 0.5 * scale * sq;
    }
    for (let c = 0; c < m; c++) p[po + c] = Math.exp(p[po + c] - shift) + floor;
  }
};
