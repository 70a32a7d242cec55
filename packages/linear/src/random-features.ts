/**
 * FAVOR+'s random directions ω (m × d, row-major): blocks of d orthogonal directions drawn by
 * Gram–Schmidt on a Gaussian block, each row rescaled to the norm of a fresh Gaussian d-vector so
 * rows are marginally N(0, I) (Performer's "scaling = 0"), which keeps the estimator unbiased
 * while orthogonality lowers its variance. Same seed, same directions, on every platform.
 */
import { createRng } from '@attnkit/core';

export function drawOmega(seed: number, d: number, m: number, orthogonal: boolean): Float32Array {
  // Salted: with the bare seed, seed 1 would replay randn(shape, 1)'s stream, and directions
  // equal to the inputs they project are anything but random.
  const rng = createRng((Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + d) >>> 0);
  const omega = new Float32Array(m * d);
  if (!orthogonal) {
    for (let i = 0; i < m * d; i++) omega[i] = rng.normal();
    return omega;
  }
  const block = new Float64Array(d * d);
  for (let start = 0; start < m; start += d) {
    for (let i = 0; i < d * d; i++) block[i] = rng.normal();
    orthonormalizeRows(block, d);
    const rows = Math.min(d, m - start);
    for (let r = 0; r < rows; r++) {
      let sq = 0;
      for (let t = 0; t < d; t++) sq += rng.normal() ** 2;
      const norm = Math.sqrt(sq);
      for (let t = 0; t < d; t++) omega[(start + r) * d + t] = block[r * d + t] * norm;
    }
  }
  return omega;
}

/** Modified Gram–Schmidt on the rows of a d × d block, in place. */
function orthonormalizeRows(a: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += a[i * d + t] * a[j * d + t];
      for (let t = 0; t < d; t++) a[i * d + t] -= dot * a[j * d + t];
    }
    let sq = 0;
    for (let t = 0; t < d; t++) sq += a[i * d + t] ** 2;
    const inv = 1 / Math.sqrt(sq);
    for (let t = 0; t < d; t++) a[i * d + t] *= inv;
  }
}

/**
 * The constant subtracted from every key's log-features. wᵀx' − |x'|²/2 ≤ |w|²/2 for any x', so
 * with this offset no key feature exceeds e^60 (N·e^60·|v| stays far inside float32), and for
 * usual head dims (|w|² < 120) it is 0, leaving typical features near 1.
 */
export function keyOffset(omega: Float32Array, d: number, m: number): number {
  let maxSq = 0;
  for (let r = 0; r < m; r++) {
    let sq = 0;
    for (let t = 0; t < d; t++) sq += omega[r * d + t] ** 2;
    if (sq > maxSq) maxSq = sq;
  }
  return Math.max(0, maxSq / 2 - 60);
}
