import type { Tensor, Tensor64 } from '../tensor.ts';

/** A float64 forward: reads q, k, v data as float64 (finite differences perturb it by 1e-5). */
export type Forward64 = (q: Tensor64, k: Tensor64, v: Tensor64) => Tensor64;

const widen = (t: Tensor | Tensor64): Tensor64 => ({
  data: Float64Array.from(t.data),
  shape: t.shape,
});

/**
 * ∂L/∂q, ∂L/∂k, ∂L/∂v of L = Σ dOut ∘ forward(q, k, v) by central differences in float64,
 * (L(x + h) − L(x − h)) / 2h per input entry: 2 forwards per entry, so for small shapes only.
 * With h = 1e-5 both the truncation (h²) and the rounding (1e-16 / h) error stay below 1e-9.
 */
export function finiteDifferenceGradients(
  forward: Forward64,
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  dOut: Tensor | Tensor64,
  h = 1e-5,
): { dq: Float64Array; dk: Float64Array; dv: Float64Array } {
  const inputs = [widen(q), widen(k), widen(v)];
  const loss = () => {
    const out = forward(inputs[0], inputs[1], inputs[2]).data;
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i] * dOut.data[i];
    return sum;
  };
  const grads = inputs.map((x) => {
    const g = new Float64Array(x.data.length);
    const data = x.data;
    for (let i = 0; i < data.length; i++) {
      const keep = data[i];
      data[i] = keep + h;
      const up = loss();
      data[i] = keep - h;
      const down = loss();
      data[i] = keep;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  });
  return { dq: grads[0], dk: grads[1], dv: grads[2] };
}

/** ‖actual − expected‖₂ / ‖expected‖₂ (the absolute norm when expected is 0; ∞ for a non-finite entry). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let err = 0;
  let ref = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = actual[i] - expected[i];
    if (!Number.isFinite(actual[i])) return Number.POSITIVE_INFINITY;
    err += d * d;
    ref += expected[i] * expected[i];
  }
  // All-zero expectation (every key masked): the absolute error is the measure.
  if (ref === 0) return Math.sqrt(err);
  return Math.sqrt(err / ref);
}
