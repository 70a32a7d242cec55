/**
 * An `attnkit bench` results.json (apps/cli/src/bench/results.ts, schema attnkit-bench/results v1) as a
 * profile: each timed run becomes a throughput point (flops from cost(), the median ms), each run
 * with a measured error a fidelity point on its workload. Bench runs hold no decoder timing, so
 * decode predictions need a calibrated profile. Only the fields read here are checked.
 */
import { createVariant } from '../families.ts';
import {
  FAMILIES,
  type Family,
  type FidelityPoint,
  PROFILE_SCHEMA,
  PROFILE_VERSION,
  type Profile,
  type ThroughputPoint,
} from './schema.ts';

interface BenchRun {
  variant: string;
  spec: string;
  n: number;
  causal: boolean;
  workload: string;
  flops: number | null;
  medianMs: number | null;
  relRmsError: number | null;
  recallByDistance: { distance: number; recall: number; pairs: number }[] | null;
}

/** Whether a parsed JSON file is an `attnkit bench` results.json (by its schema field). */
export function isBenchResults(value: unknown): boolean {
  return (value as { schema?: unknown } | null)?.schema === 'attnkit-bench/results';
}

/**
 * A bench results.json as a profile (see the module comment); throws an Error naming `source`
 * and the first field that is missing or wrong.
 */
export function profileFromBenchResults(value: unknown, source = 'results.json'): Profile {
  const r = value as {
    version?: number;
    machine?: Record<string, unknown>;
    options?: Record<string, unknown>;
    runs?: BenchRun[];
    startedAt?: string;
  };
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  if (!isBenchResults(r)) fail('not a bench results.json (schema attnkit-bench/results)');
  if (r.version !== 1) fail(`results version ${r.version}, this converter reads 1`);
  if (!r.machine || !Array.isArray(r.runs)) fail('lacks machine or runs');
  const m = r.machine as Record<string, unknown>;
  const dims = (r.options ?? {}) as { batch?: number; heads?: number; dim?: number };
  const heads = (dims.batch ?? 1) * (dims.heads ?? 1);
  const d = dims.dim ?? 64;
  const throughput: ThroughputPoint[] = [];
  const fidelity: FidelityPoint[] = [];
  for (const run of r.runs as BenchRun[]) {
    if (!FAMILIES.includes(run.variant as Family)) continue;
    const family = run.variant as Family;
    if (run.flops && run.medianMs && run.medianMs > 0)
      throughput.push({
        family,
        spec: run.spec,
        n: run.n,
        causal: run.causal,
        heads,
        flops: run.flops,
        ms: run.medianMs,
      });
    if (run.relRmsError !== null && Number.isFinite(run.relRmsError)) {
      const shape = {
        batch: 1,
        heads: 1,
        kvHeads: 1,
        queryLength: run.n,
        keyLength: run.n,
        headDim: d,
        valueDim: d,
      };
      let coverage = 1;
      if (family === 'local-window' || family === 'sparse')
        coverage = Math.min(
          1,
          createVariant(run.spec).cost(shape, { causal: run.causal }).flops /
            createVariant('chunked').cost(shape, { causal: run.causal }).flops,
        );
      fidelity.push({
        family,
        spec: run.spec,
        workload: run.workload,
        n: run.n,
        causal: run.causal,
        coverage,
        relError: run.relRmsError,
        rows: 0,
        ...(run.recallByDistance ? { recallByDistance: run.recallByDistance } : {}),
      });
    }
  }
  return {
    schema: PROFILE_SCHEMA,
    version: PROFILE_VERSION,
    provenance: {
      machine: {
        cpu: String(m.cpu),
        cores: Number(m.cores),
        platform: String(m.platform),
        arch: String(m.arch),
        totalMemoryBytes: Number(m.totalMemoryBytes),
      },
      node: String(m.node),
      backend: String(m.backend),
      attnkitVersion: 'bench results v1',
      date: String(r.startedAt ?? ''),
      command: `converted from ${source}`,
      source: 'bench-results',
      seed: 0,
    },
    throughput,
    decode: [],
    fidelity,
  };
}

/** A parsed JSON file as a profile: a profile itself, or a bench results.json converted. */
export const asProfile = (value: unknown, source: string) =>
  isBenchResults(value) ? profileFromBenchResults(value, source) : value;
