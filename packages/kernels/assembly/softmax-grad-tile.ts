/**
 * FlashAttention-2's backward step on one tile (see src/js/softmax-grad-tile.ts): S becomes
 * P = e^(S − L) on the vector exp, dP becomes dS = scale · P ∘ (dP − D); rows with L = −∞ zeros.
 */
import { expShift } from './exp';

export function softmaxGradTile(
  s: usize, dp: usize, rows: i32, cols: i32, ld: i32, lse: usize, delta: usize, scale: f32,
): void {
  const bytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const sp = s + (<usize>(r * ld) << 2);
    const gp = dp + (<usize>(r * ld) << 2);
    const L = load<f32>(lse + (<usize>r << 2));
    if (L == -Infinity) {
      memory.fill(sp, 0, bytes);
      memory.fill(gp, 0, bytes);
      continue;
    }
    expShift(sp, cols, L, false);
    const d = f32x4.splat(load<f32>(delta + (<usize>r << 2)));
    const vs = f32x4.splat(scale);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const p = v128.load(sp + o);
      v128.store(gp + o, f32x4.mul(f32x4.mul(vs, p), f32x4.sub(v128.load(gp + o), d)));
    }
    const dd = f32x4.extract_lane(d, 0);
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(gp + o, scale * load<f32>(sp + o) * (load<f32>(gp + o) - dd));
    }
  }
}
