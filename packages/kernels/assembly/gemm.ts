/**
 * C[m×n] += A·B with A's element (i, p) at a + i·sai + p·sap (floats): sap = 1 is A row-major
 * (gemm, P·V), sai = 1 is Aᵀ (gemmTransA, φ(K)ᵀV). Register tile: 4 rows × 8 columns of C in
 * eight f32x4 accumulators; each step over p splats four A values and loads two B vectors.
 * The inner dimension runs in blocks of PB so a block of B (e.g. PB keys × dv of V) stays in L1
 * while every row block of A sweeps it — that keeps V in cache when inner = Nk is large.
 */
import { madd } from './madd';

// @ts-ignore: decorator
@inline const PB = 128;

// @ts-ignore: decorator
@inline
function tile4x8(ap: usize, sai: usize, sap: usize, bp: usize, ldb: usize, cp: usize, ldc: usize, steps: i32): void {
  let c00 = v128.load(cp), c01 = v128.load(cp, 16);
  let c10 = v128.load(cp + ldc), c11 = v128.load(cp + ldc, 16);
  let c20 = v128.load(cp + 2 * ldc), c21 = v128.load(cp + 2 * ldc, 16);
  let c30 = v128.load(cp + 3 * ldc), c31 = v128.load(cp + 3 * ldc, 16);
  for (let p = 0; p < steps; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(ap);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(ap + sai);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(ap + 2 * sai);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(ap + 3 * sai);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    ap += sap;
    bp += ldb;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ldc, c10); v128.store(cp + ldc, c11, 16);
  v128.store(cp + 2 * ldc, c20); v128.store(cp + 2 * ldc, c21, 16);
  v128.store(cp + 3 * ldc, c30); v128.store(cp + 3 * ldc, c31, 16);
}

/** One row of C, `width` columns (a multiple of 4, at most 8 vectors wide per pass). */
// @ts-ignore: decorator
@inline
function row1x4(ap: usize, sap: usize, bp: usize, ldb: usize, cp: usize, steps: i32): void {
  let c0 = v128.load(cp);
  for (let p = 0; p < steps; p++) {
    c0 = madd(v128.load32_splat(ap), v128.load(bp), c0);
    ap += sap;
    bp += ldb;
  }
  v128.store(cp, c0);
}

// @ts-ignore: decorator
@inline
function scalar1x1(ap: usize, sap: usize, bp: usize, ldb: usize, cp: usize, steps: i32): void {
  let c0 = load<f32>(cp);
  for (let p = 0; p < steps; p++) {
    c0 += load<f32>(ap) * load<f32>(bp);
    ap += sap;
    bp += ldb;
  }
  store<f32>(cp, c0);
}

export function gemmStrided(
  a: usize, saiF: i32, sapF: i32, b: usize, ldbF: i32, c: usize, ldcF: i32, m: i32, inner: i32, n: i32,
): void {
  const sai = <usize>saiF << 2;
  const sap = <usize>sapF << 2;
  const ldb = <usize>ldbF << 2;
  const ldc = <usize>ldcF << 2;
  const m4 = m & ~3;
  const n8 = n & ~7;
  const n4 = n & ~3;
  for (let p0 = 0; p0 < inner; p0 += PB) {
    const steps = min(PB, inner - p0);
    const aBase = a + <usize>p0 * sap;
    const bBase = b + <usize>p0 * ldb;
    for (let i = 0; i < m; i++) {
      const ap = aBase + <usize>i * sai;
      const cRow = c + <usize>i * ldc;
      let j = 0;
      if (i < m4) {
        // rows i..i+3 share the 4×8 tiles; their 4-wide and scalar tails are done row by row below
        for (; j < n8; j += 8) tile4x8(ap, sai, sap, bBase + (<usize>j << 2), ldb, cRow + (<usize>j << 2), ldc, steps);
        for (let ii = 0; ii < 4; ii++) {
          const api = ap + <usize>ii * sai;
          const ci = cRow + <usize>ii * ldc;
          for (let jj = j; jj < n4; jj += 4) row1x4(api, sap, bBase + (<usize>jj << 2), ldb, ci + (<usize>jj << 2), steps);
          for (let jj = n4; jj < n; jj++) scalar1x1(api, sap, bBase + (<usize>jj << 2), ldb, ci + (<usize>jj << 2), steps);
        }
        i += 3;
        continue;
      }
      for (; j < n4; j += 4) row1x4(ap, sap, bBase + (<usize>j << 2), ldb, cRow + (<usize>j << 2), steps);
      for (; j < n; j++) scalar1x1(ap, sap, bBase + (<usize>j << 2), ldb, cRow + (<usize>j << 2), steps);
    }
  }
}
