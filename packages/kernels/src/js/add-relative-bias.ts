import type { KernelSignatures } from '../types.ts';

/**
 * Relative-position bias on a score tile: S[r, c] += table[tOff + clamp(rel, −R, R) + R] with
 * rel = diag0 + c − r. Rows are split into the clipped runs and the middle run so the inner loop
 * is a plain gather-free add over a contiguous slice of the table.
 */
export const addRelativeBias: KernelSignatures['addRelativeBias'] = (
  s,
  sOff,
  rows,
  cols,
  ldS,
  diag0,
  table,
  tOff,
  maxDistance,
) => {
  const R = maxDistance;
  const low = table[tOff];
  const high = table[tOff + 2 * R];
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const rel0 = diag0 - r; // rel at c = 0
    // Columns with rel < −R, rel in [−R, R], rel > R.
    const midStart = Math.max(0, Math.min(cols, -R - rel0));
    const midEnd = Math.max(midStart, Math.min(cols, R - rel0 + 1));
    for (let c = 0; c < midStart; c++) s[so + c] += low;
    const t0 = tOff + rel0 + R;
    for (let c = midStart; c < midEnd; c++) s[so + c] += table[t0 + c];
    for (let c = midEnd; c < cols; c++) s[so + c] += high;
  }
};
