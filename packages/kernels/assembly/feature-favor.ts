/**
 * FAVOR+ positive random features, finished in place (see src/js/positive-random-features.ts
 * for the math): p[r, c] = exp(p[r, c] − shift_r) + floor, where shift_r is the row's max
 * projection (`rowMax`, queries) or offset + scale·|x_r|²/2 (keys).
 */
import { expShift } from './exp';
import { rowMax as maxOfRow } from './rows';

export function positiveRandomFeatures(
  p: usize, ldP: i32, x: usize, ldX: i32, rows: i32, m: i32, d: i32,
  scale: f32, rowMax: i32, offset: f32, floor: f32,
): void {
  const vf = f32x4.splat(floor);
  const m4 = m & ~3;
  const d4 = d & ~3;
  for (let r = 0; r < rows; r++) {
    const pr = p + (<usize>(r * ldP) << 2);
    let shift: f32;
    if (rowMax) {
      shift = maxOfRow(pr, m);
    } else {
      const xr = x + (<usize>(r * ldX) << 2);
      let vs = f32x4.splat(0);
      for (let t = 0; t < d4; t += 4) {
        const v = v128.load(xr + (<usize>t << 2));
        vs = f32x4.add(vs, f32x4.mul(v, v));
      }
      let sq = f32x4.extract_lane(vs, 0) + f32x4.extract_lane(vs, 1) + f32x4.extract_lane(vs, 2) + f32x4.extract_lane(vs, 3);
      for (let t = d4; t < d; t++) {
        const v = load<f32>(xr + (<usize>t << 2));
        sq += v * v;
      }
      shift = offset + 0.5 * scale * sq;
    }
    expShift(pr, m, shift, false);
    if (floor != 0) {
      for (let c = 0; c < m4; c += 4) {
        const q = pr + (<usize>c << 2);
        v128.store(q, f32x4.add(v128.load(q), vf));
      }
      for (let c = m4; c < m; c++) {
        const q = pr + (<usize>c << 2);
        store<f32>(q, load<f32>(q) + floor);
      }
    }
  }
}
