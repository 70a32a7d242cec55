/**
 * The suite loop (b h n d): for each workload, causal mode and N, every spec in turn —
 * budget check from cost(), one forward for the gate, error and recall, then (gate passed)
 * tinybench timing and a child-process memory probe. results.json is rewritten after every
 * configuration. Time and memory do not depend on input values, so they are measured on the
 * first workload and shared by the others (each record says where its figures come from).
 */
import { type Budgets, inputBytes, shapeAt, skipReason, Throughput } from './budget.ts';
import {
  type ExactAnswer,
  errorVsExact,
  exactAnswer,
  gateLength,
  gateOutput,
  shapeOf,
} from './gate.ts';
import { probeMemory } from './memory-probe.ts';
import type { BenchOptions, Workload } from './options.ts';
import type { Progress } from './progress.ts';
import { type Results, type RunRecord, runKey, writeResults } from './results.ts';
import type { Subject } from './subjects.ts';
import { timeForward } from './timing.ts';
import { EXACT_BASELINES } from './variants.ts';
import { type Dims, type Inputs, makeInputs, recallOf } from './workloads.ts';

export interface SuitePlan {
  subject: Subject;
  lengths: number[];
}

export interface SuiteContext {
  options: BenchOptions;
  results: Results;
  dir: string;
  progress: Progress;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

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
    maxAbsError: null,
    relRmsError: null,
    recall: null,
    recallByDistance: null,
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
  const { q, k, v } = makeInputs('random', { ...dims, n }, seed);
  for (const s of subjects) {
    try {
      await s.run(q, k, v, false);
      const t0 = performance.now();
      await s.run(q, k, v, false);
      throughput.observe(s.spec, n, s.variant.cost(shapeOf(q, k, v)).flops, performance.now() - t0);
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
    const lead = workload === firstWorkload ? null : findLead(results.runs, record, firstWorkload);
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
    if (!record.skipped) {
      inputs ??= makeInputs(workload, { ...dims, n }, options.seed);
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

/**
 * Once the suite's wall-clock budget (s) cannot fit a configuration, it is skipped and says so.
 * A timed configuration costs about five forwards plus ~1.5 s of child process; a later workload
 * about two forwards (its gate and reference).
 */
export function suiteBudgetReason(
  startMs: number,
  budgetS: number,
  predictedMs: number | null,
  timed: boolean,
  nowMs = performance.now(),
): string | null {
  if (!(budgetS > 0)) return null;
  const elapsed = (nowMs - startMs) / 1000;
  const cost = ((predictedMs ?? 0) * (timed ? 5 : 2) + (timed ? 1500 : 0)) / 1000;
  if (elapsed + cost <= budgetS) return null;
  return `suite budget: ${elapsed.toFixed(0)} s used of ${budgetS} s, this configuration needs about ${cost.toFixed(1)} s more`;
}

function summary(r: RunRecord): string {
  if (r.skipped) return `skipped (${r.skipped})`;
  if (r.failed) return `FAILED (${r.failed})`;
  const parts = [`${r.medianMs?.toFixed(1)} ms`, `${r.gflops?.toFixed(2)} GFLOP/s`];
  if (r.gate?.passed !== null && r.gate) parts.push(`gate ${r.gate.passed ? 'ok' : 'FAIL'}`);
  if (r.relRmsError !== null) parts.push(`rel.rms ${r.relRmsError.toExponential(1)}`);
  if (r.recall !== null) parts.push(`recall ${(r.recall * 100).toFixed(0)}%`);
  return parts.join(' · ');
}

async function measure(
  subject: Subject,
  record: RunRecord,
  inputs: Inputs,
  answer: ExactAnswer,
  dims: Dims,
  ctx: SuiteContext,
  throughput: Throughput,
  firstWorkload: Workload,
): Promise<Float32Array | null> {
  const { options, results } = ctx;
  const { q, k, v } = inputs;
  const { causal, n } = record;
  let out: Float32Array;
  try {
    out = await subject.run(q, k, v, causal);
  } catch (error) {
    record.failed = `forward threw: ${errorText(error)}`;
    return null;
  }
  const shape = shapeOf(q, k, v);
  try {
    const gateN = gateLength(subject.variant, shape, causal);
    if (gateN === n) record.gate = gateOutput(subject.variant, inputs, out, causal, answer);
    else {
      const small = makeInputs(record.workload, { ...dims, n: gateN }, options.seed);
      const smallOut = await subject.run(small.q, small.k, small.v, causal);
      const smallAnswer = exactAnswer(small.q, small.k, small.v, causal, null);
      record.gate = {
        ...gateOutput(subject.variant, small, smallOut, causal, smallAnswer),
        note: `gated at N = ${gateN}: its weights() support at N = ${n} exceeds the gate's read budget`,
      };
    }
  } catch (error) {
    record.failed = `gate threw: ${errorText(error)}`;
    return null;
  }
  const errors = errorVsExact(out, shape.valueDim, answer);
  record.maxAbsError = errors.maxAbsError;
  record.relRmsError = errors.relRmsError;
  const recall = recallOf(out, inputs, dims);
  if (recall) {
    record.recall = recall.recall;
    record.recallByDistance = recall.byDistance;
  }
  if (record.gate.passed === false) {
    record.failed = `gate: max |err| ${record.gate.maxAbsError.toExponential(2)} > ${record.gate.tolerance} vs ${record.gate.reference}`;
    return null;
  }

  const shared =
    record.workload !== firstWorkload ? findShared(results.runs, record, firstWorkload) : null;
  if (shared) {
    record.medianMs = shared.medianMs;
    record.madMs = shared.madMs;
    record.samples = shared.samples;
    record.gflops = shared.gflops;
    record.peakBytes = shared.peakBytes;
    record.peakFrom = shared.peakFrom;
    record.notes.push(
      `time and peak memory measured on the ${firstWorkload} workload (values do not change them)`,
    );
    return out;
  }
  try {
    const timing = await timeForward(() => subject.run(q, k, v, causal), {
      timeMs: options.benchTime,
      iterations: options.quick || (record.predictedMs ?? 0) > 250 ? 2 : 3,
    });
    record.medianMs = timing.medianMs;
    record.madMs = timing.madMs;
    record.samples = timing.samples;
    record.gflops = (record.flops ?? 0) / (timing.medianMs * 1e6);
    throughput.observe(subject.spec, n, record.flops ?? 0, timing.medianMs);
  } catch (error) {
    record.failed = `timing threw: ${errorText(error)}`;
    return null;
  }
  if (options.quick && n !== Math.max(...(options.lengths ?? [n]))) {
    record.notes.push('--quick: peak memory is probed at the longest quick length only');
    return out;
  }
  const request = {
    spec: subject.spec,
    backend: options.backend,
    threads: options.threads,
    seed: options.seed,
    causal,
    n,
    batch: dims.batch,
    heads: dims.heads,
    kvHeads: dims.kvHeads,
    dim: dims.dim,
  };
  // One retry: a child can die of something unrelated (the machine is shared); both are noted.
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const probe = await probeMemory(request);
      record.peakBytes = probe.peakBytes;
      record.peakFrom = record.workload;
      break;
    } catch (error) {
      record.notes.push(`memory probe attempt ${attempt} failed: ${errorText(error)}`);
    }
  }
  return out;
}

function findLead(runs: RunRecord[], record: RunRecord, workload: Workload) {
  return runs.find(
    (r) =>
      r.spec === record.spec &&
      r.n === record.n &&
      r.causal === record.causal &&
      r.workload === workload,
  );
}

function findShared(runs: RunRecord[], record: RunRecord, workload: Workload) {
  return runs.find(
    (r) =>
      r.spec === record.spec &&
      r.n === record.n &&
      r.causal === record.causal &&
      r.workload === workload &&
      r.medianMs !== null,
  );
}
