import { AttentionError } from './errors.ts';
import type { Tensor } from './tensor.ts';

/**
 * The largest magnitude a score or a score bias may have: 2^126 ≈ 8.5e37, half of float32's
 * range, so that score + bias (each within it) is still finite in float32 and the softmax never
 * sees +∞ or ∞ − ∞. Biases and scores past it would be silently masked (−∞) or turn into NaN.
 */
export const FLOAT32_SCORE_LIMIT = 2 ** 126;

/** Float32's largest finite value; a sum of values above it is +∞. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const fmt = (x: number) => x.toPrecision(3);

/**
 * The cheap pre-check that float32 scores and accumulators stay finite (O((Nq + Nk)·D) in float64,
 * against the call's O(Nq·Nk·D)). Why it is enough:
 * - every partial sum of q_i·k_j, in any order (SIMD lanes, FMA), is bounded by Σ_t |q_it·k_jt|
 *   <= ‖q_i‖₂·‖k_j‖₂ (Cauchy–Schwarz), and the kernels multiply by `scale` before or after the sum;
 *   so max(1, scale)·‖q_i‖·max_j ‖k_j‖ <= 2^126 keeps every score finite with room for a bias.
 *   Every key of the head counts, masked or not, because tiles compute masked scores before
 *   masking them;
 * - softmax weights (online or not) are <= 1, so an output accumulator column is bounded by
 *   Σ_j |v_jt|; it must stay below float32's maximum.
 * It refuses only inputs for which some key can reach those bounds (a key parallel to q, equal
 * weights), and names the row.
 */
export function assertScoresFit(q: Tensor, k: Tensor, v: Tensor, scale: number): void {
  scoresFit(q, k, v, scale, true);
}

/**
 * True when q, k and v are all finite and assertScoresFit would pass, in one pass instead of a
 * finiteness pass and a range pass: a row's Σ x² (float64) and a column's Σ |v| are finite iff
 * their float32 entries are, so the range sums see every NaN and ±∞. The caller reruns the naming
 * checks in their usual order when this says false, so every refusal stays as it was.
 */
export function scoresFitAndFinite(q: Tensor, k: Tensor, v: Tensor, scale: number): boolean {
  return scoresFit(q, k, v, scale, false);
}

/** `loud`: throw the named error (inputs known finite); else return false on any fault. */
function scoresFit(q: Tensor, k: Tensor, v: Tensor, scale: number, loud: boolean): boolean {
  const [B, H, Nq, D] = q.shape;
  const [, Hkv, Nk] = k.shape;
  const Dv = v.shape[3];
  const group = H / Hkv;
  const kNorm = new Float64Array(B * Hkv);
  const vSum = new Float64Array(Dv);
  for (let bh = 0; bh < B * Hkv; bh++) {
    let max = 0;
    const rowNorm = loud ? norm : norm4;
    for (let j = 0; j < Nk; j++) max = Math.max(max, rowNorm(k.data, (bh * Nk + j) * D, D));
    if (!loud && !(max < Number.POSITIVE_INFINITY)) return false;
    kNorm[bh] = max;
    vSum.fill(0);
    for (let j = 0; j < Nk; j++) {
      const o = (bh * Nk + j) * Dv;
      for (let t = 0; t < Dv; t++) vSum[t] += Math.abs(v.data[o + t]);
    }
    for (let t = 0; t < Dv; t++) {
      if (loud ? vSum[t] > FLOAT32_MAX : !(vSum[t] <= FLOAT32_MAX)) {
        if (!loud) return false;
        const b = Math.floor(bh / Hkv);
        throw new AttentionError(
          'NON_FINITE',
          `v[${b}, ${bh % Hkv}, :, ${t}]`,
          `Σ_j |v[j]| within float32 (<= ${fmt(FLOAT32_MAX)}) so the weighted sum of values stays finite`,
          fmt(vSum[t]),
        );
      }
    }
  }
  const grow = Math.max(1, scale);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const kMax = kNorm[b * Hkv + Math.floor(h / group)];
      for (let i = 0; i < Nq; i++) {
        const at = ((b * H + h) * Nq + i) * D;
        if (loud) {
          const bound = grow * norm(q.data, at, D) * kMax;
          if (bound > FLOAT32_SCORE_LIMIT) scoreOverflow(b, h, i, bound);
        } else {
          const qNorm = norm4(q.data, at, D);
          if (!(qNorm < Number.POSITIVE_INFINITY && grow * qNorm * kMax <= SCREEN_LIMIT))
            return false;
        }
      }
    }
  return true;
}

export function scoreOverflow(b: number, h: number, i: number, bound: number): never {
  throw new AttentionError(
    'NON_FINITE',
    `q[${b}, ${h}, ${i}] (query row)`,
    `scores within float32: max(1, scale)·‖q_i‖·max ‖k_j‖ <= 2^126 (${fmt(FLOAT32_SCORE_LIMIT)})`,
    fmt(bound),
    'finite inputs whose scores overflow float32; rescale q, k or scale',
  );
}

/**
 * The quiet screen sums in four lanes (about 3× faster than one dependent chain) and so rounds
 * differently from `norm`, by well under 2^-40 relatively for any row length below 2^20: it
 * clears only bounds a margin of 2^-30 below the limit, and leaves the rest to the exact check.
 */
const SCREEN_LIMIT = FLOAT32_SCORE_LIMIT * (1 - 2 ** -30);

function norm4(data: Float32Array, off: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end4 = off + (n & ~3);
  let p = off;
  for (; p < end4; p += 4) {
    s0 += data[p] * data[p];
    s1 += data[p + 1] * data[p + 1];
    s2 += data[p + 2] * data[p + 2];
    s3 += data[p + 3] * data[p + 3];
  }
  for (; p < off + n; p++) s0 += data[p] * data[p];
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/** Euclidean norm of data[off, off + n) in float64 (no overflow for float32 entries). */
export function norm(data: Float32Array, off: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += data[off + t] * data[off + t];
  return Math.sqrt(s);
}

/**
 * The same bounds for a decoder, one step at a time: it remembers max ‖k‖ and Σ|v| per kv head
 * over every key it was given (a window forgets keys, but a bound that never shrinks stays safe).
 */
export function decoderRangeGuard(shape: {
  batch: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  valueDim: number;
}): {
  /**
   * Admits one decoding step (q, k, v of one token) or throws NON_FINITE naming the entry that
   * would overflow; a refused step leaves the guard as it was, so the decoder can go on.
   */
  check(q: Tensor, k: Tensor, v: Tensor, scale: number): void;
  /** Forgets every key seen, for a decoder that starts a new sequence. */
  reset(): void;
} {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = shape;
  const kNorm = new Float64Array(B * Hkv);
  const vSum = new Float64Array(B * Hkv * Dv);
  return {
    check(q, k, v, scale) {
      // Check into copies first: a refused step must leave the guard as it was.
      const kNext = kNorm.slice();
      const vNext = vSum.slice();
      for (let bh = 0; bh < B * Hkv; bh++) {
        kNext[bh] = Math.max(kNext[bh], norm(k.data, bh * D, D));
        for (let t = 0; t < Dv; t++) {
          vNext[bh * Dv + t] += Math.abs(v.data[bh * Dv + t]);
          if (vNext[bh * Dv + t] > FLOAT32_MAX)
            throw new AttentionError(
              'NON_FINITE',
              `v[${Math.floor(bh / Hkv)}, ${bh % Hkv}, :, ${t}]`,
              `Σ |v| over the decoded keys within float32 (<= ${fmt(FLOAT32_MAX)})`,
              fmt(vNext[bh * Dv + t]),
            );
        }
      }
      const grow = Math.max(1, scale);
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++) {
          const bound =
            grow * norm(q.data, (b * H + h) * D, D) * kNext[b * Hkv + Math.floor(h / (H / Hkv))];
          if (bound > FLOAT32_SCORE_LIMIT) scoreOverflow(b, h, 0, bound);
        }
      kNorm.set(kNext);
      vSum.set(vNext);
    },
    reset() {
      kNorm.fill(0);
      vSum.fill(0);
    },
  };
}
