import { AttentionError, describe } from '@attnkit/core';
import { clusteredWorkload } from './clustered.ts';
import { assemble, fillNormal, resolveParams } from './common.ts';
import { entropyWorkload } from './entropy.ts';
import { inductionWorkload } from './induction.ts';
import { localWorkload } from './local.ts';
import { mixtureWorkload } from './mixture.ts';
import { retrievalWorkload } from './retrieval.ts';
import { sinksWorkload } from './sinks.ts';
import type { Workload, WorkloadName, WorkloadParams } from './types.ts';

/** What a workload is for, as the CLI's help and reports print it. */
export interface WorkloadInfo {
  /** The name `makeWorkload` takes. */
  name: WorkloadName;
  /** One sentence: what a figure on this workload measures. */
  description: string;
  /** The one parameter that sets the workload's difficulty, or null for none. */
  knob: { name: string; default: number; unit: string } | null;
  /** Has planted (query, key) dependencies for mass kept on planted keys and recall. */
  planted: boolean;
}

/** Every workload, `random` first (timing only), `mixture` (the headline quality figure) last. */
export const WORKLOADS: readonly WorkloadInfo[] = [
  {
    name: 'random',
    description:
      'Unit-normal q, k, v: for timing only — its attention has no structure, so every approximation looks equally poor on it.',
    knob: null,
    planted: false,
  },
  {
    name: 'entropy',
    description:
      "How the error grows as attention sharpens: q·k scaled so each row's entropy is a chosen fraction of its maximum.",
    knob: { name: 'entropyFraction', default: 0.8, unit: 'H / log n' },
    planted: false,
  },
  {
    name: 'local',
    description:
      'Whether a variant keeps nearby context: attention mass decays with distance at a chosen length.',
    knob: { name: 'decayLength', default: 16, unit: 'tokens' },
    planted: false,
  },
  {
    name: 'sinks',
    description:
      "Whether a variant keeps attention sinks: the first 4 tokens take a chosen share of every row's mass.",
    knob: { name: 'sinkShare', default: 0.5, unit: 'fraction of mass' },
    planted: false,
  },
  {
    name: 'induction',
    description:
      'Whether a variant can copy: each repeated token attends to the token after its earlier occurrence, at every distance.',
    knob: { name: 'margin', default: 8, unit: 'logits' },
    planted: true,
  },
  {
    name: 'clustered',
    description:
      'How a variant handles low-rank attention: keys and queries fall in a few clusters.',
    knob: { name: 'clusters', default: 8, unit: 'clusters' },
    planted: false,
  },
  {
    name: 'retrieval',
    description:
      'Whether a variant retrieves one planted key per query across distance buckets up to N, at a chosen score margin.',
    knob: { name: 'margin', default: 16, unit: 'logits' },
    planted: true,
  },
  {
    name: 'mixture',
    description:
      'The default quality figure: local decay, attention sinks and a few long-range pairs together, as in one trained decoder head.',
    knob: { name: 'decayLength', default: 16, unit: 'tokens' },
    planted: true,
  },
];

type Generated = Pick<Workload, 'q' | 'k' | 'v' | 'knob' | 'planted'>;

const GENERATORS: Record<WorkloadName, (p: Required<WorkloadParams>) => Generated> = {
  random: (p) => ({
    ...assemble(p, (s, rng) => {
      fillNormal(s.q, rng);
      fillNormal(s.k, rng);
    }),
    knob: { name: 'none', value: 0 },
  }),
  entropy: entropyWorkload,
  local: localWorkload,
  sinks: sinksWorkload,
  induction: inductionWorkload,
  clustered: clusteredWorkload,
  retrieval: retrievalWorkload,
  mixture: mixtureWorkload,
};

/** A seeded workload: the same params give the same tensors on every platform. */
export function makeWorkload(name: WorkloadName, params: WorkloadParams): Workload {
  const info = WORKLOADS.find((w) => w.name === name);
  if (!info)
    throw new AttentionError(
      'INVALID_CONFIG',
      'name',
      `one of ${WORKLOADS.map((w) => w.name).join(', ')}`,
      describe(name),
    );
  const p = resolveParams(params, info.knob?.default ?? 0);
  const made: Generated = GENERATORS[name](p);
  return {
    name,
    q: made.q,
    k: made.k,
    v: made.v,
    ...(made.planted ? { planted: made.planted } : {}),
    knob: made.knob,
    description: info.description,
    params: p,
  };
}
