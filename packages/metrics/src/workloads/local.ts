/**
 * local: q and k follow one AR(1) walk along the sequence, x_p = ρ·x_{p−1} + √(1−ρ²)·ε with
 * ρ = exp(−1/L), and q_p = k_p = x_p, so q_i·k_j/√D ≈ √D·exp(−|i − j|/L): attention mass decays
 * with distance at the knob's length L in tokens (default 32). Models the recency bias of
 * trained heads that local and sliding-window attention bet on (Beltagy et al. 2020,
 * "Longformer", §3.1; Child et al. 2019, "Sparse Transformers", Fig. 2: most heads attend to a
 * local neighbourhood).
 */
import type { Rng } from '@attnkit/core';
import { assemble, badKnob } from './common.ts';
import type { Stream, Workload, WorkloadParams } from './types.ts';

export function arWalk(s: Stream, rng: Rng, length: number, dims = s.d, from = 0) {
  const rho = Math.exp(-1 / length);
  const fresh = Math.sqrt(1 - rho * rho);
  const { d, n } = s;
  for (let t = from; t < from + dims; t++) s.k[t] = rng.normal();
  for (let p = 1; p < n; p++)
    for (let t = from; t < from + dims; t++)
      s.k[p * d + t] = rho * s.k[(p - 1) * d + t] + fresh * rng.normal();
  s.q.set(s.k);
}

export function localWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob'> {
  if (!(p.knob > 0)) throw badKnob('local knob (correlation length)', '> 0', p.knob);
  return {
    ...assemble(p, (s, rng) => arWalk(s, rng, p.knob)),
    knob: { name: 'correlationLength', value: p.knob },
  };
}
