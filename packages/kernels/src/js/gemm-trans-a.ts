/** C += Aᵀ · B with A stored [inner × m]: a rank-1 update per row p of A and B. */
export function gemmTransA(
  a: Float32Array,
  aOff: number,
  lda: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
  m: number,
  inner: number,
  n: number,
): void {
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
}
