/** The MLP's non-linearity: GELU (tanh form, as GPT-2) or ReLU, elementwise. */
import { type Floats, zerosLike } from '../floats.ts';

/** The MLP non-linearity, `ModelConfig.activation`; GELU is the default. */
export type ActivationName = 'gelu' | 'relu';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function activationForward(name: ActivationName, u: Floats): Floats {
  const z = zerosLike(u, u.length);
  if (name === 'relu') {
    for (let i = 0; i < u.length; i++) z[i] = Math.max(u[i], 0);
    return z;
  }
  for (let i = 0; i < u.length; i++) {
    const x = u[i];
    z[i] = 0.5 * x * (1 + Math.tanh(C * (x + A * x * x * x)));
  }
  return z;
}

/** du = dz ⊙ f'(u). */
export function activationBackward(name: ActivationName, u: Floats, dz: Floats): Floats {
  const du = zerosLike(u, u.length);
  if (name === 'relu') {
    for (let i = 0; i < u.length; i++) du[i] = u[i] > 0 ? dz[i] : 0;
    return du;
  }
  for (let i = 0; i < u.length; i++) {
    const x = u[i];
    const t = Math.tanh(C * (x + A * x * x * x));
    const dt = (1 - t * t) * C * (1 + 3 * A * x * x);
    du[i] = dz[i] * (0.5 * (1 + t) + 0.5 * x * dt);
  }
  return du;
}
