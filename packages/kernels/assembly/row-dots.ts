/**
 * y[r] += Σ_c A[r, c] · x[c] (a matrix–vector product): the normaliser φ(Q)·z of linear
 * attention, and the row sums of a kernel tile with x = ones. Four rows per pass share each
 * load of x, and every row reduces in a vector accumulator — not the GEMM's one-column tail.
 */
import { hsum, madd } from './madd';

export function rowDots(a: usize, lda: i32, rows: i32, cols: i32, x: usize, y: usize): void {
  const c4 = cols & ~3;
  const ld = <usize>lda << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a0 = a + <usize>r * ld;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) {
      const o = <usize>c << 2;
      const xv = v128.load(x + o);
      s0 = madd(v128.load(a0 + o), xv, s0);
      s1 = madd(v128.load(a0 + ld + o), xv, s1);
      s2 = madd(v128.load(a0 + 2 * ld + o), xv, s2);
      s3 = madd(v128.load(a0 + 3 * ld + o), xv, s3);
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (let c = c4; c < cols; c++) {
      const o = <usize>c << 2;
      const xc = load<f32>(x + o);
      t0 += load<f32>(a0 + o) * xc;
      t1 += load<f32>(a0 + ld + o) * xc;
      t2 += load<f32>(a0 + 2 * ld + o) * xc;
      t3 += load<f32>(a0 + 3 * ld + o) * xc;
    }
    const yr = y + (<usize>r << 2);
    store<f32>(yr, load<f32>(yr) + t0);
    store<f32>(yr, load<f32>(yr, 4) + t1, 4);
    store<f32>(yr, load<f32>(yr, 8) + t2, 8);
    store<f32>(yr, load<f32>(yr, 12) + t3, 12);
  }
  for (; r < rows; r++) {
    const ar = a + <usize>r * ld;
    let s = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) s = madd(v128.load(ar + (<usize>c << 2)), v128.load(x + (<usize>c << 2)), s);
    let t = hsum(s);
    for (let c = c4; c < cols; c++) t += load<f32>(ar + (<usize>c << 2)) * load<f32>(x + (<usize>c << 2));
    store<f32>(y + (<usize>r << 2), load<f32>(y + (<usize>r << 2)) + t);
  }
}
