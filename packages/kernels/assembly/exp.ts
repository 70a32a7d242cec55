/**
 * Vectorised e^x for the softmax range (x ≤ 0), about 1 ulp relative (≤ ~1.2e-7).
 * Cody–Waite reduction x = n·ln2 + r with |r| ≤ ln2/2, the Cephes degree-6 polynomial for e^r,
 * then 2^n built in the exponent bits. Below −87.3 the true value is subnormal or zero: we flush
 * to 0 (absolute error < 1.2e-38), which also makes exp(−∞) = 0 for masked scores.
 *
 * V8 materialises every v128.const with several instructions, and neither Binaryen nor V8 hoists
 * them out of loops, so the 13 constants live in memory: `expShift` loads them once before its
 * loop and passes them in (Binaryen cannot sink loads back into a loop that stores).
 */
import { madd } from './madd';

// @ts-ignore: decorator
@inline const MAGIC_BITS: i32 = 0x4b400000; // bits of 1.5 · 2^23

const K = memory.data<f32>([
  -87.33654, 1.44269504088896341, 12582912, 0.693359375, -2.12194440e-4,
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
  5.0000001201e-1, 1,
]);
const BIAS = memory.data<i32>([127 - MAGIC_BITS]);

/** Constant i of the table above, splatted (0 minX, 1 log2e, 2 magic, 3 ln2hi, 4 ln2lo, 5…10 p5…p0, 11 one). */
// @ts-ignore: decorator
@inline
export function ks(i: i32): v128 {
  return v128.load32_splat(K + (<usize>i << 2));
}

/** The exponent bias of `expv`, splatted. */
// @ts-ignore: decorator
@inline
export function expBias(): v128 {
  return v128.load32_splat(BIAS);
}

// @ts-ignore: decorator
@inline
export function expv(
  x: v128, minX: v128, log2e: v128, magic: v128, ln2hi: v128, ln2lo: v128,
  p5: v128, p4: v128, p3: v128, p2: v128, p1: v128, p0: v128, one: v128, bias: v128,
): v128 {
  const live = f32x4.ge(x, minX);
  // pmax is one maxps on x64 (max, with its NaN rules, is several instructions)
  const xc = f32x4.pmax(minX, x);
  // Round to nearest by adding 1.5·2^23: the integer lands in the low mantissa bits, which
  // saves the costly nearest + trunc_sat pair.
  const t = madd(xc, log2e, magic);
  const n = f32x4.sub(t, magic);
  let r = f32x4.sub(xc, f32x4.mul(n, ln2hi));
  r = f32x4.sub(r, f32x4.mul(n, ln2lo));
  // Estrin's scheme: three independent pairs, then r² and r⁴ — a shorter dependency chain than
  // Horner's, which is what bounds this loop (the FP scheduler fills with waiting ops).
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const lo = madd(p1, r, p0);
  const mid = madd(p3, r, p2);
  const hi = madd(p5, r, p4);
  const poly = madd(hi, r4, madd(mid, r2, lo));
  const p = madd(poly, r2, f32x4.add(r, one));
  const pow2n = i32x4.shl(i32x4.add(t, bias), 23);
  return v128.and(f32x4.mul(p, pow2n), live);
}

/** e^x[i] for `n` floats at `x`, in place; the loop body every exp user repeats. */
// @ts-ignore: decorator
@inline
export function expShift(x: usize, n: i32, shift: f32, wantSum: bool): f32 {
  const minX = ks(0), log2e = ks(1), magic = ks(2), ln2hi = ks(3), ln2lo = ks(4);
  const p5 = ks(5), p4 = ks(6), p3 = ks(7), p2 = ks(8), p1 = ks(9), p0 = ks(10), one = ks(11);
  const bias = v128.load32_splat(BIAS);
  const vshift = f32x4.splat(shift);
  let vs = f32x4.splat(0);
  let i = 0;
  // Two vectors per pass: independent chains side by side keep both FP pipes busy.
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2);
    const e0 = expv(f32x4.sub(v128.load(p), vshift), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias);
    const e1 = expv(f32x4.sub(v128.load(p, 16), vshift), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias);
    v128.store(p, e0);
    v128.store(p, e1, 16);
    if (wantSum) vs = f32x4.add(vs, f32x4.add(e0, e1));
  }
  for (; i + 4 <= n; i += 4) {
    const p = x + (<usize>i << 2);
    const e = expv(f32x4.sub(v128.load(p), vshift), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias);
    v128.store(p, e);
    if (wantSum) vs = f32x4.add(vs, e);
  }
  let sum: f32 = 0;
  if (wantSum) {
    vs = f32x4.add(vs, i32x4.shuffle(vs, vs, 2, 3, 0, 1));
    sum = f32x4.extract_lane(f32x4.add(vs, i32x4.shuffle(vs, vs, 1, 0, 3, 2)), 0);
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    const e = f32x4.extract_lane(
      expv(f32x4.splat(load<f32>(p) - shift), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias),
      0,
    );
    store<f32>(p, e);
    sum += e;
  }
  return sum;
}

/** Scalar e^x on the same polynomial (one lane), for the online-softmax rescale factor. */
export function exps(x: f32): f32 {
  const minX = ks(0), log2e = ks(1), magic = ks(2), ln2hi = ks(3), ln2lo = ks(4);
  const p5 = ks(5), p4 = ks(6), p3 = ks(7), p2 = ks(8), p1 = ks(9), p0 = ks(10), one = ks(11);
  const bias = v128.load32_splat(BIAS);
  return f32x4.extract_lane(
    expv(f32x4.splat(x), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias),
    0,
  );
}

/** x[i] = e^x[i] for n floats (exported so tests can compare against Math.exp). */
export function expInPlace(x: usize, n: i32): void {
  expShift(x, n, 0, false);
}
