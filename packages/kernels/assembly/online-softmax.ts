/**
 * One online-softmax step (FlashAttention): new row max, rescale the running sum l and the
 * accumulator row (dv floats) by e^(m_old − m_new), leave P = e^(S − m_new) in S.
 * A row still fully masked keeps m = −∞, l = 0 and P = 0.
 */
import { exps } from './exp';
import { expShiftRow, rowMax, scaleRow } from './rows';

export function onlineSoftmax(
  s: usize, rows: i32, cols: i32, ldS: i32, m: usize, l: usize, acc: usize, dv: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const p = s + (<usize>(r * ldS) << 2);
    const mp = m + (<usize>r << 2);
    const lp = l + (<usize>r << 2);
    const mOld = load<f32>(mp);
    const mNew = max(mOld, rowMax(p, cols));
    if (mNew == -Infinity) {
      memory.fill(p, 0, <usize>cols << 2);
      continue;
    }
    const sum = expShiftRow(p, cols, mNew);
    if (mNew != mOld) {
      const alpha = exps(mOld - mNew); // 0 when mOld = −∞
      store<f32>(lp, load<f32>(lp) * alpha + sum);
      scaleRow(acc + (<usize>(r * dv) << 2), dv, alpha);
      store<f32>(mp, mNew);
    } else {
      store<f32>(lp, load<f32>(lp) + sum);
    }
  }
}
