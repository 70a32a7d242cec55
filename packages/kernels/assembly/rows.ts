/** Row helpers shared by softmax-rows and online-softmax: one row of `cols` floats at `p`. */
import { expShift } from './exp';
import { hmax } from './madd';

// @ts-ignore: decorator
@inline
export function rowMax(p: usize, cols: i32): f32 {
  let vm = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= cols; c += 4) vm = f32x4.pmax(vm, v128.load(p + (<usize>c << 2)));
  let mx = hmax(vm);
  for (; c < cols; c++) mx = max(mx, load<f32>(p + (<usize>c << 2)));
  return mx;
}

/** Replaces each x by e^(x − shift) and returns the row sum. */
// @ts-ignore: decorator
@inline
export function expShiftRow(p: usize, cols: i32, shift: f32): f32 {
  return expShift(p, cols, shift, true);
}

// @ts-ignore: decorator
@inline
export function scaleRow(p: usize, n: i32, factor: f32): void {
  const vf = f32x4.splat(factor);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const q = p + (<usize>c << 2);
    v128.store(q, f32x4.mul(v128.load(q), vf));
  }
  for (; c < n; c++) {
    const q = p + (<usize>c << 2);
    store<f32>(q, load<f32>(q) * factor);
  }
}
