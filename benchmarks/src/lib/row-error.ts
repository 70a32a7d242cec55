/** A float64 row check for the peak-memory children of the benchmark suites (values, not memory). */
/**
 * Max |error| of output row i (one head, q, k, v and out [n, d] row-major, scale 1/√d) against
 * softmax attention over keys [from, to) recomputed in float64 from the definition.
 */
export function rowError(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  out: Float32Array,
  d: number,
  i: number,
  from: number,
  to: number,
): number {
  const s = new Float64Array(to - from);
  let m = Number.NEGATIVE_INFINITY;
  for (let j = from; j < to; j++) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += q[i * d + t] * k[j * d + t];
    s[j - from] = dot / Math.sqrt(d);
    m = Math.max(m, s[j - from]);
  }
  let sum = 0;
  for (let x = 0; x < s.length; x++) {
    s[x] = Math.exp(s[x] - m);
    sum += s[x];
  }
  let err = 0;
  for (let t = 0; t < d; t++) {
    let o = 0;
    for (let j = from; j < to; j++) o += s[j - from] * v[j * d + t];
    err = Math.max(err, Math.abs(o / sum - out[i * d + t]));
  }
  return err;
}
