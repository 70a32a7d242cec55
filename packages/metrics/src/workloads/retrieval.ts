/**
 * retrieval: unit-normal background plus planted pairs — query p and key j = p − distance share
 * a direction u whose score beats the background by the knob's margin in logits (default 16:
 * enough for the planted key to take most of its row's mass up to N ≈ 10⁶, as e^16 ≫ N·e^½).
 * PAIRS_PER_BUCKET pairs in every distance bucket and LONG_PAIRS at distance ≥ N/2. Models
 * needle-in-a-haystack / passkey retrieval (Mohtashami & Jaggi 2023, "Landmark attention",
 * passkey task; Kamradt 2023, "Needle in a haystack"), the dependency a window cannot reach.
 */
import { createRng } from '@attnkit/core';
import { assemble, badKnob, fillNormal } from './common.ts';
import { plantPairs, plantPositions, toWorkload } from './planted.ts';
import type { Workload, WorkloadParams } from './types.ts';

export const PAIRS_PER_BUCKET = 4;
export const LONG_PAIRS = 16;

export function retrievalWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob' | 'planted'> {
  if (!(p.knob > 0)) throw badKnob('retrieval knob (margin)', '> 0', p.knob);
  const offset = p.keyLength - p.queryLength;
  const at = plantPositions(p.keyLength, createRng(p.seed * 31 + 5), {
    perBucket: PAIRS_PER_BUCKET,
    long: LONG_PAIRS,
    firstQuery: offset,
    firstKey: 0,
  });
  const t = assemble(p, (s, rng) => {
    fillNormal(s.q, rng);
    fillNormal(s.k, rng);
    plantPairs(s, rng, at, p.knob);
  });
  return { ...t, planted: toWorkload(at, offset), knob: { name: 'margin', value: p.knob } };
}
