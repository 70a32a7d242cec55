import { attentionShapeOf } from '@attnkit/core';
/**
 * One configuration after its budget check (b h n d): one forward for the gate and, on a
 * quality workload, the quality figures (quality.ts); then, when the gate passed and the
 * configuration is timed, tinybench timing and the child-process memory probe — or, on a later
 * workload, the first workload's time and memory (values do not change them).
 */

import { timeCall } from '../lib/timing.ts';
import type { Throughput } from './budget.ts';
import type { SuiteContext } from './context.ts';
import { type ExactAnswer, exactAnswer, gateLength, gateOutput } from './gate.ts';
import { type Dims, type Inputs, makeInputs } from './inputs.ts';
import { probeMemory } from './memory-probe.ts';
import { isQualityWorkload, type Workload } from './options.ts';
import { measureQuality } from './quality.ts';
import { type RunRecord, runOfCase } from './results.ts';
import type { Subject } from './subjects.ts';

export const errorText = (e: unknown) =>
  e instanceof Error ? e.message.split('\n')[0] : String(e);

/**
 * Fills `record`; returns the output when the gate passed (for the group's exact answer).
 * `timed` false: the budget skipped timing (record.skipped says why) but quality is measured.
 */
export async function measure(
  subject: Subject,
  record: RunRecord,
  inputs: Inputs,
  answer: ExactAnswer,
  dims: Dims,
  ctx: SuiteContext,
  throughput: Throughput,
  firstWorkload: Workload,
  timed = true,
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
  const shape = attentionShapeOf(q, k, v);
  try {
    const gateN = gateLength(subject.variant, shape, causal);
    if (gateN === n) record.gate = gateOutput(subject.variant, inputs, out, causal, answer);
    else {
      const small = makeInputs(record.workload, { ...dims, n: gateN }, causal, options.seed);
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
  if (isQualityWorkload(record.workload))
    try {
      record.quality = measureQuality(subject.peer ? null : subject.variant, inputs, out, causal, {
        seed: options.seed,
        massBudgetBytes: options.memoryBudget / 4,
      });
    } catch (error) {
      record.failed = `quality threw: ${errorText(error)}`;
      return null;
    }
  if (record.gate.passed === false) {
    record.failed = `gate: max |err| ${record.gate.maxAbsError.toExponential(2)} > ${record.gate.tolerance} vs ${record.gate.reference}`;
    return null;
  }
  if (!timed) {
    record.notes.push(
      'quality measured although timing was skipped: quality at 4K, 16K and 64K does not depend on the time budget',
    );
    return out;
  }

  const shared =
    record.workload !== firstWorkload ? runOfCase(results.runs, record, firstWorkload, true) : null;
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
    // The gate's forward already warmed the JIT at this shape: no warm-up.
    const timing = await timeCall(() => subject.run(q, k, v, causal), {
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
