/**
 * Band mask: S[r, c] = −∞ unless lo <= diag0 + c − r <= hi. Per row the visible columns are one
 * interval, so we fill the two sides instead of testing every entry. lo/hi may be ±∞ (f64).
 */
// @ts-ignore: decorator
@inline
function fillNegInf(p: usize, n: i32): void {
  const v = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(p + (<usize>c << 2), v);
  for (; c < n; c++) store<f32>(p + (<usize>c << 2), -Infinity);
}

export function maskBand(
  s: usize, rows: i32, cols: i32, ldS: i32, diag0: f64, lo: f64, hi: f64,
): void {
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const first = max(0.0, lo - diag0 + <f64>r);
    const last = min(<f64>cols - 1, hi - diag0 + <f64>r);
    if (last < first) {
      fillNegInf(p, cols);
      continue;
    }
    const a = <i32>first;
    const b = <i32>last + 1;
    fillNegInf(p, a);
    fillNegInf(p + (<usize>b << 2), cols - b);
  }
}
