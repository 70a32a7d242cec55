/** Linear attention's ReLU feature map on a block of rows: out = max(0, gain·x), gain = √scale. */
export function reluRows(
  x: usize, ldX: i32, rows: i32, d: i32, gain: f32, out: usize, ldOut: i32,
): void {
  const vg = f32x4.splat(gain);
  const zero = f32x4.splat(0);
  const d4 = d & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * ldX) << 2);
    const or = out + (<usize>(r * ldOut) << 2);
    for (let t = 0; t < d4; t += 4)
      v128.store(or + (<usize>t << 2), f32x4.pmax(zero, f32x4.mul(vg, v128.load(xr + (<usize>t << 2)))));
    for (let t = d4; t < d; t++) store<f32>(or + (<usize>t << 2), max<f32>(0, gain * load<f32>(xr + (<usize>t << 2))));
  }
}
