/**
 * ablation.json: the versioned record of a run — provenance, the plan, and one record per task
 * (point × seed, every workload inside; baselines apart), keyed by id. Rewritten atomically after
 * every task, so a killed run leaves a whole file and --resume runs only what is missing.
 * Bump ABLATION_SCHEMA_VERSION on a breaking change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from '../bench/results.ts';
import { writeJsonAtomic } from '../lib/atomic.ts';
import type { AblateOptions, Part } from './options.ts';

export const ABLATION_SCHEMA = 'attnkit-ablate/results';
export const ABLATION_SCHEMA_VERSION = 1;
export const ABLATION_FILE = 'ablation.json';

export interface TimingRecord {
  medianMs: number;
  madMs: number;
  samples: number;
}

export interface WorkloadRecord {
  /** The --workload label: name, or name:knob. */
  workload: string;
  /** Per-row relative error vs exact attention on metrics' fixed row set. */
  error: { mean: number; median: number; p95: number; interval: [number, number]; rows: number };
  maxAbsError: number;
  /** Share of exact attention mass kept, overall and per DISTANCE_BUCKETS bucket (null: none there). */
  mass: { total: number; topK: number; buckets: (number | null)[] } | null;
  /** Planted pairs recalled: all, at distance ≥ N/2, per bucket. */
  recall: { all: number; long: number | null; buckets: (number | null)[] } | null;
}

export interface PointRecord {
  kind: 'point';
  id: string;
  pointId: string;
  sweep: string;
  spec: string;
  family: string;
  knobs: Record<string, string>;
  n: number;
  causal: boolean;
  dim: number;
  seed: number;
  /** Which process measured it ("all", "shard 1/2", "shard 1/2 job 2/3"): its baseline is from the same one. */
  part: string;
  timing: TimingRecord | null;
  peakBytes: number | null;
  workloads: WorkloadRecord[];
  failed: string | null;
  notes: string[];
  elapsedMs: number;
}

export interface BaselineRecord {
  kind: 'baseline';
  id: string;
  spec: string;
  n: number;
  causal: boolean;
  dim: number;
  part: string;
  timing: TimingRecord | null;
  failed: string | null;
}

export interface Provenance {
  /** The command as typed (argv quoted for a POSIX shell). */
  command: string;
  attnkitVersion: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  machine: Machine;
  startedAt: string;
}

export interface AblationFile {
  schema: typeof ABLATION_SCHEMA;
  version: number;
  fingerprint: string;
  options: AblateOptions;
  /** The parts merged into this file, or the one this run is. */
  parts: { part: string; shard: Part | null; provenance: Provenance }[];
  complete: boolean;
  updatedAt: string;
  /** Ids of every point of the whole sweep (all shards): merge checks completeness against it. */
  allPointIds: string[];
  baselines: BaselineRecord[];
  records: PointRecord[];
}

export function writeAblation(dir: string, file: AblationFile): void {
  file.updatedAt = new Date().toISOString();
  writeJsonAtomic(path.join(dir, ABLATION_FILE), file);
}

/** Throws naming the first problem; returns the typed file. */
export function validateAblation(value: unknown, where = ABLATION_FILE): AblationFile {
  const f = value as Partial<AblationFile> | null;
  const fail = (why: string): never => {
    throw new Error(`${where}: ${why}`);
  };
  if (!f || typeof f !== 'object') return fail('not an object');
  if (f.schema !== ABLATION_SCHEMA)
    fail(`schema is ${JSON.stringify(f.schema)}, expected ${ABLATION_SCHEMA}`);
  if (f.version !== ABLATION_SCHEMA_VERSION)
    fail(`version ${f.version}, this attnkit reads ${ABLATION_SCHEMA_VERSION}`);
  if (typeof f.fingerprint !== 'string') fail('no fingerprint');
  if (!f.options || !Array.isArray(f.options.sweeps)) fail('options lack sweeps');
  if (!Array.isArray(f.records) || !Array.isArray(f.baselines) || !Array.isArray(f.parts))
    fail('records, baselines and parts must be arrays');
  const ids = new Set<string>();
  for (const r of f.records as PointRecord[]) {
    if (r.id !== `${r.pointId}|seed=${r.seed}`)
      fail(`record ${r.id} does not match its point and seed`);
    if (ids.has(r.id)) fail(`record ${r.id} twice`);
    ids.add(r.id);
  }
  return f as AblationFile;
}

export function readAblation(dir: string): AblationFile {
  const file = path.join(dir, ABLATION_FILE);
  return validateAblation(JSON.parse(readFileSync(file, 'utf8')), file);
}
