/**
 * sinks: the first SINK_COUNT = 4 tokens receive a share of every row's attention mass set by
 * the knob (default 0.5, the mean over the row set). Trained LLMs dump mass on the first tokens
 * whatever their content, and a window that drops them collapses (Xiao et al. 2024, "Efficient
 * streaming language models with attention sinks" (StreamingLLM), §3.1, Fig. 2, which keeps 4).
 * Construction: coordinate 0 of every query is 1, of every ordinary key 0, of a sink key γ;
 * γ is solved on the row set so the share hits the knob. The rest is unit normal.
 */
import type { Tensor } from '@attnkit/core';
import { calibrationRows, softmaxInto, solveIncreasing } from './calibrate.ts';
import { assemble, badKnob, fillNormal } from './common.ts';
import type { Stream, Workload, WorkloadParams } from './types.ts';

export const SINK_COUNT = 4;

/** Marks coordinate 0 as the sink channel of a stream (call after the rest is generated). */
export function markSinkChannel(s: Stream) {
  for (let p = 0; p < s.n; p++) {
    s.q[p * s.d] = 1;
    s.k[p * s.d] = 0;
  }
}

/** Solves γ so the sinks take `share` of the mass on the row set, and writes it into k. */
export function calibrateSinks(q: Tensor, k: Tensor, causal: boolean, share: number): number {
  if (!(share > 0 && share < 1)) throw badKnob('sinks share', 'in (0, 1)', share);
  const [, , Nk, D] = k.shape;
  const sinks = Math.min(SINK_COUNT, Nk);
  const { logits } = calibrationRows(q, k, causal);
  const dir = logits.map((row) => {
    const d = new Float64Array(row.length);
    // q[i][0] = 1, so γ on a sink key adds γ/√D to its scaled score.
    for (let j = 0; j < Math.min(sinks, row.length); j++) d[j] = 1 / Math.sqrt(D);
    return d;
  });
  const scratch = new Float64Array(Nk);
  const meanShare = (gamma: number) => {
    let sum = 0;
    logits.forEach((row, r) => {
      const w = softmaxInto(scratch.subarray(0, row.length), row, dir[r], gamma);
      for (let j = 0; j < Math.min(sinks, row.length); j++) sum += w[j];
    });
    return sum / logits.length;
  };
  const gamma = solveIncreasing(
    meanShare,
    share,
    -64 * Math.sqrt(D),
    64 * Math.sqrt(D) * Math.log(Nk + 1),
  );
  const streams = k.data.length / (Nk * D);
  for (let st = 0; st < streams; st++)
    for (let j = 0; j < sinks; j++) k.data[(st * Nk + j) * D] = gamma;
  return gamma;
}

export function sinksWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob'> {
  const t = assemble(p, (s, rng) => {
    fillNormal(s.q, rng);
    fillNormal(s.k, rng);
    markSinkChannel(s);
  });
  calibrateSinks(t.q, t.k, p.causal, p.knob);
  return { ...t, knob: { name: 'sinkShare', value: p.knob } };
}
