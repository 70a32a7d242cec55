import type { KernelSignatures } from '../types.ts';

/** C += A · B, i-k-j order so the innermost loop streams rows of B and C. */
export const gemm: KernelSignatures['gemm'] = (
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
  for (let i = 0; i < m; i++) {
    const co = cOff + i * ldc;
    for (let p = 0; p < inner; p++) {
      const x = a[aOff + i * lda + p];
      if (x === 0) continue;
      const bo = bOff + p * ldb;
      for (let j = 0; j < n; j++) c[co + j] += x * b[bo + j];
    }
  }
};
