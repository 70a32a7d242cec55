import type { KernelSignatures } from '../types.ts';

/** C += Aᵀ · B with A stored [inner × m]: a rank-1 update per row p of A and B. */
export const gemmTransA: KernelSignatures['gemmTransA'] = (
  a,
  aOff,
  lda,
  b,
  bOff,
  ldb,
  c,
  cOff,
  ldc,
  m,
  inner,
  n,
) => {
  for (let p = 0; p < inner; p++) {
    const ao = aOff + p * lda;
    const bo = bOff + p * ldb;
    for (let i = 0; i < m; i++) {
      const x = a[ao + i];
      if (x === 0) continue;
      const co = cOff + i * ldc;
      for (let j = 0; j < n; j++) c[co + j] += x * b[bo + j];
    }
  }
};
