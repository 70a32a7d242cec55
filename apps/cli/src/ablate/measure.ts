/**
 * One task (b h n d, B = H = 1): the point's variant, created with the task's seed (its random
 * features, where it has a `seed` knob), on each workload drawn with the same seed — error, mass
 * kept and recall from @attnkit/metrics — then its median time (the shared tinybench wrapper, on
 * the first workload's inputs: values do not change time) and, for a point's first seed, its peak
 * memory in a child process (bench's probe).
 */
import type { AttentionVariant } from '@attnkit/core';
import { flatRows, makeWorkload, measureFidelity, rowSet } from '@attnkit/metrics';
import { errorText } from '../bench/measure.ts';
import { probeMemory } from '../bench/memory-probe.ts';
import { resolveVariant } from '../bench/variants.ts';
import { timeCall } from '../lib/timing.ts';
import { massSource } from './mass-source.ts';
import { type AblateOptions, parseWorkload } from './options.ts';
import type { BaselineTask, PointTask } from './plan.ts';
import type { BaselineRecord, PointRecord, TimingRecord, WorkloadRecord } from './results.ts';

/** The spec with the seed set, when the variant has a `seed` knob the spec leaves open. */
export function seededSpec(spec: string, seed: number, backend: AblateOptions['backend']) {
  const { definition, config } = resolveVariant(spec, backend);
  if (definition.options.seed === undefined || config.seed !== undefined)
    return { spec, variant: definition.create(config) };
  const seeded = `${spec}${spec.includes(':') ? ',' : ':'}seed=${seed}`;
  return { spec: seeded, variant: definition.create({ ...config, seed }) };
}

/** The caller has warmed the JIT at this shape: no warm-up here. */
const timeOf = async (run: () => unknown, options: AblateOptions): Promise<TimingRecord> => {
  const t = await timeCall(run, { timeMs: options.benchTime, iterations: 3 });
  return { medianMs: t.medianMs, madMs: t.madMs, samples: t.samples };
};

function fidelity(variant: AttentionVariant, task: PointTask, workload: string) {
  const { n, dim, causal } = task.point;
  const { name, knob } = parseWorkload(workload);
  const w = makeWorkload(name, {
    queryLength: n,
    headDim: dim,
    causal,
    seed: task.seed,
    ...(knob === undefined ? {} : { knob }),
  });
  const out = variant.forward(w.q, w.k, w.v, { causal });
  const rows = Int32Array.from(
    new Set([...flatRows(rowSet(n, causal), 1), ...(w.planted?.query ?? [])]),
  );
  const report = measureFidelity(out, w, {
    causal,
    mass: massSource(variant, w, causal, rows),
    seed: task.seed,
  });
  const e = report.relativeError;
  const record: WorkloadRecord = {
    workload,
    error: { mean: e.mean, median: e.median, p95: e.p95, interval: e.interval, rows: e.count },
    maxAbsError: report.maxAbsError,
    mass: report.mass
      ? {
          total: report.mass.total,
          topK: report.mass.topK,
          buckets: report.mass.buckets.map((b) => b.all),
        }
      : null,
    recall: report.recall
      ? {
          all: report.recall.all,
          long: report.recall.long,
          buckets: report.recall.buckets.map((b) => b.recall),
        }
      : null,
  };
  return { record, w };
}

export async function measurePoint(
  task: PointTask,
  options: AblateOptions,
  part: string,
): Promise<PointRecord> {
  const started = performance.now();
  const { point } = task;
  const record: PointRecord = {
    kind: 'point',
    id: task.id,
    pointId: point.id,
    sweep: point.sweep,
    spec: point.spec,
    family: point.family,
    knobs: point.knobs,
    n: point.n,
    causal: point.causal,
    dim: point.dim,
    seed: task.seed,
    part,
    timing: null,
    peakBytes: null,
    workloads: [],
    failed: null,
    notes: [],
    elapsedMs: 0,
  };
  try {
    const { spec, variant } = seededSpec(point.spec, task.seed, options.backend);
    let first: ReturnType<typeof fidelity>['w'] | null = null;
    for (const workload of options.workloads) {
      const { record: r, w } = fidelity(variant, task, workload);
      record.workloads.push(r);
      first ??= w;
    }
    const w = first as NonNullable<typeof first>;
    // The last forward ran another workload; one call on these inputs rewarms before timing.
    variant.forward(w.q, w.k, w.v, { causal: point.causal });
    record.timing = await timeOf(
      () => variant.forward(w.q, w.k, w.v, { causal: point.causal }),
      options,
    );
    if (task.probe && options.memory) {
      const request = {
        spec,
        backend: options.backend,
        threads: 1,
        seed: task.seed,
        causal: point.causal,
      };
      const dims = { n: point.n, batch: 1, heads: 1, kvHeads: 1, dim: point.dim };
      try {
        record.peakBytes = (await probeMemory({ ...request, ...dims })).peakBytes;
      } catch (error) {
        record.notes.push(`memory probe failed: ${errorText(error)}`);
      }
    }
  } catch (error) {
    record.failed = errorText(error);
  }
  record.elapsedMs = performance.now() - started;
  return record;
}

export async function measureBaseline(
  task: BaselineTask,
  options: AblateOptions,
  part: string,
): Promise<BaselineRecord> {
  const record: BaselineRecord = { ...task, part, timing: null, failed: null };
  try {
    const { variant } = seededSpec(task.spec, options.seeds[0], options.backend);
    const w = makeWorkload('random', {
      queryLength: task.n,
      headDim: task.dim,
      causal: task.causal,
      seed: options.seeds[0],
    });
    const run = () => variant.forward(w.q, w.k, w.v, { causal: task.causal });
    run();
    record.timing = await timeOf(run, options);
  } catch (error) {
    record.failed = errorText(error);
  }
  return record;
}
