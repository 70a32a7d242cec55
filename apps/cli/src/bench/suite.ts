import { attentionShapeOf } from '@attnkit/core';
/**
 * The suite loop (b h n d): for each N, causal mode and workload, every spec in turn —
 * budget check from cost(), one forward for the gate and the quality figures, then (gate
 * passed) tinybench timing and a child-process memory probe. results.json is rewritten after
 * every configuration. Time and memory do not depend on input values, so they are measured on
 * the first workload and shared by the others (each record says where its figures come from).
 * Quality does not depend on the time budget: at QUALITY_LENGTHS an approximate spec whose
 * timing the budget skipped still gets its one forward and its quality figures.
 */
import {
  type Budgets,
  inputBytes,
  shapeAt,
  skipReason,
  suiteBudgetReason,
  Throughput,
} from './budget.ts';
import type { SuiteContext, SuitePlan } from './context.ts';
import { type ExactAnswer, exactAnswer, hasOwnMask } from './gate.ts';
import { type Dims, type Inputs, makeInputs } from './inputs.ts';
import { measure } from './measure.ts';
import { type BenchOptions, primaryQualityWorkload, type Workload } from './options.ts';
import { fmtQ } from './report-quality.ts';
import { type RunRecord, runKey, runOfCase, writeResults } from './results.ts';
import type { Subject } from './subjects.ts';
import { EXACT_BASELINES } from './variants.ts';

/** Lengths where quality is measured whatever the time budget decided (issue 18). */
export const QUALITY_LENGTHS = [4096, 16384, 65536];
/** A quality-only forward may be predicted to take up to this long. */
export const QUALITY_FORWARD_LIMIT_MS = 30_000;

/**
 * Whether a configuration the budget skipped still gets its quality measured: the headline
 * quality workload (mixture) at a quality length, a spec that approximates (not exact, or its
 * own mask), within the memory budget and the quality-only forward limit. Other workloads
 * follow the time budget, so the suite stays about as long as its budget says.
 */
export function qualityOnly(
  subject: Subject,
  record: RunRecord,
  dims: Omit<Dims, 'n'>,
  budgets: Budgets,
  primary: Workload | null,
): boolean {
  if (!record.skipped || record.workload !== primary || subject.peer) return false;
  if (!QUALITY_LENGTHS.includes(record.n)) return false;
  const shape = shapeAt(dims, record.n);
  const { variant } = subject;
  if (variant.traits.exact && !hasOwnMask(variant, shape, record.causal)) return false;
  const cost = variant.cost(shape, { causal: record.causal });
  if (cost.peakBytes + inputBytes(shape) > budgets.memoryBudget) return false;
  return (record.predictedMs ?? 0) <= QUALITY_FORWARD_LIMIT_MS;
}

function emptyRecord(subject: Subject, n: number, causal: boolean, workload: Workload): RunRecord {
  return {
    key: runKey(subject.spec, n, causal, workload),
    variant: subject.name,
    spec: subject.spec,
    n,
    causal,
    workload,
    exact: subject.variant.traits.exact,
    complexity: { ...subject.variant.traits.complexity },
    flops: null,
    predictedMs: null,
    medianMs: null,
    madMs: null,
    samples: null,
    gflops: null,
    peakBytes: null,
    peakFrom: null,
    predictedPeakBytes: null,
    gate: null,
    quality: null,
    skipped: null,
    failed: null,
    notes: [],
    elapsedMs: 0,
  };
}

/** Seeds the throughput model: two forwards of each subject at N = 256. */
export async function calibrate(subjects: Subject[], dims: Omit<Dims, 'n'>, seed: number) {
  const throughput = new Throughput();
  const n = 256;
  const { q, k, v } = makeInputs('random', { ...dims, n }, false, seed);
  for (const s of subjects) {
    try {
      await s.run(q, k, v, false);
      const t0 = performance.now();
      await s.run(q, k, v, false);
      throughput.observe(
        s.spec,
        n,
        s.variant.cost(attentionShapeOf(q, k, v)).flops,
        performance.now() - t0,
      );
    } catch {
      // A subject that cannot run at all fails visibly in its own configurations.
    }
  }
  return throughput;
}

/** The order configurations run in; the exact baselines go first in each group. */
export function schedule(plans: SuitePlan[], options: BenchOptions) {
  const rank = (s: Subject) => {
    const i = EXACT_BASELINES.indexOf(s.spec as (typeof EXACT_BASELINES)[number]);
    return i < 0 ? EXACT_BASELINES.length : i;
  };
  const ordered = [...plans].sort((a, b) => rank(a.subject) - rank(b.subject));
  const lengths = [...new Set(plans.flatMap((p) => p.lengths))].sort((a, b) => a - b);
  const out: { subject: Subject; n: number; causal: boolean; workload: Workload }[] = [];
  // Length outermost: when the suite budget runs out, what is cut is the longest sequences,
  // for every spec, causal mode and workload alike.
  for (const n of lengths)
    for (const causal of options.causal)
      for (const workload of options.workloads)
        for (const plan of ordered)
          if (plan.lengths.includes(n)) out.push({ subject: plan.subject, n, causal, workload });
  return out;
}

export type { SuiteContext, SuitePlan };

export async function runSuite(ctx: SuiteContext, plans: SuitePlan[], throughput: Throughput) {
  const { options, results, dir, progress } = ctx;
  const dims = {
    batch: options.batch,
    heads: options.heads,
    kvHeads: options.kvHeads,
    dim: options.dim,
  };
  const budgets: Budgets = { timeBudget: options.timeBudget, memoryBudget: options.memoryBudget };
  const configs = schedule(plans, options);
  const done = new Set(results.runs.map((r) => r.key));
  const firstWorkload = options.workloads[0];
  const primary = primaryQualityWorkload(options.workloads);
  progress.start(configs.length);
  const suiteStart = performance.now();

  let groupKey = '';
  let inputs: Inputs | null = null;
  let answer: ExactAnswer | null = null;
  for (const { subject, n, causal, workload } of configs) {
    const key = runKey(subject.spec, n, causal, workload);
    const label = `${subject.spec} N=${n}${causal ? ' causal' : ''} ${workload}`;
    if (done.has(key)) {
      progress.tick(`${label}: already in results.json (resume)`);
      continue;
    }
    const group = `${workload}|${causal}|${n}`;
    if (group !== groupKey) {
      groupKey = group;
      inputs = null;
      answer = null;
    }
    const started = performance.now();
    const record = emptyRecord(subject, n, causal, workload);
    const shape = shapeAt(dims, n);
    const cost = subject.variant.cost(shape, { causal });
    record.flops = cost.flops;
    record.predictedPeakBytes = subject.peer ? null : cost.peakBytes;
    if (subject.peer) record.notes.push('no cost(): flops are dense attention, peak not predicted');
    record.predictedMs = throughput.predictMs(subject.spec, cost.flops);
    // Later workloads follow the first one's decision: they reuse its time and memory figures.
    const lead = workload === firstWorkload ? null : runOfCase(results.runs, record, firstWorkload);
    record.skipped = lead
      ? lead.skipped
      : skipReason(
          {
            predictedMs: record.predictedMs,
            predictedPeakBytes: cost.peakBytes,
            flops: cost.flops,
          },
          inputBytes(shape),
          budgets,
        );
    record.skipped ??= suiteBudgetReason(
      suiteStart,
      options.suiteBudget,
      record.predictedMs,
      !lead,
    );
    const timed = !record.skipped;
    if (timed || qualityOnly(subject, record, dims, budgets, primary)) {
      inputs ??= makeInputs(workload, { ...dims, n }, causal, options.seed);
      answer ??= exactAnswer(inputs.q, inputs.k, inputs.v, causal, null);
      const out = await measure(
        subject,
        record,
        inputs,
        answer,
        { ...dims, n },
        ctx,
        throughput,
        firstWorkload,
        timed,
      );
      // The first exact baseline that passes its gate lends its whole output to the others.
      if (
        !answer.whole &&
        answer.label !== 'float64' &&
        record.gate?.passed &&
        record.gate.mask === 'none' &&
        (EXACT_BASELINES as readonly string[]).includes(subject.spec) &&
        out
      ) {
        answer = { ...answer, whole: out, label: `${subject.spec} + ${answer.label}` };
      }
    }
    record.elapsedMs = performance.now() - started;
    results.runs.push(record);
    writeResults(dir, results);
    progress.tick(`${label}: ${summary(record)}`);
  }
  progress.stop();
}

function summary(r: RunRecord): string {
  if (r.failed) return `FAILED (${r.failed})`;
  const parts = r.skipped
    ? [`timing skipped (${r.skipped})`]
    : [`${r.medianMs?.toFixed(1)} ms`, `${r.gflops?.toFixed(2)} GFLOP/s`];
  if (r.gate?.passed !== null && r.gate) parts.push(`gate ${r.gate.passed ? 'ok' : 'FAIL'}`);
  if (r.quality) parts.push(`error ${fmtQ(r.quality.error.mean)}`);
  if (r.quality?.recall) parts.push(`recall ${(r.quality.recall.all * 100).toFixed(0)}%`);
  return parts.join(' · ');
}
