/** Row softmax in place; −∞ entries → 0; a row with no finite entry → all 0. */
import { expShiftRow, rowMax, scaleRow } from './rows';

export function softmaxRows(s: usize, rows: i32, cols: i32, ldS: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const mx = rowMax(p, cols);
    if (mx == -Infinity) {
      memory.fill(p, 0, <usize>cols << 2);
      continue;
    }
    scaleRow(p, cols, 1 / expShiftRow(p, cols, mx));
  }
}
