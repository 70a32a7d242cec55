import type { KernelSignatures } from '../types.ts';

/** y[r] += Σ_c A[r, c] · x[c] (the normaliser φ(Q)·z, or row sums with x = ones). */
export const rowDots: KernelSignatures['rowDots'] = (
  a,
  aOff,
  lda,
  rows,
  cols,
  x,
  xOff,
  y,
  yOff,
) => {
  for (let r = 0; r < rows; r++) {
    const ar = aOff + r * lda;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += a[ar + c] * x[xOff + c];
    y[yOff + r] += sum;
  }
};
