/** Row helpers shared by softmax-rows and online-softmax: one row of `cols` floats at `p`. */
import { expv, exps } from './exp';
import { hmax, hsum } from './madd';

// @ts-ignore: decorator
@inline
export function rowMax(p: usize, cols: i32): f32 {
  let vm = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= cols; c += 4) vm = f32x4.max(vm, v128.load(p + (<usize>c << 2)));
  let mx = hmax(vm);
  for (; c < cols; c++) mx = max(mx, load<f32>(p + (<usize>c << 2)));
  return mx;
}

/** Replaces each x by e^(x − shift) and returns the row sum. */
// @ts-ignore: decorator
@inline
export function expShiftRow(p: usize, cols: i32, shift: f32): f32 {
  const vshift = f32x4.splat(shift);
  let vs = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const q = p + (<usize>c << 2);
    const e = expv(f32x4.sub(v128.load(q), vshift));
    v128.store(q, e);
    vs = f32x4.add(vs, e);
  }
  let sum = hsum(vs);
  for (; c < cols; c++) {
    const q = p + (<usize>c << 2);
    const e = exps(load<f32>(q) - shift);
    store<f32>(q, e);
    sum += e;
  }
  return sum;
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
