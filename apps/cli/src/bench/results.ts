/**
 * results.json: the single source of truth of a run, written after every configuration
 * (atomically: temp file + rename) so an interrupted run loses nothing and --resume continues.
 * Bump SCHEMA_VERSION on any breaking change; validateResults checks what readers rely on.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKLOADS } from '@attnkit/metrics';
import { writeJsonAtomic } from '../lib/atomic.ts';
import type { Crossover } from './crossover.ts';
import type { GateResult } from './gate.ts';
import type { BenchOptions, Workload } from './options.ts';
import type { QualityRecord } from './quality.ts';

export const SCHEMA = 'attnkit-bench/results';
/**
 * 2: quality figures from @attnkit/metrics (`quality`: per-row error with interval, mass kept
 * and recall per distance bucket, on a row set that is the same at every N) replace version 1's
 * maxAbsError / relRmsError / recall / recallByDistance; workloads are metrics' and described
 * in `workloads`.
 */
export const SCHEMA_VERSION = 2;

/** A workload of the run: what a figure on it measures, and its knob. */
export interface WorkloadRecord {
  name: Workload;
  description: string;
  knob: { name: string; value: number; unit: string } | null;
}

export const workloadRecords = (names: readonly Workload[]): WorkloadRecord[] =>
  names.map((name) => {
    const info = WORKLOADS.find((w) => w.name === name);
    return {
      name,
      description: info?.description ?? '',
      knob: info?.knob
        ? { name: info.knob.name, value: info.knob.default, unit: info.knob.unit }
        : null,
    };
  });

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  arch: string;
  totalMemoryBytes: number;
  /** The kernel backend --backend resolved to (getKernels(choice).name). */
  backend: string;
  /** How the relaxed-SIMD build runs: 'native', 'flag' (V8's flag on Node 20), 'unavailable', 'off' (--no-relaxed-simd). */
  relaxedSimd?: string;
  threads: number;
  /** os.loadavg() when the run started: above ~cores/2, other processes shared the CPU. */
  loadAverage: number[];
}

export interface RunRecord {
  /** spec|n|causal|workload: unique within a results file; --resume skips recorded keys. */
  key: string;
  variant: string;
  spec: string;
  n: number;
  causal: boolean;
  workload: Workload;
  exact: boolean | null;
  complexity: { time: string; memory: string } | null;
  flops: number | null;
  predictedMs: number | null;
  medianMs: number | null;
  madMs: number | null;
  samples: number | null;
  gflops: number | null;
  /** Measured peak above the inputs (child process), bytes. */
  peakBytes: number | null;
  /** The workload whose probe measured peakBytes (memory does not depend on values). */
  peakFrom: Workload | null;
  predictedPeakBytes: number | null;
  gate: GateResult | null;
  /**
   * Against plain exact softmax attention (no window, no layout), on quality workloads (not
   * random). Measured at 4K, 16K and 64K even when the time budget skipped timing there.
   */
  quality: QualityRecord | null;
  /** Reason it was not timed (budget, unavailable), or null; `quality` may still be set. */
  skipped: string | null;
  /** Reason it ran but has no timing (gate failed, error thrown), or null. */
  failed: string | null;
  notes: string[];
  /** Wall time this configuration took in the suite (gate, timing, probe), ms. */
  elapsedMs: number;
}

export interface FitRecord {
  spec: string;
  causal: boolean;
  workload: Workload;
  /** Least-squares slope of log(medianMs) on log(N). */
  exponent: number | null;
  intercept: number | null;
  r2: number | null;
  points: number;
  nMin: number | null;
  nMax: number | null;
  subQuadratic: boolean;
  crossover: { full: Crossover | null; chunked: Crossover | null };
}

export interface PeerRecord {
  name: string;
  available: boolean;
  version: string | null;
  settings: Record<string, string | number | boolean> | null;
  reason: string | null;
}

export interface Results {
  schema: typeof SCHEMA;
  version: number;
  startedAt: string;
  updatedAt: string;
  complete: boolean;
  machine: Machine;
  options: BenchOptions;
  /** The workloads of options.workloads, described. */
  workloads: WorkloadRecord[];
  peers: PeerRecord[];
  /** Specs that could not be created (no definition yet, bad config), with the reason. */
  unavailable: { spec: string; reason: string }[];
  runs: RunRecord[];
  fits: FitRecord[];
}

export const runKey = (spec: string, n: number, causal: boolean, workload: Workload) =>
  `${spec}|${n}|${causal ? 'causal' : 'full'}|${workload}`;

export function machineInfo(backend: string, threads: number, relaxedSimd: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    totalMemoryBytes: os.totalmem(),
    backend,
    relaxedSimd,
    threads,
    loadAverage: os.loadavg(),
  };
}

export function newResults(options: BenchOptions, machine: Machine): Results {
  const now = new Date().toISOString();
  return {
    schema: SCHEMA,
    version: SCHEMA_VERSION,
    startedAt: now,
    updatedAt: now,
    complete: false,
    machine,
    options,
    workloads: workloadRecords(options.workloads),
    peers: [],
    unavailable: [],
    runs: [],
    fits: [],
  };
}

export function writeResults(dir: string, results: Results): void {
  results.updatedAt = new Date().toISOString();
  writeJsonAtomic(path.join(dir, 'results.json'), results);
}

/** Throws with the first problem found; returns the typed results. */
export function validateResults(value: unknown): Results {
  const r = value as Partial<Results> | null;
  const fail = (why: string): never => {
    throw new Error(`results.json: ${why}`);
  };
  if (!r || typeof r !== 'object') return fail('not an object');
  if (r.schema !== SCHEMA) fail(`schema is ${JSON.stringify(r.schema)}, expected ${SCHEMA}`);
  if (r.version !== SCHEMA_VERSION) fail(`version ${r.version}, this app reads ${SCHEMA_VERSION}`);
  if (!r.machine || typeof r.machine.cpu !== 'string' || typeof r.machine.backend !== 'string')
    fail('machine lacks cpu or backend');
  if (!r.options || !Array.isArray(r.options.specs)) fail('options lack specs');
  if (
    !Array.isArray(r.runs) ||
    !Array.isArray(r.fits) ||
    !Array.isArray(r.unavailable) ||
    !Array.isArray(r.workloads)
  )
    fail('runs, fits, unavailable and workloads must be arrays');
  const required = [
    'variant',
    'spec',
    'n',
    'causal',
    'workload',
    'medianMs',
    'gflops',
    'peakBytes',
  ];
  const more = ['predictedPeakBytes', 'quality', 'skipped', 'gate'];
  (r.runs as RunRecord[]).forEach((run, i) => {
    for (const key of [...required, ...more, 'key'])
      if (!(key in run)) fail(`runs[${i}] lacks ${key}`);
    if (run.key !== runKey(run.spec, run.n, run.causal, run.workload))
      fail(`runs[${i}].key does not match its fields`);
  });
  return r as Results;
}

/** Temp files a killed run left between write and rename; the renamed file is the whole truth. */
export function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir))
    if (name.startsWith('results.json.tmp-')) rmSync(path.join(dir, name), { force: true });
}

export function readResults(dir: string): Results {
  return validateResults(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')));
}

/** The newest folder under `root` holding a results.json, or null. */
export function latestResultsDir(root: string): string | null {
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'results.json')))
    .sort();
  return dirs.length ? path.join(root, dirs[dirs.length - 1]) : null;
}

export const timestampDir = (root: string, date = new Date()) =>
  path.join(root, date.toISOString().replace(/[:.]/g, '-').replace('Z', ''));

/**
 * The run of `record`'s case (spec, length, causality) under `workload`, if recorded; with
 * `timed`, only one whose timing ran. Later workloads reuse that run's figures.
 */
export function runOfCase(
  runs: RunRecord[],
  record: RunRecord,
  workload: Workload,
  timed = false,
): RunRecord | undefined {
  return runs.find(
    (r) =>
      r.spec === record.spec &&
      r.n === record.n &&
      r.causal === record.causal &&
      r.workload === workload &&
      (!timed || r.medianMs !== null),
  );
}
