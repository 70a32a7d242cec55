import { headOffsets } from './head-offsets.ts';
import {
  asFloat32,
  type MaskFn,
  type ReferenceOptions,
  referenceMaskAndBias,
  referenceRow,
} from './reference.ts';
import type { Tensor, Tensor64 } from './tensor.ts';
import type { ScoreBiasFn } from './types.ts';
import { type ResolvedCall, validateCall } from './validate.ts';

/** Float64 gradients of q, k and v, in their shapes (what the oracles of the backward return). */
export interface ReferenceGradients {
  dq: Tensor64;
  dk: Tensor64;
  dv: Tensor64;
}

/**
 * What both float64 backward oracles start from: the validated call, its mask and bias, and
 * zeroed gradients. Only the setup is shared; their loops stay independent (one checks the other).
 */
export function referenceBackwardSetup(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  options: ReferenceOptions,
): {
  call: ResolvedCall;
  mask: MaskFn | null;
  bias: ScoreBiasFn | null;
  dq: Float64Array;
  dk: Float64Array;
  dv: Float64Array;
} {
  const call = validateCall(asFloat32(q), asFloat32(k), asFloat32(v), options);
  const { mask, bias } = referenceMaskAndBias(call, options);
  const [dq, dk, dv] = [q, k, v].map((t) => new Float64Array(t.data.length));
  return { call, mask, bias, dq, dk, dv };
}

/**
 * ∂L/∂q, ∂L/∂k, ∂L/∂v of softmax attention given dOut = ∂L/∂out, in float64 with plain loops
 * (b h n d), the same mask and bias semantics as `referenceAttention`. Per query row i:
 * P = softmax(s_i), dV_j += P_ij dO_i, dP_ij = dO_i·v_j, D_i = Σ_j P_ij dP_ij,
 * dS_ij = P_ij (dP_ij − D_i), dq_i = scale Σ_j dS_ij k_j, dk_j += scale dS_ij q_i.
 * Biases are constants. A row with no visible key contributes nothing. The oracle of every
 * variant's backward; O(Nk) scratch per row, never a fast path.
 */
export function referenceBackward(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  dOut: Tensor | Tensor64,
  options: ReferenceOptions = {},
): ReferenceGradients {
  const { call, mask, bias, dq, dk, dv } = referenceBackwardSetup(q, k, v, options);
  const {
    batch: B,
    heads: H,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const p = new Float64Array(Nk);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const { q: qBase, k: kBase, v: vBase } = headOffsets(call.shape, b, h);
      for (let i = 0; i < Nq; i++) {
        if (!referenceRow(call, q, k, mask, bias, b, h, i, qBase, kBase, p)) continue; // no gradient
        const dO = (b * H + h) * Nq * Dv + i * Dv;
        let delta = 0; // D_i = Σ_j P_ij dP_ij = dO_i · out_i
        for (let j = 0; j < Nk; j++) {
          if (p[j] === 0) continue;
          let dp = 0;
          for (let t = 0; t < Dv; t++) dp += dOut.data[dO + t] * v.data[vBase + j * Dv + t];
          delta += p[j] * dp;
        }
        for (let j = 0; j < Nk; j++) {
          if (p[j] === 0) continue;
          let dp = 0;
          for (let t = 0; t < Dv; t++) {
            dp += dOut.data[dO + t] * v.data[vBase + j * Dv + t];
            dv[vBase + j * Dv + t] += p[j] * dOut.data[dO + t];
          }
          const ds = p[j] * (dp - delta) * call.scale;
          for (let t = 0; t < D; t++) {
            dq[qBase + i * D + t] += ds * k.data[kBase + j * D + t];
            dk[kBase + j * D + t] += ds * q.data[qBase + i * D + t];
          }
        }
      }
    }
  }
  return {
    dq: { data: dq, shape: q.shape },
    dk: { data: dk, shape: k.shape },
    dv: { data: dv, shape: v.shape },
  };
}
