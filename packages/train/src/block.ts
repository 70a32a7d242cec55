/**
 * One pre-norm decoder block (b n d): x += attention(RMSNorm(x)); x += MLP(RMSNorm(x)),
 * MLP = W₂·act(W₁·h + b₁) + b₂. The forward keeps what its backward needs.
 */
import type { AttentionLayer, Param } from './attention-layer.ts';
import { type Floats, zerosLike } from './floats.ts';
import { type ActivationName, activationBackward, activationForward } from './layers/activation.ts';
import { accumulateWeightGrad, matmul, matmulTransB } from './layers/matmul.ts';
import { rmsNormBackward, rmsNormForward } from './layers/rms-norm.ts';

export interface BlockParams {
  norm1: Param;
  norm2: Param;
  /** Absent when the MLP is off (hidden = 0). */
  mlp?: { w1: Param; b1: Param; w2: Param; b2: Param };
}

export interface BlockShape {
  batch: number;
  length: number;
  dModel: number;
  hidden: number;
  activation: ActivationName;
}

export interface BlockCache {
  x: Floats;
  h1: Floats;
  mid: Floats;
  h2?: Floats;
  u?: Floats;
  z?: Floats;
}

/** Time spent inside the attention layers, for the throughput report. */
export interface AttentionClock {
  /** The whole layer: projections, RoPE and the variant. */
  ms: number;
  /** The attention variant alone (forward and backward), where the layer reports it. */
  kernelMs: number;
}

function timed<T>(attention: AttentionLayer, clock: AttentionClock, run: () => T): T {
  const t0 = performance.now();
  const k0 = attention.kernelMs ?? 0;
  const out = run();
  clock.ms += performance.now() - t0;
  clock.kernelMs += (attention.kernelMs ?? 0) - k0;
  return out;
}

export function blockForward(
  s: BlockShape,
  p: BlockParams,
  attention: AttentionLayer,
  x: Floats,
  clock: AttentionClock,
  training = false,
): { y: Floats; cache: BlockCache } {
  const rows = s.batch * s.length;
  const d = s.dModel;
  const h1 = rmsNormForward(x, rows, d, p.norm1.data);
  const a = timed(attention, clock, () =>
    attention.forward({ data: h1, shape: [s.batch, s.length, d] }, training),
  );
  const mid = zerosLike(x, x.length);
  for (let i = 0; i < mid.length; i++) mid[i] = x[i] + a[i];
  if (!p.mlp) return { y: mid, cache: { x, h1, mid } };
  const h2 = rmsNormForward(mid, rows, d, p.norm2.data);
  const u = matmul(h2, rows, d, p.mlp.w1.data, s.hidden, p.mlp.b1.data);
  const z = activationForward(s.activation, u);
  const m = matmul(z, rows, s.hidden, p.mlp.w2.data, d, p.mlp.b2.data);
  for (let i = 0; i < m.length; i++) m[i] += mid[i];
  return { y: m, cache: { x, h1, mid, h2, u, z } };
}

/** Adds this block's parameter gradients into `grads` (keyed by param) and returns ∂L/∂x. */
export function blockBackward(
  s: BlockShape,
  p: BlockParams,
  attention: AttentionLayer,
  c: BlockCache,
  dy: Floats,
  grads: Map<Param, Floats>,
  clock: AttentionClock,
): Floats {
  const rows = s.batch * s.length;
  const d = s.dModel;
  let dMid = dy;
  if (p.mlp && c.h2 && c.u && c.z) {
    const { w1, b1, w2, b2 } = p.mlp;
    accumulateWeightGrad(c.z, rows, s.hidden, dy, d, grad(grads, w2), grad(grads, b2));
    const dz = matmulTransB(dy, rows, d, w2.data, s.hidden);
    const du = activationBackward(s.activation, c.u, dz);
    accumulateWeightGrad(c.h2, rows, d, du, s.hidden, grad(grads, w1), grad(grads, b1));
    const dh2 = matmulTransB(du, rows, s.hidden, w1.data, d);
    const dFromMlp = rmsNormBackward(c.mid, rows, d, p.norm2.data, dh2, grad(grads, p.norm2));
    dMid = zerosLike(dy, dy.length);
    for (let i = 0; i < dMid.length; i++) dMid[i] = dy[i] + dFromMlp[i];
  }
  const att = timed(attention, clock, () =>
    attention.backward({ data: c.h1, shape: [s.batch, s.length, d] }, dMid),
  );
  attention.params.forEach((param, i) => {
    const g = grad(grads, param);
    const from = att.grads[i];
    for (let j = 0; j < g.length; j++) g[j] += from[j];
  });
  const dFromAttention = rmsNormBackward(c.x, rows, d, p.norm1.data, att.dx, grad(grads, p.norm1));
  const dx = zerosLike(dy, dy.length);
  for (let i = 0; i < dx.length; i++) dx[i] = dMid[i] + dFromAttention[i];
  return dx;
}

/** The gradient accumulator of a param, created zeroed on first use. */
export function grad(grads: Map<Param, Floats>, p: Param): Floats {
  let g = grads.get(p);
  if (!g) {
    g = zerosLike(p.data, p.data.length);
    grads.set(p, g);
  }
  return g;
}
