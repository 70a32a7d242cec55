/**
 * local: attention mass that decays with distance, p_ij ∝ ≈ exp(−|i − j|/λ) near the query, λ the
 * knob in tokens (default 16). q and k follow one AR(1) walk along the sequence,
 * x_p = ρ·x_{p−1} + √(1−ρ²)·ε with ρ = exp(−1/L), k_p = x_p, q_p = GAIN·x_p, so
 * q_i·k_j/√D ≈ GAIN·√D·exp(−|i − j|/L) ≈ GAIN·√D·(1 − |i − j|/L): choosing L = λ·GAIN·√D makes
 * the mass fall by e per λ tokens (the tail beyond L is heavier than exponential). GAIN = 2 lifts
 * the near scores (16 logits at D = 64) well above the unrelated far keys (N(0, GAIN²)), so the
 * mass stays local at N = 64K rather than spreading over the background. Models the recency bias of
 * trained heads that local and sliding-window attention bet on (Beltagy et al. 2020,
 * "Longformer", §3.1; Child et al. 2019, "Sparse Transformers", Fig. 2: most heads attend to a
 * local neighbourhood).
 */
import type { Rng } from '@attnkit/core';
import { assemble, badKnob } from './common.ts';
import type { Stream, Workload, WorkloadParams } from './types.ts';

/** AR(1) correlation length L that gives a mass decay length λ at head dim D. */
export const walkLength = (decay: number, d: number) => decay * GAIN * Math.sqrt(d);

export function arWalk(s: Stream, rng: Rng, length: number) {
  const rho = Math.exp(-1 / length);
  const fresh = Math.sqrt(1 - rho * rho);
  const { d, n } = s;
  for (let t = 0; t < d; t++) s.k[t] = rng.normal();
  for (let p = 1; p < n; p++)
    for (let t = 0; t < d; t++) s.k[p * d + t] = rho * s.k[(p - 1) * d + t] + fresh * rng.normal();
  for (let x = 0; x < n * d; x++) s.q[x] = GAIN * s.k[x];
}

export const GAIN = 2;

export function localWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob'> {
  if (!(p.knob > 0)) throw badKnob('local knob (decay length)', '> 0', p.knob);
  return {
    ...assemble(p, (s, rng) => arWalk(s, rng, walkLength(p.knob, p.headDim))),
    knob: { name: 'decayLength', value: p.knob },
  };
}
