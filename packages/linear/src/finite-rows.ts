import { AttentionError } from '@attnkit/core';

/**
 * Linear attention's state Σφ(k)vᵀ and normaliser Σφ(k) are unnormalised sums, so finite inputs
 * that pass the softmax range check can still overflow float32 there (φ(k) > 1 times a v near
 * float32's maximum). Rather than return NaN or ∞, each finished block of rows is checked
 * (O(rows·Dv) against the block's O(rows·m·Dv)) and the first bad row refused by name.
 */
export function assertRowsFinite(
  out: Float32Array,
  off: number,
  rows: number,
  dv: number,
  b: number,
  h: number,
  i0: number,
): void {
  // x·0 is 0 for finite x and NaN otherwise, and NaN survives the sum: one branch-free pass,
  // and the search for the row to name only when something is not finite.
  let z = 0;
  const end = off + rows * dv;
  for (let p = off; p < end; p++) z += out[p] * 0;
  if (z === 0) return;
  for (let r = 0; r < rows; r++)
    for (let t = 0; t < dv; t++) {
      const x = out[off + r * dv + t];
      if (x - x !== 0)
        throw new AttentionError(
          'NON_FINITE',
          `output[${b}, ${h}, ${i0 + r}] (query row)`,
          'linear attention within float32: Σ φ(k)·v and Σ φ(k) finite',
          `${x} at column ${t}`,
          'finite inputs whose feature sums overflow float32; rescale k or v',
        );
    }
}
