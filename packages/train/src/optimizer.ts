/**
 * AdamW (Loshchilov & Hutter 2019) with linear warm-up then cosine decay to `minLrRatio`·lr,
 * and clipping of the global gradient norm — the recipe of GPT-style training.
 */
import type { Param } from './attention-layer.ts';
import { type Floats, zerosLike } from './floats.ts';

/**
 * AdamW and its schedule. `lr` is the peak learning rate, reached after `warmupSteps` steps of
 * linear warm-up; the cosine then ends at `totalSteps`.
 */
export interface OptimizerConfig {
  lr: number;
  /** Default 0.9, 0.98. */
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay on params with `decay` (matrices). Default 0.1. */
  weightDecay?: number;
  warmupSteps: number;
  totalSteps: number;
  /** The cosine ends at this fraction of lr. Default 0.1. */
  minLrRatio?: number;
  /** Global-norm clip; 0 turns it off. Default 1. */
  clip?: number;
}

/** The learning rate at step t (0-based). */
export function learningRate(c: OptimizerConfig, t: number): number {
  if (t < c.warmupSteps) return (c.lr * (t + 1)) / c.warmupSteps;
  const span = Math.max(1, c.totalSteps - c.warmupSteps);
  const progress = Math.min(1, (t - c.warmupSteps) / span);
  const min = c.minLrRatio ?? 0.1;
  return c.lr * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * AdamW's running state: `step` counts updates (it drives bias correction and the schedule),
 * `m` and `v` are the first and second moments, one array per param in the model's order.
 */
export interface OptimizerState {
  step: number;
  m: Floats[];
  v: Floats[];
}

/** Fresh AdamW state for these params: step 0, moments zero, in the params' precision. */
export function createOptimizerState(params: readonly Param[]): OptimizerState {
  return {
    step: 0,
    m: params.map((p) => zerosLike(p.data, p.data.length)),
    v: params.map((p) => zerosLike(p.data, p.data.length)),
  };
}

/** √Σ g² over every gradient. */
export function globalNorm(grads: readonly Floats[]): number {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}

/** One AdamW step in place; returns the gradient norm before clipping and the lr used. */
export function adamwStep(
  c: OptimizerConfig,
  state: OptimizerState,
  params: readonly Param[],
  grads: readonly Floats[],
): { gradNorm: number; lr: number } {
  const b1 = c.beta1 ?? 0.9;
  const b2 = c.beta2 ?? 0.98;
  const eps = c.eps ?? 1e-8;
  const wd = c.weightDecay ?? 0.1;
  const clip = c.clip ?? 1;
  const gradNorm = globalNorm(grads);
  const factor = clip > 0 && gradNorm > clip ? clip / gradNorm : 1;
  const lr = learningRate(c, state.step);
  state.step++;
  const c1 = 1 - b1 ** state.step;
  const c2 = 1 - b2 ** state.step;
  params.forEach((p, k) => {
    const [w, g, m, v] = [p.data, grads[k], state.m[k], state.v[k]];
    const decay = p.decay ? 1 - lr * wd : 1;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] * factor;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] = w[i] * decay - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  });
  return { gradNorm, lr };
}
