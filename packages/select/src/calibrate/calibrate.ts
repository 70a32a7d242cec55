/**
 * calibrate(options): measures this machine into a Profile (b h n d, one head, D = 64, one
 * thread): each family's forward time over a ladder of lengths (a ladder stops once one call
 * passes `maxCallMs`), each family's decoder step time at a few context lengths, and a fidelity
 * table (error by workload and configuration, recall of planted pairs by distance). Phases share
 * the time budget (default 60 s); whatever the budget cut is simply absent from the profile.
 */
import { type AttentionVariant, randn } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { createVariant } from '../families.ts';
import { stepModel } from '../predict/decode.ts';
import {
  type DecodePoint,
  type Family,
  type FidelityPoint,
  PROFILE_SCHEMA,
  PROFILE_VERSION,
  type Profile,
  type ThroughputPoint,
} from '../profile/schema.ts';
import { resolveUseCase } from '../use-case.ts';
import { machineInfo } from './machine.ts';
import { metricsMeasureQuality, QUALITY_WORKLOADS } from './metrics-quality.ts';
import type { MeasureQuality } from './quality.ts';
import { medianMs } from './timing.ts';

/** How long `calibrate` may run, what it measures quality with, and the provenance it records. */
export interface CalibrateOptions {
  /** Total wall time, ms. Default 60 000. */
  budgetMs?: number;
  /** Tiny lengths and few repeats: seconds, for tests and smoke runs. */
  quick?: boolean;
  /** Quality measure; default @attnkit/metrics' workloads and measureFidelity (metrics-quality.ts). */
  measureQuality?: MeasureQuality;
  /** Workloads of the fidelity table (metrics' names). Default mixture, local, retrieval. */
  workloads?: string[];
  /** Recorded in provenance: the command line that ran this. */
  command?: string;
  attnkitVersion?: string;
  commit?: string;
  /** Seed of every workload and random feature; recorded in provenance. Default 1. */
  seed?: number;
  /** Called with one line per stage, for a progress display. */
  onProgress?: (message: string) => void;
}

const D = 64;
const familyOf = (spec: string) => spec.split(':')[0] as Family;

interface Plan {
  throughput: { spec: string; lengths: number[] }[];
  decode: { spec: string; contexts: number[] }[];
  fidelityN: number;
  fidelitySpecs: string[];
  maxCallMs: number;
}

function plan(quick: boolean): Plan {
  const quad = quick ? [128, 256] : [512, 1024, 2048, 4096];
  const sub = quick ? [256, 512] : [2048, 8192, 32768, 131072];
  const n = quick ? 256 : 2048;
  const window = (f: number) => `local-window:window=${Math.round(n * f)}`;
  const block = quick ? 16 : 64;
  const contexts = quick ? [32, 64] : [256, 1024, 4096];
  const maxContext = contexts[contexts.length - 1];
  return {
    maxCallMs: quick ? 50 : 300,
    throughput: [
      { spec: 'full', lengths: quad },
      { spec: 'chunked', lengths: quad },
      { spec: 'local-window:window=64', lengths: sub },
      { spec: 'local-window:window=512', lengths: sub },
      { spec: `sparse:block=${block},pattern=bigbird`, lengths: sub },
      { spec: `sparse:block=${block},globalBlocks=1,pattern=longformer,window=15`, lengths: sub },
      { spec: 'linear:featureMap=elu', lengths: sub },
      { spec: 'linear:featureMap=relu', lengths: sub },
      { spec: 'linear:featureMap=favor,features=256', lengths: sub },
    ],
    // A window or band as wide as the longest context, beside a narrow one, so the keys a step
    // reads span the contexts and each family's slope is its own, not borrowed from full's.
    decode: [
      'full',
      'chunked',
      'local-window:window=256',
      `local-window:window=${maxContext}`,
      `sparse:block=${block},pattern=bigbird`,
      `sparse:block=${block},globalBlocks=1,pattern=longformer,window=${2 * (maxContext / block) + 1}`,
      'linear:featureMap=elu',
      'linear:featureMap=relu',
      'linear:featureMap=favor,features=256',
    ].map((spec) => ({ spec, contexts })),
    fidelityN: n,
    fidelitySpecs: [
      ...[1 / 64, 1 / 16, 1 / 4, 1 / 2].map(window),
      `sparse:block=${block},pattern=bigbird`,
      ...[3, 7, 15].map(
        (w) => `sparse:block=${block},globalBlocks=1,pattern=longformer,window=${w}`,
      ),
      'linear:featureMap=elu',
      'linear:featureMap=relu',
      ...[64, 256, 1024].map((m) => `linear:featureMap=favor,features=${m}`),
    ],
  };
}

/**
 * Measures this machine into a profile: forward throughput of every family over lengths, decoder
 * step times over contexts, and fidelity on the quality workloads, within `budgetMs` (default
 * 60 s; each stage stops at its deadline and the profile holds what was measured).
 */
export async function calibrate(options: CalibrateOptions = {}): Promise<Profile> {
  const quick = options.quick ?? false;
  const budget = options.budgetMs ?? 60_000;
  const seed = options.seed ?? 1;
  const measure = options.measureQuality ?? metricsMeasureQuality;
  const workloads = options.workloads ?? [...QUALITY_WORKLOADS];
  const say = options.onProgress ?? (() => {});
  const p = plan(quick);
  const start = performance.now();
  // Deadlines: 45 % of the budget for forward timing, 30 % for decode, the rest for fidelity.
  const stopT = start + 0.45 * budget;
  const stopD = start + 0.75 * budget;
  const stopF = start + budget;

  // Breadth first (every spec at one length before any at the next) so a short budget still
  // times every family; a ladder stops where its next call is predicted over maxCallMs.
  const throughput: ThroughputPoint[] = [];
  const ladders = [false, true].flatMap((causal) =>
    p.throughput.map((t) => ({ ...t, causal, variant: createVariant(t.spec), at: 0, done: false })),
  );
  while (ladders.some((l) => !l.done) && performance.now() < stopT) {
    for (const l of ladders) {
      if (l.done || performance.now() > stopT) continue;
      const n = l.lengths[l.at];
      const ms = timeForward(l.variant, n, l.causal, seed);
      const flops = l.variant.cost(shape(n), { causal: l.causal }).flops;
      throughput.push({
        family: familyOf(l.spec),
        spec: l.spec,
        n,
        causal: l.causal,
        heads: 1,
        flops,
        ms,
      });
      say(`forward ${l.spec} n=${n}${l.causal ? ' causal' : ''}: ${ms.toFixed(2)} ms`);
      const next = l.lengths[++l.at];
      l.done =
        next === undefined ||
        (ms * l.variant.cost(shape(next), { causal: l.causal }).flops) / flops > p.maxCallMs;
    }
  }

  const decode: DecodePoint[] = [];
  p.decode.forEach(({ spec, contexts }, i) => {
    // Each decoder gets an equal share of what is left of the decode phase.
    const deadline = performance.now() + (stopD - performance.now()) / (p.decode.length - i);
    const points = timeDecoder(spec, contexts, seed, deadline);
    decode.push(...points);
    say(`decode ${spec}: ${points.map((d) => `${d.context}: ${d.ms.toFixed(3)} ms`).join(', ')}`);
  });

  const fidelity: FidelityPoint[] = [];
  const n = p.fidelityN;
  const dense = createVariant('chunked');
  // Round robin over (workload, causal): a budget that cuts the table short still leaves every
  // workload and both masks with their narrowest configurations measured.
  const pairs = workloads.flatMap((workload) =>
    [false, true].map((causal) => ({ workload, causal })),
  );
  const tasks = p.fidelitySpecs.flatMap((spec) => pairs.map((pair) => ({ spec, ...pair })));
  for (const { spec, workload, causal } of tasks) {
    if (performance.now() > stopF) break;
    const variant = createVariant(spec);
    const family = familyOf(spec);
    const r = measure({
      variant,
      spec,
      n,
      causal,
      workload,
      seed,
      recall: workload === 'retrieval',
    });
    const coverage =
      family === 'linear'
        ? 1
        : variant.cost(shape(n), { causal }).flops / dense.cost(shape(n), { causal }).flops;
    fidelity.push({
      family,
      spec,
      workload,
      n,
      causal,
      coverage: Math.min(1, coverage),
      relError: r.relError,
      rows: r.rows,
      ...(r.recallByDistance ? { recallByDistance: r.recallByDistance } : {}),
    });
  }
  say(
    `fidelity: ${fidelity.length} points; ${((performance.now() - start) / 1000).toFixed(1)} s in all`,
  );

  const { machine, runtime } = machineInfo();
  return {
    schema: PROFILE_SCHEMA,
    version: PROFILE_VERSION,
    provenance: {
      machine,
      node: runtime,
      backend: getKernels('auto').name,
      attnkitVersion: options.attnkitVersion ?? 'unknown',
      date: new Date().toISOString(),
      command: options.command ?? 'calibrate()',
      source: 'calibrate',
      seed,
      ...(options.commit ? { commit: options.commit } : {}),
    },
    throughput,
    decode,
    fidelity,
  };
}

const shape = (n: number) => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: D,
  valueDim: D,
});

function timeForward(variant: AttentionVariant, n: number, causal: boolean, seed: number): number {
  const q = randn([1, 1, n, D], seed);
  const k = randn([1, 1, n, D], seed + 1);
  const v = randn([1, 1, n, D], seed + 2);
  return medianMs(() => variant.forward(q, k, v, { causal }));
}

/** Steps one decoder up through the contexts, timing a few steps (median) at each. */
function timeDecoder(
  spec: string,
  contexts: number[],
  seed: number,
  deadline: number,
): DecodePoint[] {
  const variant = createVariant(spec);
  const decoder = variant.decoder?.({ batch: 1, heads: 1, kvHeads: 1, headDim: D, valueDim: D });
  if (!decoder) return [];
  const token = randn([1, 1, 1, D], seed);
  const out: DecodePoint[] = [];
  for (const context of contexts) {
    while (decoder.position < context - 9) {
      if (performance.now() > deadline) return out;
      decoder.step(token, token, token);
    }
    const times: number[] = [];
    while (decoder.position < context) {
      const t0 = performance.now();
      decoder.step(token, token, token);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const u = resolveUseCase({
      queryLength: 1,
      keyLength: context,
      mode: 'decode',
      causal: true,
      quality: { exact: true },
    });
    out.push({
      family: familyOf(spec),
      spec,
      context,
      units: stepModel(variant, u).units,
      ms: times[times.length >> 1],
    });
  }
  return out;
}
