/** out[r, t] = acc[r, t] / l[r], or 0 where l[r] = 0 (a fully masked row). */
import { scaleRow } from './rows';

export function finalizeRows(acc: usize, l: usize, rows: i32, dv: i32, out: usize): void {
  const bytes = <usize>dv << 2;
  for (let r = 0; r < rows; r++) {
    const lr = load<f32>(l + (<usize>r << 2));
    const src = acc + <usize>r * bytes;
    const dst = out + <usize>r * bytes;
    if (lr == 0) {
      memory.fill(dst, 0, bytes);
      continue;
    }
    if (dst != src) memory.copy(dst, src, bytes);
    scaleRow(dst, dv, 1 / lr);
  }
}
