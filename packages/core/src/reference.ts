import { headOffsets } from './head-offsets.ts';
import { scoreBiasFn } from './score-bias.ts';
import type { Tensor, Tensor64 } from './tensor.ts';
import type { AttentionOptions, ScoreBiasFn } from './types.ts';
import { type ResolvedCall, validateCall } from './validate.ts';

/**
 * A float32 stand-in of a float64 tensor, only for validating shapes and options: the oracles
 * then read the caller's float64 data, so finite differences can perturb inputs by 1e-5.
 */
export function asFloat32(t: Tensor | Tensor64): Tensor {
  return t.data instanceof Float32Array
    ? (t as Tensor)
    : { data: Float32Array.from(t.data), shape: t.shape };
}

/** true where query i of head h, batch b may attend key j. */
export type MaskFn = (b: number, h: number, i: number, j: number) => boolean;

/** The options of `referenceAttention`: those of every variant, plus a mask and a dense bias to express any variant as dense attention. */
export interface ReferenceOptions extends AttentionOptions {
  /** Extra mask, ANDed with causal and padding: a predicate, or dense 0/1 bytes of [Nq, Nk] or [B, H, Nq, Nk]. */
  mask?: MaskFn | Uint8Array;
  /** Additive score bias (after scaling): a function, or dense [Nq, Nk] or [B, H, Nq, Nk]. */
  bias?: ScoreBiasFn | Float32Array | Float64Array;
}

function denseLookup<T extends ArrayLike<number>>(
  arr: T,
  B: number,
  H: number,
  Nq: number,
  Nk: number,
  what: string,
) {
  if (arr.length !== Nq * Nk && arr.length !== B * H * Nq * Nk) {
    throw new Error(`reference ${what}: length ${arr.length} is neither Nq·Nk nor B·H·Nq·Nk`);
  }
  const perHead = arr.length === Nq * Nk ? 0 : Nq * Nk;
  return (b: number, h: number, i: number, j: number) => arr[(b * H + h) * perHead + i * Nk + j];
}

/** The extra mask and the total score bias (options.bias + options.scoreBias) of a reference call. */
export function referenceMaskAndBias(
  call: ResolvedCall,
  options: ReferenceOptions,
): { mask: MaskFn | null; bias: ScoreBiasFn | null } {
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = call.shape;
  const maskOpt = options.mask;
  const mask: MaskFn | null =
    maskOpt === undefined
      ? null
      : typeof maskOpt === 'function'
        ? maskOpt
        : (b, h, i, j) => denseLookup(maskOpt, B, H, Nq, Nk, 'mask')(b, h, i, j) !== 0;
  const biasOpt = options.bias;
  const extraBias: ScoreBiasFn | null =
    biasOpt === undefined
      ? null
      : typeof biasOpt === 'function'
        ? biasOpt
        : denseLookup(biasOpt, B, H, Nq, Nk, 'bias');
  const structured = call.scoreBias ? scoreBiasFn(call.scoreBias, Nq, Nk) : null;
  const bias: ScoreBiasFn | null =
    extraBias && structured
      ? (b, h, i, j) => extraBias(b, h, i, j) + structured(b, h, i, j)
      : (extraBias ?? structured);
  return { mask, bias };
}

/**
 * Row i of head (b, h) of the reference: p[j] = softmax over the visible keys of
 * scale·q_i·k_j + bias (0 where masked); false when the row sees no key (p all 0).
 */
export function referenceRow(
  call: ResolvedCall,
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  mask: MaskFn | null,
  bias: ScoreBiasFn | null,
  b: number,
  h: number,
  i: number,
  qBase: number,
  kBase: number,
  p: Float64Array,
): boolean {
  const { keyLength: Nk, headDim: D } = call.shape;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < Nk; j++) {
    p[j] = Number.NEGATIVE_INFINITY;
    if (j >= call.keyLengths[b] || (call.causal && j > i + call.causalOffset)) continue;
    if (mask && !mask(b, h, i, j)) continue;
    let dot = 0;
    for (let t = 0; t < D; t++) dot += q.data[qBase + i * D + t] * k.data[kBase + j * D + t];
    p[j] = dot * call.scale + (bias ? bias(b, h, i, j) : 0);
    if (p[j] > max) max = p[j];
  }
  if (max === Number.NEGATIVE_INFINITY) {
    p.fill(0, 0, Nk);
    return false;
  }
  let sum = 0;
  for (let j = 0; j < Nk; j++) {
    p[j] = Math.exp(p[j] - max);
    sum += p[j];
  }
  for (let j = 0; j < Nk; j++) p[j] /= sum;
  return true;
}

/**
 * softmax(scale · QKᵀ + bias, masked) · V in float64 with plain loops: the oracle every variant
 * is tested against, never a fast path. A row with no visible key yields zeros.
 * Returns the output [B, H, Nq, Dv] and, when `withWeights`, the dense map [B, H, Nq, Nk].
 */
export function referenceAttention(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  options: ReferenceOptions = {},
  withWeights = false,
): { output: Tensor64; weights: Tensor64 | null } {
  const call = validateCall(asFloat32(q), asFloat32(k), asFloat32(v), options);
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk, valueDim: Dv } = call.shape;
  const { mask, bias } = referenceMaskAndBias(call, options);
  const out = new Float64Array(B * H * Nq * Dv);
  const weights = withWeights ? new Float64Array(B * H * Nq * Nk) : null;
  const scores = new Float64Array(Nk);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const { q: qBase, k: kBase, v: vBase } = headOffsets(call.shape, b, h);
      for (let i = 0; i < Nq; i++) {
        const seen = referenceRow(call, q, k, mask, bias, b, h, i, qBase, kBase, scores);
        const row = (b * H + h) * Nq + i;
        if (!seen) continue; // fully masked: zeros
        for (let j = 0; j < Nk; j++) {
          const p = scores[j];
          if (weights) weights[row * Nk + j] = p;
          if (p === 0) continue;
          for (let t = 0; t < Dv; t++) out[row * Dv + t] += p * v.data[vBase + j * Dv + t];
        }
      }
    }
  }
  return {
    output: { data: out, shape: [B, H, Nq, Dv] },
    weights: weights ? { data: weights, shape: [B, H, Nq, Nk] } : null,
  };
}
