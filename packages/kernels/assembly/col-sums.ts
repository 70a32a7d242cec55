/**
 * y[c] += Σ_r A[r, c] for r < rows, c < cols: z = Σ φ(k) of linear attention, a vector add per
 * row instead of a one-column GEMM over Aᵀ.
 */
export function colSums(a: usize, lda: i32, rows: i32, cols: i32, y: usize): void {
  const ld = <usize>lda << 2;
  let c = 0;
  // Four vectors of y stay in registers while the rows stream past.
  for (; c + 16 <= cols; c += 16) {
    const o = <usize>c << 2;
    let s0 = v128.load(y + o), s1 = v128.load(y + o, 16), s2 = v128.load(y + o, 32), s3 = v128.load(y + o, 48);
    let ar = a + o;
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(ar));
      s1 = f32x4.add(s1, v128.load(ar, 16));
      s2 = f32x4.add(s2, v128.load(ar, 32));
      s3 = f32x4.add(s3, v128.load(ar, 48));
      ar += ld;
    }
    v128.store(y + o, s0); v128.store(y + o, s1, 16); v128.store(y + o, s2, 32); v128.store(y + o, s3, 48);
  }
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    let s = v128.load(y + o);
    for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(a + <usize>r * ld + o));
    v128.store(y + o, s);
  }
  for (; c < cols; c++) {
    const o = <usize>c << 2;
    let s = load<f32>(y + o);
    for (let r = 0; r < rows; r++) s += load<f32>(a + <usize>r * ld + o);
    store<f32>(y + o, s);
  }
}
