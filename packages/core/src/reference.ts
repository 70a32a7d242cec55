import { scoreBiasFn } from './score-bias.ts';
import type { Tensor, Tensor64 } from './tensor.ts';
import type { AttentionOptions, ScoreBiasFn } from './types.ts';
import { validateCall } from './validate.ts';

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

/**
 * softmax(scale · QKᵀ + bias, masked) · V in float64 with plain loops: the oracle every variant
 * is tested against, never a fast path. A row with no visible key yields zeros.
 * Returns the output [B, H, Nq, Dv] and, when `withWeights`, the dense map [B, H, Nq, Nk].
 */
export function referenceAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: ReferenceOptions = {},
  withWeights = false,
): { output: Tensor64; weights: Tensor64 | null } {
  const call = validateCall(q, k, v, options);
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const group = H / Hkv;
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
  const out = new Float64Array(B * H * Nq * Dv);
  const weights = withWeights ? new Float64Array(B * H * Nq * Nk) : null;
  const scores = new Float64Array(Nk);
  const allowed = new Uint8Array(Nk);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const qBase = (b * H + h) * Nq * D;
      const kBase = (b * Hkv + hk) * Nk * D;
      const vBase = (b * Hkv + hk) * Nk * Dv;
      for (let i = 0; i < Nq; i++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < Nk; j++) {
          let ok = j < call.keyLengths[b];
          if (call.causal && j > i + call.causalOffset) ok = false;
          if (ok && mask && !mask(b, h, i, j)) ok = false;
          allowed[j] = ok ? 1 : 0;
          if (!ok) continue;
          let dot = 0;
          for (let t = 0; t < D; t++) dot += q.data[qBase + i * D + t] * k.data[kBase + j * D + t];
          let s = dot * call.scale;
          if (bias) s += bias(b, h, i, j);
          scores[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < Nk; j++) {
          if (allowed[j] && max !== Number.NEGATIVE_INFINITY) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
          } else scores[j] = 0;
        }
        const row = (b * H + h) * Nq + i;
        if (sum === 0) continue; // fully masked: zeros
        for (let j = 0; j < Nk; j++) {
          const p = scores[j] / sum;
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
