/**
 * entropy: the temperature of attention. q and k are unit-normal, each scaled by √β, with β
 * solved so that the mean over the row set of H_i / log n_i — the entropy of exact attention
 * in row i as a fraction of its maximum, n_i visible keys — equals the knob (default 0.8; 1 is
 * uniform, 0 one-hot). A fraction, not nats, so that one knob means the same at every N.
 * Trained heads span this whole range, from near-uniform "broad" heads to near-one-hot ones
 * (Clark et al. 2019, "What does BERT look at?", §3, entropy of attention per head), and the
 * error of kernel approximations such as FAVOR+ grows as rows sharpen (Choromanski et al. 2021,
 * "Rethinking attention with Performers", Thm. 2: variance grows with exp(‖q‖² + ‖k‖²)).
 */
import { calibrationRows, entropy, softmaxInto, solveIncreasing } from './calibrate.ts';
import { assemble, badKnob, fillNormal } from './common.ts';
import type { Workload, WorkloadParams } from './types.ts';

export function entropyWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob'> & { beta: number } {
  const target = p.knob;
  if (!(target > 0 && target < 1))
    throw badKnob('entropy knob (entropy fraction)', 'in (0, 1)', target);
  const t = assemble(p, (s, rng) => {
    fillNormal(s.q, rng);
    fillNormal(s.k, rng);
  });
  const { logits } = calibrationRows(t.q, t.k, p.causal);
  const used = logits.filter((row) => row.length > 1);
  const scratch = new Float64Array(t.k.shape[2]);
  const meanFraction = (beta: number) => {
    let sum = 0;
    for (const row of used)
      sum +=
        entropy(softmaxInto(scratch.subarray(0, row.length), null, row, beta)) /
        Math.log(row.length);
    return sum / used.length;
  };
  // Entropy falls as β grows: solve on −fraction.
  const beta = solveIncreasing((b) => -meanFraction(b), -target, 0, 256);
  // Split evenly: q and k of comparable norm, as in trained heads. Kernel approximations see
  // ‖q‖ and ‖k‖, not just q·k: all of β on q would make FAVOR+ look far worse than it is.
  const half = Math.sqrt(beta);
  for (let x = 0; x < t.q.data.length; x++) t.q.data[x] *= half;
  for (let x = 0; x < t.k.data.length; x++) t.k.data[x] *= half;
  return { ...t, knob: { name: 'entropyFraction', value: target }, beta };
}
