/**
 * Relative-position bias on a score tile: S[r, c] += table[clamp(rel, −R, R) + R] with
 * rel = diag0 + c − r; `table` holds the 2R + 1 entries of one head (staged into our memory).
 * Per row the columns split into three runs — rel < −R (the first entry), the middle run (a
 * contiguous slice of the table, added four lanes at a time) and rel > R (the last entry).
 */
// @ts-ignore: decorator
@inline
function addConstant(p: usize, n: i32, x: f32): void {
  const v = f32x4.splat(x);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const q = p + (<usize>c << 2);
    v128.store(q, f32x4.add(v128.load(q), v));
  }
  for (; c < n; c++) {
    const q = p + (<usize>c << 2);
    store<f32>(q, load<f32>(q) + x);
  }
}

export function addRelativeBias(
  s: usize, rows: i32, cols: i32, ldS: i32, diag0: i32, table: usize, maxDistance: i32,
): void {
  const R = maxDistance;
  const low = load<f32>(table);
  const high = load<f32>(table + (<usize>(2 * R) << 2));
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const rel0 = diag0 - r; // rel at c = 0
    const midStart = max(0, min(cols, -R - rel0));
    const midEnd = max(midStart, min(cols, R - rel0 + 1));
    addConstant(p, midStart, low);
    // Column c of the middle run reads table entry rel0 + c + R.
    const t = table + (<usize>(rel0 + R) << 2);
    let c = midStart;
    for (; c + 4 <= midEnd; c += 4) {
      const q = p + (<usize>c << 2);
      v128.store(q, f32x4.add(v128.load(q), v128.load(t + (<usize>c << 2))));
    }
    for (; c < midEnd; c++) {
      const q = p + (<usize>c << 2);
      store<f32>(q, load<f32>(q) + load<f32>(t + (<usize>c << 2)));
    }
    addConstant(p + (<usize>midEnd << 2), cols - midEnd, high);
  }
}
