import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  assertGradientsFinite,
  type Cost,
  type ResolvedCall,
  type Tensor,
  type VariantTraits,
  validateBackward,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { type FlashBackwardInputs, flashBackward, flashBackwardScratch } from './flash-backward.ts';
import { flashForward, flashForwardScratch } from './flash-forward.ts';
import { stagedArraysBytes } from './stage-arrays.ts';
import type { TilePlan } from './tile-plan.ts';
import type { Kernels } from './types.ts';

/** What `softmaxTraining` needs from an exact variant: its kernels, tiles, traits, budget and cost. */
export interface SoftmaxTrainingSetup {
  name: string;
  kernels: Kernels;
  traits: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>;
  memoryBudget: number;
  /** The variant's tiles for a checked call. */
  plan(call: ResolvedCall): TilePlan;
  /** The variant's forward cost: its flops count the query–key pairs its tiles visit. */
  forwardCost(shape: AttentionShape, options?: AttentionOptions): Cost;
  /** Blocks of a shape, for byte predictions before a call exists. */
  blocks(shape: AttentionShape): { queryBlock: number; keyBlock: number };
  /** Throws UNSUPPORTED for a call the backward does not cover. */
  refuse?(call: ResolvedCall): void;
  /**
   * Runs the drivers another way (local-window's dilated classes: gather, run, scatter); default
   * flashForward / flashBackward on plan(call). `extraBytes` is what that way adds to the peak.
   */
  run?: {
    /** The forward with each row's log-sum-exp, as `flashForward`. */
    forward(
      call: ResolvedCall,
      q: Float32Array,
      k: Float32Array,
      v: Float32Array,
    ): {
      output: Float32Array;
      logSumExp: Float32Array;
    };
    /** The gradients, as `flashBackward`. */
    backward(
      call: ResolvedCall,
      x: FlashBackwardInputs,
    ): {
      dq: Float32Array;
      dk: Float32Array;
      dv: Float32Array;
    };
    /** Bytes this way adds to the peak of forwardForTraining and backward. */
    extraBytes(shape: AttentionShape): number;
  };
}

type TrainingMethods = Required<
  Pick<AttentionVariant, 'forwardForTraining' | 'backward' | 'backwardCost'>
>;

/**
 * forwardForTraining, backward and backwardCost for an exact (softmax) variant, from its tile
 * plan: the forward keeps the output and each row's log-sum-exp (O(N·D)), the backward is
 * FlashAttention-2's on the same tiles. `backwardCost` is the backward given the saved state
 * (5 tile products per visited pair against the forward's 2); without it add `cost()`.
 */
export function softmaxTraining(x: SoftmaxTrainingSetup): TrainingMethods {
  const { kernels, name } = x;
  const sizes = (s: AttentionShape) => {
    const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = s;
    const qLen = B * H * Nq * s.headDim;
    const kLen = B * Hkv * Nk * s.headDim;
    const vLen = B * Hkv * Nk * s.valueDim;
    const oLen = B * H * Nq * s.valueDim;
    return { qLen, kLen, vLen, oLen, rows: B * H * Nq };
  };
  const forwardBytes = (s: AttentionShape) => {
    const { qLen, kLen, vLen, oLen, rows } = sizes(s);
    const { queryBlock: QB, keyBlock: KB } = x.blocks(s);
    const scratch = flashForwardScratch({ queryBlock: QB, keyBlock: KB } as TilePlan, s.valueDim);
    const extra = x.run?.extraBytes(s) ?? 0;
    return stagedArraysBytes(kernels, qLen + kLen + vLen, oLen, scratch) + 4 * rows + extra;
  };
  const backwardCost = (shape: AttentionShape, options?: AttentionOptions): Cost => {
    const s = validateShape({ ...shape });
    const { qLen, kLen, vLen, oLen } = sizes(s);
    const { queryBlock: QB, keyBlock: KB } = x.blocks(s);
    const scratch = flashBackwardScratch({ queryBlock: QB, keyBlock: KB } as TilePlan);
    const { headDim: D, valueDim: Dv } = s;
    return {
      flops: (x.forwardCost(s, options).flops * (3 * D + 2 * Dv)) / (D + Dv),
      peakBytes:
        (x.run?.extraBytes(s) ?? 0) +
        stagedArraysBytes(kernels, qLen + kLen + vLen + 2 * oLen, qLen + kLen + vLen, scratch),
    };
  };
  const refuseOver = (bytes: number, argument: string, what: string) => {
    if (bytes > x.memoryBudget)
      throw new AttentionError(
        'MEMORY_BUDGET',
        argument,
        `${what} within memoryBudget ${x.memoryBudget} bytes`,
        `a predicted peak of ${bytes} bytes`,
        'raise memoryBudget; the backward already needs only O(N·D) memory',
      );
  };
  const train = (q: Tensor, k: Tensor, v: Tensor, call: ResolvedCall) => {
    const out = x.run
      ? x.run.forward(call, q.data, k.data, v.data)
      : flashForward(kernels, call, x.plan(call), q.data, k.data, v.data);
    const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
    return { output: { data: out.output, shape: [B, H, Nq, Dv] }, logSumExp: out.logSumExp };
  };
  return {
    backwardCost,
    forwardForTraining(q, k, v, options) {
      const call = validateCall(q, k, v, options, x.traits, name);
      x.refuse?.(call);
      refuseOver(forwardBytes(call.shape), 'q, k, v', 'forwardForTraining');
      const { output, logSumExp } = train(q, k, v, call);
      return { output, saved: { output, logSumExp } };
    },
    backward(q, k, v, dOut, options) {
      const { call, saved } = validateBackward(q, k, v, dOut, options, x.traits, name);
      x.refuse?.(call);
      const state = saved?.logSumExp ? saved : undefined;
      const extra = state ? 0 : forwardBytes(call.shape);
      refuseOver(
        backwardCost(call.shape, options).peakBytes + extra,
        'q, k, v, dOut',
        'a backward',
      );
      const { output, logSumExp } = state
        ? { output: state.output, logSumExp: state.logSumExp! }
        : train(q, k, v, call);
      const inputs = {
        q: q.data,
        k: k.data,
        v: v.data,
        output: output.data,
        logSumExp,
        dOut: dOut.data,
      };
      const g = x.run
        ? x.run.backward(call, inputs)
        : flashBackward(kernels, call, x.plan(call), inputs);
      assertGradientsFinite(g.dq, g.dk, g.dv);
      return {
        dq: { data: g.dq, shape: [...q.shape] },
        dk: { data: g.dk, shape: [...k.shape] },
        dv: { data: g.dv, shape: [...v.shape] },
      };
    },
  };
}
