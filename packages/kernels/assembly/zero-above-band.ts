/**
 * Causal mask for non-negative kernel tiles (linear attention): S[r, c] = 0 where
 * diag0 + c − r > hi. Zero, not −∞: the tile is a product of features, not a logit.
 */
export function zeroAboveBand(s: usize, rows: i32, cols: i32, ldS: i32, diag0: i32, hi: i32): void {
  for (let r = 0; r < rows; r++) {
    const start = max(0, hi - diag0 + r + 1);
    if (start >= cols) continue;
    memory.fill(s + (<usize>(r * ldS + start) << 2), 0, <usize>(cols - start) << 2);
  }
}
