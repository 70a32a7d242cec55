/**
 * mixture: the default for quality figures — what one trained decoder head does at once:
 * locality (mass decaying by e per λ tokens, the knob, default 16, see local.ts),
 * attention sinks (4 first tokens solved to take SINK_SHARE of the mass, see sinks.ts) and a few
 * long-range planted pairs (2 per distance bucket, 4 at ≥ N/2, margin 12, see retrieval.ts).
 * Sources: Xiao et al. 2024 (StreamingLLM) and Han et al. 2024 (LM-Infinite) keep exactly
 * "sinks + a local window" and lose the long-range part; Olsson et al. 2022 for the long pairs.
 */
import { createRng } from '@attnkit/core';
import { assemble, badKnob } from './common.ts';
import { arWalk, walkLength } from './local.ts';
import { plantPairs, plantPositions, toWorkload } from './planted.ts';
import { calibrateSinks, markSinkChannel, SINK_COUNT } from './sinks.ts';
import type { Workload, WorkloadParams } from './types.ts';

export const SINK_SHARE = 0.2;
const MARGIN = 12;

export function mixtureWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob' | 'planted'> {
  if (!(p.knob > 0)) throw badKnob('mixture knob (decay length)', '> 0', p.knob);
  const offset = p.keyLength - p.queryLength;
  const at = plantPositions(p.keyLength, createRng(p.seed * 31 + 11), {
    perBucket: 2,
    long: 4,
    firstQuery: Math.max(offset, SINK_COUNT + 1),
    firstKey: SINK_COUNT,
  });
  const t = assemble(p, (s, rng) => {
    arWalk(s, rng, walkLength(p.knob, p.headDim));
    plantPairs(s, rng, at, MARGIN, 1);
    markSinkChannel(s);
    // A planted query is a retrieval row: it does not park mass on the sinks, so in exact
    // attention its planted key dominates (margin 12) and recall means retrieval.
    for (const q of at.query) s.q[q * s.d] = 0;
  });
  calibrateSinks(t.q, t.k, p.causal, SINK_SHARE);
  return {
    ...t,
    planted: toWorkload(at, offset),
    knob: { name: 'decayLength', value: p.knob },
  };
}
