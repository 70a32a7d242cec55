/**
 * ALiBi on a score tile: S[r, c] −= slope · |diag0 + c − r|. Per row the distances of four
 * neighbouring columns are one i32x4 (rel0 + c + [0, 1, 2, 3]); abs, convert, multiply, subtract.
 * One pass over a tile already in L1, against the tile's depth-long dot products.
 */
export function addDistanceBias(s: usize, rows: i32, cols: i32, ldS: i32, diag0: i32, slope: f32): void {
  const vslope = f32x4.splat(slope);
  const step = i32x4.splat(4);
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const rel0 = diag0 - r;
    let rel = i32x4.add(i32x4.splat(rel0), i32x4(0, 1, 2, 3));
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const q = p + (<usize>c << 2);
      const dist = f32x4.convert_i32x4_s(i32x4.abs(rel));
      v128.store(q, f32x4.sub(v128.load(q), f32x4.mul(vslope, dist)));
      rel = i32x4.add(rel, step);
    }
    for (; c < cols; c++) {
      const q = p + (<usize>c << 2);
      store<f32>(q, load<f32>(q) - slope * <f32>abs(rel0 + c));
    }
  }
}
