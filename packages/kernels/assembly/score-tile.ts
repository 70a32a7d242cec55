/**
 * S = scale · Q Kᵀ for one tile (Q rows and K rows hold `depth` floats). Register tile: 2 query
 * rows × 4 keys, each a dot product along depth in f32x4 lanes (8 accumulators), reduced to one
 * vector of 4 scores by two shuffle rounds. Keys run in blocks of KB so a block of K stays in L1
 * while every query row pair sweeps it.
 */
import { hsum, madd } from './madd';

// @ts-ignore: decorator
@inline const KB = 64;

/** [Σa, Σb, Σc, Σd] from four accumulators. */
// @ts-ignore: decorator
@inline
function reduce4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(i32x4.shuffle(a, b, 0, 4, 1, 5), i32x4.shuffle(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(i32x4.shuffle(c, d, 0, 4, 1, 5), i32x4.shuffle(c, d, 2, 6, 3, 7));
  return f32x4.add(i32x4.shuffle(ab, cd, 0, 1, 4, 5), i32x4.shuffle(ab, cd, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline
function tailDot(qp: usize, kp: usize, from: usize, to: usize): f32 {
  let d: f32 = 0;
  for (let t = from; t < to; t += 4) d += load<f32>(qp + t) * load<f32>(kp + t);
  return d;
}

// @ts-ignore: decorator
@inline
function tails4(qp: usize, kp: usize, ldk: usize, from: usize, to: usize): v128 {
  let v = f32x4.splat(tailDot(qp, kp, from, to));
  v = f32x4.replace_lane(v, 1, tailDot(qp, kp + ldk, from, to));
  v = f32x4.replace_lane(v, 2, tailDot(qp, kp + 2 * ldk, from, to));
  return f32x4.replace_lane(v, 3, tailDot(qp, kp + 3 * ldk, from, to));
}

export function scoreTile(
  q: usize, k: usize, s: usize, rows: i32, cols: i32, depth: i32, ldSF: i32, scale: f32,
): void {
  const ld = <usize>depth << 2; // bytes per Q or K row
  const vecEnd = <usize>(depth & ~3) << 2;
  const hasTail = vecEnd != ld;
  const ldS = <usize>ldSF << 2;
  const vscale = f32x4.splat(scale);
  for (let c0 = 0; c0 < cols; c0 += KB) {
    const c1 = min(cols, c0 + KB);
    const c4 = c0 + ((c1 - c0) & ~3);
    let r = 0;
    for (; r < rows; r += 2) {
      const pair = r + 1 < rows;
      const q0 = q + <usize>r * ld;
      const q1 = pair ? q0 + ld : q0; // an odd last row computes itself twice, stores once
      const s0 = s + <usize>r * ldS;
      for (let c = c0; c < c4; c += 4) {
        const kp = k + <usize>c * ld;
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
        let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (let t: usize = 0; t < vecEnd; t += 16) {
          const x = v128.load(q0 + t);
          const y = v128.load(q1 + t);
          let kv = v128.load(kp + t);
          a0 = madd(x, kv, a0); b0 = madd(y, kv, b0);
          kv = v128.load(kp + ld + t);
          a1 = madd(x, kv, a1); b1 = madd(y, kv, b1);
          kv = v128.load(kp + 2 * ld + t);
          a2 = madd(x, kv, a2); b2 = madd(y, kv, b2);
          kv = v128.load(kp + 3 * ld + t);
          a3 = madd(x, kv, a3); b3 = madd(y, kv, b3);
        }
        let ra = reduce4(a0, a1, a2, a3);
        let rb = reduce4(b0, b1, b2, b3);
        if (hasTail) {
          ra = f32x4.add(ra, tails4(q0, kp, ld, vecEnd, ld));
          rb = f32x4.add(rb, tails4(q1, kp, ld, vecEnd, ld));
        }
        v128.store(s0 + (<usize>c << 2), f32x4.mul(ra, vscale));
        if (pair) v128.store(s0 + ldS + (<usize>c << 2), f32x4.mul(rb, vscale));
      }
      for (let c = c4; c < c1; c++) {
        const kp = k + <usize>c * ld;
        let a0 = f32x4.splat(0), b0 = a0;
        for (let t: usize = 0; t < vecEnd; t += 16) {
          const kv = v128.load(kp + t);
          a0 = madd(v128.load(q0 + t), kv, a0);
          b0 = madd(v128.load(q1 + t), kv, b0);
        }
        store<f32>(s0 + (<usize>c << 2), (hsum(a0) + tailDot(q0, kp, vecEnd, ld)) * scale);
        if (pair) store<f32>(s0 + ldS + (<usize>c << 2), (hsum(b0) + tailDot(q1, kp, vecEnd, ld)) * scale);
      }
    }
  }
}
