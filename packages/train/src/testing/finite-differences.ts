/**
 * Central finite differences in float64 (tests only): the oracle for every hand-written backward.
 */
import { createRng } from '@attnkit/core';

/** Unit-normal float64 values, seeded. */
export function normals(n: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * scale;
  return out;
}

/** Σ y ⊙ w: a scalar loss whose gradient with respect to y is w. */
export const weightedSum = (y: ArrayLike<number>, w: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * w[i];
  return s;
};

/**
 * max |analytic − numeric| / max(|numeric|, floor) over every entry of `x`, where numeric is
 * (loss(x + h) − loss(x − h)) / 2h; `x` is perturbed in place and restored.
 */
export function finiteDifferenceError(
  loss: () => number,
  x: Float64Array,
  analytic: ArrayLike<number>,
  h = 1e-5,
  floor = 1e-3,
): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = loss();
    x[i] = keep - h;
    const down = loss();
    x[i] = keep;
    const numeric = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(analytic[i] - numeric) / Math.max(Math.abs(numeric), floor));
  }
  return worst;
}
