/** S[r, c] = −∞ where the byte mask (row stride ldM) is 0; the mask was copied into our memory. */
export function maskTile(s: usize, rows: i32, cols: i32, ldS: i32, mask: usize, ldM: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const mp = mask + <usize>(r * ldM);
    for (let c = 0; c < cols; c++)
      if (load<u8>(mp + <usize>c) == 0) store<f32>(p + (<usize>c << 2), -Infinity);
  }
}
