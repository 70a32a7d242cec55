import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  assertGradientsFinite,
  type Cost,
  type Tensor,
  validateBackward,
  validateShape,
} from '@attnkit/core';
import { type Kernels, stageArrays, stagedArraysBytes } from '@attnkit/kernels';
import { linearBackward } from './backward.ts';
import { backwardLayout } from './backward-scratch.ts';
import { assertFavorCall } from './favor-range.ts';
import {
  type Directions,
  type FeatureSettings,
  featureCount,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';
import { assertFeatureRange } from './feature-range.ts';

type Traits = Parameters<typeof validateBackward>[5];

export interface LinearTrainingSetup {
  kernels: Kernels;
  settings: FeatureSettings;
  chunk: number;
  memoryBudget: number;
  traits: Traits;
  dirsFor(d: number): Directions | null;
  forward(q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor;
  forwardCost(shape: AttentionShape, options?: AttentionOptions): Cost;
}

/**
 * forwardForTraining, backward and backwardCost of linear attention. Nothing beyond the output
 * needs saving: the backward rebuilds the prefix state from q and k chunk by chunk (that costs
 * about one forward, counted in backwardCost), so `saved` is accepted and not read.
 */
export function linearTraining(x: LinearTrainingSetup) {
  const { kernels, settings, chunk } = x;
  const favor = settings.featureMap === 'favor';
  const scratchOf = (s: AttentionShape) =>
    backwardLayout(
      favor,
      s.headDim,
      featureCount(settings, s.headDim),
      s.valueDim,
      chunk,
      s.queryLength,
    ).total;
  const backwardCost = (shape: AttentionShape, options?: AttentionOptions): Cost => {
    const s = validateShape({ ...shape });
    const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = s;
    const { headDim: D, valueDim: Dv } = s;
    const m = featureCount(settings, D);
    const feature = (rows: number) => (favor ? rows * (2 * D * m + 3 * m + 2 * D) : 2 * rows * D);
    // Pass 1 redoes the forward per query head; pass 2 maps keys again, reads dS and dz, and
    // both passes run the feature maps backward.
    const perHead =
      Nq * (4 * m * Dv + 2 * m) + Nk * (4 * m * Dv + 2 * m) + 2 * feature(Nq) + 2 * feature(Nk);
    const qLen = B * H * Nq * D;
    const kLen = B * Hkv * Nk * D;
    const vLen = B * Hkv * Nk * Dv;
    return {
      flops: x.forwardCost(s, options).flops + B * H * perHead,
      peakBytes: stagedArraysBytes(
        kernels,
        qLen + kLen + vLen + B * H * Nq * Dv,
        qLen + kLen + vLen,
        scratchOf(s),
      ),
    };
  };
  const forwardForTraining: NonNullable<AttentionVariant['forwardForTraining']> = (
    q,
    k,
    v,
    options,
  ) => {
    const output = x.forward(q, k, v, options);
    return { output, saved: { output } };
  };
  const backward: NonNullable<AttentionVariant['backward']> = (q, k, v, dOut, options) => {
    const { call } = validateBackward(q, k, v, dOut, options, x.traits, 'linear');
    const predicted = backwardCost(call.shape, options).peakBytes;
    if (predicted > x.memoryBudget)
      throw new AttentionError(
        'MEMORY_BUDGET',
        'q, k, v, dOut',
        `a backward within memoryBudget ${x.memoryBudget} bytes`,
        `a predicted peak of ${predicted} bytes`,
      );
    const { headDim: D, valueDim: Dv } = call.shape;
    const m = featureCount(settings, D);
    const st = stageArrays(
      kernels,
      [q.data, k.data, v.data, dOut.data],
      [q.data.length, k.data.length, v.data.length],
      scratchOf(call.shape),
    );
    const ws = st.scratch.a;
    const lay = backwardLayout(favor, D, m, Dv, chunk, call.shape.queryLength, st.scratch.off);
    const dirs = x.dirsFor(D);
    if (dirs) writeOmegaT(dirs, D, m, call.scale, ws, lay.omegaT);
    ws.fill(1, lay.ones, lay.ones + chunk);
    const fm = {
      kernels,
      kind: settings.featureMap,
      d: D,
      m,
      scale: call.scale,
      omegaT: ws,
      omegaTOff: lay.omegaT,
      keyOffset: dirs?.keyOffset ?? 0,
      floor: favor ? settings.stabilizer : 0,
    };
    const [sq, sk, sv, sg] = st.inputs;
    const [dq, dk, dv] = st.outputs;
    // The forward's range checks: inputs it refuses (feature overflow) are refused here too.
    assertFavorCall(fm, sq.a, sq.off, sk.a, sk.off, call.shape);
    assertFeatureRange(fm, call.shape, call.keyLengths, sq.a, sq.off, sk.a, sk.off, sv.a, sv.off);
    linearBackward(
      call,
      { q: sq, k: sk, v: sv, dOut: sg, dq, dk, dv, ws },
      fm,
      lay,
      chunk,
      normaliserEpsilon(settings),
    );
    const [gq, gk, gv] = st.results();
    assertGradientsFinite(gq, gk, gv);
    return {
      dq: { data: gq, shape: [...q.shape] },
      dk: { data: gk, shape: [...k.shape] },
      dv: { data: gv, shape: [...v.shape] },
    };
  };
  return { forwardForTraining, backward, backwardCost };
}
