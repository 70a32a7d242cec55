/**
 * clustered: keys and queries drawn around C cluster centres (knob, default 8): x = c_z + ½·ε,
 * centres unit normal. Scores depend mostly on the pair of clusters, so the attention map is
 * close to rank C — the structure low-rank and clustering methods exploit (Wang et al. 2020,
 * "Linformer", §3: attention is approximately low rank; Vyas et al. 2020, "Fast transformers
 * with clustered attention"; Roy et al. 2021, "Routing transformer").
 */
import { assemble, badKnob, fillNormal } from './common.ts';
import type { Workload, WorkloadParams } from './types.ts';

const SPREAD = 0.5;

export function clusteredWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob'> {
  const C = p.knob;
  if (!Number.isInteger(C) || C < 1)
    throw badKnob('clustered knob (clusters)', 'a positive integer', C);
  const t = assemble(p, (s, rng) => {
    const centres = new Float32Array(C * s.d);
    fillNormal(centres, rng);
    for (const out of [s.q, s.k])
      for (let x = 0; x < s.n; x++) {
        const c = rng.int(C) * s.d;
        for (let t = 0; t < s.d; t++) out[x * s.d + t] = centres[c + t] + SPREAD * rng.normal();
      }
  });
  return { ...t, knob: { name: 'clusters', value: C } };
}
