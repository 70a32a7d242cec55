/**
 * The points of an ablation, in one stable order: every sweep expanded (core's expandSweep),
 * then × N × causal × dim. A point's id names all of it, so records are keyed by it; a shard
 * takes every n-th point of this order, so shards of one sweep never overlap and together are
 * the whole of it. The fingerprint hashes what defines the points and how they are measured,
 * so folders of different sweeps are never merged.
 */
import { createHash } from 'node:crypto';
import { expandSweep } from '@attnkit/core';
import { specName } from '../bench/variants.ts';
import type { AblateOptions, Part } from './options.ts';

export interface AblationPoint {
  id: string;
  /** The sweep text it came from (the first one, when two sweeps share a spec). */
  sweep: string;
  spec: string;
  /** The variant family: the spec's name, e.g. local-window. */
  family: string;
  /** Swept knobs → value as written. */
  knobs: Record<string, string>;
  n: number;
  causal: boolean;
  dim: number;
}

export interface PointTask {
  kind: 'point';
  id: string;
  point: AblationPoint;
  seed: number;
  /** The first seed of a point probes its peak memory (values do not change memory). */
  probe: boolean;
}

/** The exact baseline a point's speed-up is measured against: chunked at the same N. */
export interface BaselineTask {
  kind: 'baseline';
  id: string;
  spec: string;
  n: number;
  causal: boolean;
  dim: number;
}

export const BASELINE_SPEC = 'chunked';

export const pointId = (spec: string, n: number, causal: boolean, dim: number) =>
  `${spec}|n=${n}|${causal ? 'causal' : 'full'}|d=${dim}`;

export const baselineKey = (n: number, causal: boolean, dim: number) =>
  `baseline:${pointId(BASELINE_SPEC, n, causal, dim)}`;

/** Every point of the sweeps; throws the grammar's AttentionError naming a bad token. */
export function planPoints(options: Pick<AblateOptions, 'sweeps' | 'lengths' | 'causal' | 'dim'>) {
  const points: AblationPoint[] = [];
  const seen = new Set<string>();
  for (const sweep of options.sweeps)
    for (const { spec, knobs } of expandSweep(sweep))
      for (const n of options.lengths)
        for (const causal of options.causal) {
          const id = pointId(spec, n, causal, options.dim);
          if (seen.has(id)) continue;
          seen.add(id);
          points.push({
            id,
            sweep,
            spec,
            family: specName(spec),
            knobs,
            n,
            causal,
            dim: options.dim,
          });
        }
  return points;
}

/** The i-th of n shares: points at index i−1, i−1+n, … of the stable order. */
export const sharePoints = <T>(points: readonly T[], part: Part | null): T[] =>
  part ? points.filter((_, x) => x % part.count === part.index - 1) : [...points];

/** Tasks of the chosen points: the baselines they need first, then each point per seed. */
export function planTasks(points: readonly AblationPoint[], seeds: readonly number[]) {
  const baselines = new Map<string, BaselineTask>();
  for (const p of points) {
    const id = baselineKey(p.n, p.causal, p.dim);
    if (!baselines.has(id))
      baselines.set(id, {
        kind: 'baseline',
        id,
        spec: BASELINE_SPEC,
        n: p.n,
        causal: p.causal,
        dim: p.dim,
      });
  }
  const tasks: PointTask[] = points.flatMap((point) =>
    seeds.map((seed, x) => ({
      kind: 'point' as const,
      id: `${point.id}|seed=${seed}`,
      point,
      seed,
      probe: x === 0,
    })),
  );
  return { baselines: [...baselines.values()], tasks };
}

/** What makes two folders parts of one ablation: sweeps, axes, seeds and how points are measured. */
export function sweepFingerprint(options: AblateOptions): string {
  const defining = {
    sweeps: options.sweeps,
    lengths: options.lengths,
    causal: options.causal,
    dim: options.dim,
    workloads: options.workloads,
    seeds: options.seeds,
    backend: options.backend,
    memory: options.memory,
    benchTime: options.benchTime,
  };
  return createHash('sha256').update(JSON.stringify(defining)).digest('hex').slice(0, 16);
}
