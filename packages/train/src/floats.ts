/**
 * The model runs in float32; every layer also runs in float64 so its hand-written backward can
 * be checked by central finite differences without float32 rounding in the way.
 */
export type Floats = Float32Array | Float64Array;

/** A zeroed array of n floats of the same precision as `like`. */
export const zerosLike = (like: Floats, n: number): Floats =>
  like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);

/** Activations: row-major data with its shape ([rows, width] or [B, N, width]). */
export interface Activation {
  data: Floats;
  shape: readonly number[];
}
