/**
 * RMSNorm (Zhang & Sennrich 2019), the pre-norm of LLaMA-style decoders:
 * y = g ⊙ x / r with r = sqrt(mean(x²) + ε), per row of width d.
 */
import { type Floats, zerosLike } from '../floats.ts';

export const RMS_EPSILON = 1e-5;

export function rmsNormForward(x: Floats, rows: number, d: number, gain: Floats): Floats {
  const y = zerosLike(x, x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let ss = 0;
    for (let i = 0; i < d; i++) ss += x[o + i] * x[o + i];
    const inv = 1 / Math.sqrt(ss / d + RMS_EPSILON);
    for (let i = 0; i < d; i++) y[o + i] = gain[i] * x[o + i] * inv;
  }
  return y;
}

/**
 * With u = g ⊙ dy: dx = u / r − x · (Σ u ⊙ x) / (d · r³); dGain += Σ_rows dy ⊙ x / r.
 */
export function rmsNormBackward(
  x: Floats,
  rows: number,
  d: number,
  gain: Floats,
  dy: Floats,
  dGain: Floats,
): Floats {
  const dx = zerosLike(x, x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let ss = 0;
    for (let i = 0; i < d; i++) ss += x[o + i] * x[o + i];
    const inv = 1 / Math.sqrt(ss / d + RMS_EPSILON);
    let dot = 0;
    for (let i = 0; i < d; i++) {
      dot += gain[i] * dy[o + i] * x[o + i];
      dGain[i] += dy[o + i] * x[o + i] * inv;
    }
    const k = (dot * inv * inv * inv) / d;
    for (let i = 0; i < d; i++) dx[o + i] = gain[i] * dy[o + i] * inv - x[o + i] * k;
  }
  return dx;
}
