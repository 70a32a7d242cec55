/**
 * Linear attention's elu+1 feature map on a block of rows: out = elu(gain·x) + 1 (gain·x + 1
 * above zero, e^(gain·x) below). The exp runs on min(y, 0), inside the vector exp's range, and a
 * lane select picks the branch, so a row is straight-line SIMD with no per-element branch.
 */
import { expBias, expv, ks } from './exp';

export function eluPlusOneRows(
  x: usize, ldX: i32, rows: i32, d: i32, gain: f32, out: usize, ldOut: i32,
): void {
  const minX = ks(0), log2e = ks(1), magic = ks(2), ln2hi = ks(3), ln2lo = ks(4);
  const p5 = ks(5), p4 = ks(6), p3 = ks(7), p2 = ks(8), p1 = ks(9), p0 = ks(10), one = ks(11);
  const bias = expBias();
  const vg = f32x4.splat(gain);
  const zero = f32x4.splat(0);
  const d4 = d & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * ldX) << 2);
    const or = out + (<usize>(r * ldOut) << 2);
    for (let t = 0; t < d4; t += 4) {
      const y = f32x4.mul(vg, v128.load(xr + (<usize>t << 2)));
      const e = expv(f32x4.pmin(y, zero), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias);
      v128.store(or + (<usize>t << 2), v128.bitselect(f32x4.add(y, one), e, f32x4.gt(y, zero)));
    }
    for (let t = d4; t < d; t++) {
      const y = gain * load<f32>(xr + (<usize>t << 2));
      const e = f32x4.extract_lane(
        expv(f32x4.splat(min(y, 0)), minX, log2e, magic, ln2hi, ln2lo, p5, p4, p3, p2, p1, p0, one, bias), 0);
      store<f32>(or + (<usize>t << 2), y > 0 ? y + 1 : e);
    }
  }
}
