/**
 * a·b + c on four lanes. The relaxed build (compiled with relaxed-simd enabled) uses the fused
 * f32x4.relaxed_madd; the SIMD128 build multiplies then adds. The branch folds at compile time.
 */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline
export function hsum(a: v128): f32 {
  const b = f32x4.add(a, i32x4.shuffle(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(b, i32x4.shuffle(b, b, 1, 0, 3, 2)), 0);
}

/** Largest of the four lanes. */
// @ts-ignore: decorator
@inline
export function hmax(a: v128): f32 {
  const b = f32x4.pmax(a, i32x4.shuffle(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.pmax(b, i32x4.shuffle(b, b, 1, 0, 3, 2)), 0);
}
