/**
 * Vectorised e^x for the softmax range (x ≤ 0), about 1 ulp relative (≤ ~1.2e-7).
 * Cody–Waite reduction x = n·ln2 + r with |r| ≤ ln2/2, the Cephes degree-6 polynomial for e^r,
 * then 2^n built in the exponent bits. Below −87.3 the true value is subnormal or zero: we flush
 * to 0 (absolute error < 1.2e-38), which also makes exp(−∞) = 0 for masked scores.
 */
import { madd } from './madd';

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;
// @ts-ignore: decorator
@inline const MIN_X: f32 = -87.33654;

// @ts-ignore: decorator
@inline
export function expv(x: v128): v128 {
  const live = f32x4.ge(x, f32x4.splat(MIN_X));
  const xc = f32x4.max(x, f32x4.splat(MIN_X));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  p = madd(p, r2, f32x4.add(r, f32x4.splat(1)));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.and(f32x4.mul(p, pow2n), live);
}

/** Scalar twin for tails: same reduction and polynomial on one lane. */
// @ts-ignore: decorator
@inline
export function exps(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

/** x[i] = e^x[i] for n floats (exported so tests can compare against Math.exp). */
export function expInPlace(x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = x + (<usize>i << 2);
    v128.store(p, expv(v128.load(p)));
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    store<f32>(p, exps(load<f32>(p)));
  }
}
