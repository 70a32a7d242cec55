/**
 * One configuration against one use case: its predictions (time from the profile, memory from
 * cost(), quality from the fidelity table or from its own mask) and every constraint it breaks,
 * each with the figure that breaks it. Hard constraints — exactness, memory, a distance the mask
 * cannot reach, a capability the variant lacks — are never waived for a missing prediction.
 */
import type { AttentionVariant } from '@attnkit/core';
import type { CandidateSpec } from './candidates.ts';
import { createVariant, hasOption, withOption } from './families.ts';
import { stepModel } from './predict/decode.ts';
import { predictError, predictRecall } from './predict/fidelity.ts';
import { inputBytes, optionsOf, shapeOf } from './predict/shape.ts';
import { predictForwardMs, predictStepMs } from './predict/throughput.ts';
import type { Profile } from './profile/schema.ts';
import { reachAt, reachDistances } from './reach.ts';
import { formatBytes, formatMs } from './units.ts';
import type { ResolvedUseCase } from './use-case.ts';

const DEFAULT_VARIANT_BUDGET = 2 ** 31;

/** What the profile predicts for one configuration on the use case. */
export interface Predicted {
  /** The figure ranked on: prefill ms, decode step ms, or their sum for 'both'. */
  ms: number | null;
  prefillMs?: number | null;
  stepMs?: number | null;
  peakBytes: number;
  /** Relative RMS error against exact attention on the case's workload (0 when exact). */
  error?: number | null;
  /** Fraction of pairs at the needed distances the variant reaches (masks) or recalls (linear). */
  recall?: number | null;
  /** Fraction of the query–key pairs computed (1 for dense and linear). */
  coverage: number;
  /** Whether the configuration computes exact softmax attention on every pair the case needs. */
  exact: boolean;
}

/** One constraint of the use case a configuration breaks, with how far, in words and as a ratio. */
export interface Violation {
  /** Which constraint. */
  constraint: 'exact' | 'memory' | 'distance' | 'error' | 'latency' | 'capability' | 'profile';
  /** A hard break (exactness, memory, a needed distance) is never recommended around. */
  hard: boolean;
  /** How far off, as a ratio ≥ 1 where one exists (for the nearest miss). */
  by: number;
  /** The sentence the report prints, with figures. */
  text: string;
}

export interface Evaluated extends CandidateSpec {
  predicted: Predicted | null;
  violations: Violation[];
}

function capability(v: AttentionVariant, u: ResolvedUseCase): Violation[] {
  const out: Violation[] = [];
  const need = (ok: boolean | undefined, text: string) => {
    if (!ok) out.push({ constraint: 'capability', hard: true, by: Number.POSITIVE_INFINITY, text });
  };
  for (const p of u.positional)
    if (p !== 'rope')
      need(v.traits.scoreBias, `takes no score bias (${p} needs options.scoreBias)`);
  if (u.keyLengths) need(v.traits.keyLengths, 'takes no keyLengths (padding)');
  if (u.queryLength !== u.keyLength && u.mode === 'prefill')
    need(v.traits.crossAttention, 'does no cross-attention');
  if (u.mode !== 'prefill') need(v.traits.decoder, 'has no decoder');
  return out;
}

export function evaluate(c: CandidateSpec, u: ResolvedUseCase, profile: Profile): Evaluated {
  let variant: AttentionVariant;
  try {
    variant = createVariant(c.spec);
  } catch (error) {
    const text = `cannot be built for this case: ${(error as Error).message}`;
    return {
      ...c,
      predicted: null,
      violations: [{ constraint: 'capability', hard: true, by: Number.POSITIVE_INFINITY, text }],
    };
  }
  const shape = shapeOf(u);
  const options = optionsOf(u);
  let cost = variant.cost(shape, options);
  // Variants refuse calls over their own memoryBudget option (2 GiB by default): raise it to fit.
  if (cost.peakBytes > DEFAULT_VARIANT_BUDGET && hasOption(c.spec, 'memoryBudget')) {
    c = {
      ...c,
      spec: withOption(c.spec, 'memoryBudget', 2 ** Math.ceil(Math.log2(cost.peakBytes))),
    };
    variant = createVariant(c.spec);
    cost = variant.cost(shape, options);
  }
  const violations = capability(variant, u);
  // Dense flops under the same causal mask, padding aside (the masked variants' cost() ignores it too).
  // A decoder step equals the last row of the causal forward over the context: its coverage and
  // reach are those of the (L × L) causal forward, not of a 1 × L call.
  const qshape = u.mode === 'prefill' ? shape : shapeOf(u, u.keyLength, u.keyLength);
  const qcost = u.mode === 'prefill' ? cost : variant.cost(qshape, { causal: true });
  const denseFlops = createVariant('chunked').cost(qshape, { causal: u.causal }).flops;
  const masked = c.family === 'local-window' || c.family === 'sparse';
  const coverage = masked ? Math.min(1, qcost.flops / denseFlops) : 1;
  const exact = variant.traits.exact && coverage >= 1 - 1e-12;
  const prefillBytes = inputBytes(shape) + cost.peakBytes;
  const prefillMs =
    u.mode === 'decode'
      ? null
      : predictForwardMs(profile, c.family, cost.flops, u.batch * u.heads, u.queryLength, u.causal);
  const step = u.mode === 'prefill' ? null : stepModel(variant, u);
  const stepMs = step ? predictStepMs(profile, c.family, step.units) : null;
  const threads = Math.min(u.threads, u.batch * u.heads);
  const split = (ms: number | null) => (ms === null ? null : ms / threads);
  const peakBytes = Math.max(u.mode === 'decode' ? 0 : prefillBytes, step?.stateBytes ?? 0);
  let ms: number | null;
  if (u.mode === 'prefill') ms = split(prefillMs);
  else if (u.mode === 'decode') ms = split(stepMs);
  else ms = prefillMs === null || stepMs === null ? null : split(prefillMs + stepMs);
  const predicted: Predicted = { ms, peakBytes, coverage, exact };
  if (u.mode !== 'prefill') predicted.stepMs = split(stepMs);
  if (u.mode === 'both') predicted.prefillMs = split(prefillMs);

  const q = u.quality;
  if ('exact' in q && !exact)
    violations.push({
      constraint: 'exact',
      hard: true,
      by: Number.POSITIVE_INFINITY,
      text: variant.traits.exact
        ? `not exact: computes ${(100 * coverage).toFixed(1)} % of the pairs`
        : 'not exact',
    });
  if ('maxError' in q) {
    const error = exact
      ? 0
      : predictError(profile, c.family, c.spec, coverage, q.workload ?? 'mixture', u.causal);
    predicted.error = error;
    if (error === null)
      violations.push({
        constraint: 'error',
        hard: true,
        by: Number.POSITIVE_INFINITY,
        text: `error on workload ${q.workload} not in the profile's fidelity table (coverage ${(100 * coverage).toFixed(1)} %)`,
      });
    else if (error > q.maxError)
      violations.push({
        constraint: 'error',
        hard: false,
        by: error / q.maxError,
        text: `predicted error ${error.toPrecision(2)} > max ${q.maxError} on ${q.workload}`,
      });
  }
  if ('distance' in q) {
    let recall: number | null;
    if (masked)
      recall = Math.min(
        ...reachDistances(q.distance).map((d) => reachAt(variant, qshape, u.causal, d)),
      );
    else if (c.family === 'linear') recall = predictRecall(profile, c.spec, q.distance, u.causal);
    else recall = 1;
    predicted.recall = recall;
    if (recall === null)
      violations.push({
        constraint: 'distance',
        hard: true,
        by: Number.POSITIVE_INFINITY,
        text: `recall at distance ${q.distance} not measured in the profile`,
      });
    else if (recall < q.recall)
      violations.push({
        constraint: 'distance',
        hard: true,
        by: q.recall / Math.max(recall, 1e-9),
        text: masked
          ? `cannot see distance ${q.distance} (reaches ${(100 * recall).toFixed(0)} % of those pairs, needs ${(100 * q.recall).toFixed(0)} %)`
          : `recalls ${(100 * recall).toFixed(0)} % at distance ${q.distance}, needs ${(100 * q.recall).toFixed(0)} %`,
      });
  }
  if (peakBytes > u.memoryBudget)
    violations.push({
      constraint: 'memory',
      hard: true,
      by: peakBytes / u.memoryBudget,
      text: `predicted peak ${formatBytes(peakBytes)} > memory budget ${formatBytes(u.memoryBudget)}`,
    });
  if (ms === null)
    violations.push({
      constraint: 'profile',
      hard: true,
      by: Number.POSITIVE_INFINITY,
      text: `no ${u.mode === 'prefill' ? 'throughput' : 'decode'} measurement of ${c.family} in the profile`,
    });
  else if (ms > u.latencyBudget)
    violations.push({
      constraint: 'latency',
      hard: false,
      by: ms / u.latencyBudget,
      text: `predicted ${formatMs(ms)} > latency budget ${formatMs(u.latencyBudget)}`,
    });
  return { ...c, predicted, violations };
}
