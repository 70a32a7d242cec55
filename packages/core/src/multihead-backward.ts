import { AttentionError } from './errors.ts';
import { mergeHeads, splitHeads } from './head-layout.ts';
import type { Rope } from './positional/rope.ts';
import { assertTensor, type Tensor } from './tensor.ts';
import type { AttentionOptions, AttentionVariant } from './types.ts';

/** Projection matrices, row-major [in, out] (the same layout as MultiHeadWeights). */
interface Weights {
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
}

/** What `multiHeadAttention(…).backward` returns: gradients of the inputs and of every projection. */
export interface MultiHeadGradients {
  /** ∂L/∂x [B, N, dModel] (self-attention: through q, k and v). */
  dx: Tensor;
  /** ∂L/∂context [B, M, dModel] for cross-attention, else null. */
  dContext: Tensor | null;
  /** ∂L/∂W_Q, W_K, W_V, W_O in the weights' own layout. */
  dWeights: Weights;
}

interface Module {
  attention: AttentionVariant;
  weights: Weights;
  heads: number;
  kvHeads: number;
  headDim: number;
  dModel: number;
  rope?: Rope;
}

interface Prepared {
  xs: Tensor;
  ctx: Tensor;
  q: Tensor;
  k: Tensor;
  v: Tensor;
  B: number;
  N: number;
  M: number;
}

/** Aᵀ·G for A [rows, a], G [rows, g]: a weight gradient [a, g]. */
function transposeTimes(A: Float32Array, rows: number, a: number, G: Float32Array, g: number) {
  const out = new Float32Array(a * g);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < a; i++) {
      const x = A[r * a + i];
      if (x === 0) continue;
      for (let j = 0; j < g; j++) out[i * g + j] += x * G[r * g + j];
    }
  return out;
}

/** G·Wᵀ for G [rows, out], W [in, out]: the input gradient [rows, in]. */
function timesTranspose(
  G: Float32Array,
  rows: number,
  W: Float32Array,
  inDim: number,
  outDim: number,
) {
  const out = new Float32Array(rows * inDim);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < inDim; i++) {
      let s = 0;
      for (let o = 0; o < outDim; o++) s += G[r * outDim + o] * W[i * outDim + o];
      out[r * inDim + i] = s;
    }
  return out;
}

/**
 * RoPE's transpose: each pair is rotated by θ, so its gradient is rotated by −θ, which is the
 * rotation by θ conjugated by the reflection that negates the pair's second member.
 */
function ropeTranspose(rope: Rope, t: Tensor): Tensor {
  const D = t.shape[3];
  const half = rope.rotatedDims(D) / 2;
  const flip = (x: Tensor): Tensor => {
    const data = x.data.slice();
    for (let row = 0; row < data.length; row += D)
      for (let i = 0; i < half; i++) {
        const b = rope.config.interleaved ? row + 2 * i + 1 : row + i + half;
        data[b] = -data[b];
      }
    return { data, shape: x.shape };
  };
  return flip(rope.apply(flip(t)));
}

/**
 * Backward of out = merge(attention(x·W_Q, c·W_K, c·W_V))·W_O: W_O and the merged heads first,
 * then the attention variant's own backward, then the three projections. Absolute positions
 * are added to the inputs, so their gradient passes through to x unchanged.
 */
export function multiHeadBackward(
  mod: Module,
  p: Prepared,
  dOut: Tensor,
  options?: AttentionOptions,
): MultiHeadGradients {
  const { attention, weights, heads: H, kvHeads: Hkv, headDim: Dh, dModel } = mod;
  if (!attention.backward || !attention.forwardForTraining)
    throw new AttentionError(
      'UNSUPPORTED',
      'config.attention',
      'a variant with traits.backward',
      `'${attention.name}' without backward`,
    );
  assertTensor(dOut, 'dOut', 3);
  const { B, N, M } = p;
  if (dOut.shape[0] !== B || dOut.shape[1] !== N || dOut.shape[2] !== dModel)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'dOut.shape',
      `[${B}, ${N}, ${dModel}] (the output's shape)`,
      `[${dOut.shape.join(', ')}]`,
    );
  const { output, saved } = attention.forwardForTraining(p.q, p.k, p.v, options);
  const merged = mergeHeads(output);
  const wo = transposeTimes(merged, B * N, H * Dh, dOut.data, dModel);
  const dO = splitHeads(timesTranspose(dOut.data, B * N, weights.wo, H * Dh, dModel), B, N, H, Dh);
  const g = attention.backward(p.q, p.k, p.v, dO, { ...options, saved });
  const dq = mod.rope ? ropeTranspose(mod.rope, g.dq) : g.dq;
  const dk = mod.rope ? ropeTranspose(mod.rope, g.dk) : g.dk;
  const dqm = mergeHeads(dq);
  const dkm = mergeHeads(dk);
  const dvm = mergeHeads(g.dv);
  const dWeights = {
    wq: transposeTimes(p.xs.data, B * N, dModel, dqm, H * Dh),
    wk: transposeTimes(p.ctx.data, B * M, dModel, dkm, Hkv * Dh),
    wv: transposeTimes(p.ctx.data, B * M, dModel, dvm, Hkv * Dh),
    wo,
  };
  const dx = timesTranspose(dqm, B * N, weights.wq, dModel, H * Dh);
  const dc = timesTranspose(dkm, B * M, weights.wk, dModel, Hkv * Dh);
  const dcv = timesTranspose(dvm, B * M, weights.wv, dModel, Hkv * Dh);
  for (let i = 0; i < dc.length; i++) dc[i] += dcv[i];
  const cross = p.ctx !== p.xs;
  if (!cross) for (let i = 0; i < dx.length; i++) dx[i] += dc[i];
  return {
    dx: { data: dx, shape: [B, N, dModel] },
    dContext: cross ? { data: dc, shape: [B, M, dModel] } : null,
    dWeights,
  };
}
