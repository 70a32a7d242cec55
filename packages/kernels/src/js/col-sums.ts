import type { KernelSignatures } from '../types.ts';

/** y[c] += Σ_r A[r, c] (z = Σ φ(k) in linear attention). */
export const colSums: KernelSignatures['colSums'] = (a, aOff, lda, rows, cols, y, yOff) => {
  for (let r = 0; r < rows; r++) {
    const ar = aOff + r * lda;
    for (let c = 0; c < cols; c++) y[yOff + c] += a[ar + c];
  }
};
