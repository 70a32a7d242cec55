/**
 * Tests only: causal multi-head self-attention with RoPE (GPT-NeoX halves, base 10000) in plain
 * loops, with its own backward — the exact oracle the model is first checked and trained with.
 * Precision follows the input (float64 for finite differences).
 */
import type { AttentionLayer, AttentionLayerShape } from '../attention-layer.ts';
import { type Floats, zerosLike } from '../floats.ts';
import { normalInit } from '../init.ts';
import { accumulateWeightGrad, matmul, matmulTransB } from '../layers/matmul.ts';

/** Rotates (or with sign −1 un-rotates) each head's halves by position, in place. */
function rope(t: Floats, B: number, N: number, H: number, Dh: number, sign: number) {
  const half = Dh >> 1;
  for (let b = 0; b < B; b++)
    for (let n = 0; n < N; n++)
      for (let h = 0; h < H; h++) {
        const o = (b * N + n) * H * Dh + h * Dh;
        for (let i = 0; i < half; i++) {
          const angle = n * 10000 ** ((-2 * i) / (2 * half));
          const [c, s] = [Math.cos(angle), sign * Math.sin(angle)];
          const [x0, x1] = [t[o + i], t[o + i + half]];
          t[o + i] = x0 * c - x1 * s;
          t[o + i + half] = x0 * s + x1 * c;
        }
      }
}

export function referenceAttentionLayer(float64: boolean) {
  return (shape: AttentionLayerShape): AttentionLayer => {
    const { dModel: d, heads: H, seed, layer } = shape;
    const Dh = d / H;
    const w = (name: string, i: number) => ({
      name: `layers.${layer}.attention.${name}`,
      data: normalInit(d * d, 1 / Math.sqrt(d), seed + i, float64),
      decay: true,
    });
    const params = [w('wq', 0), w('wk', 1), w('wv', 2), w('wo', 3)];
    const [wq, wk, wv, wo] = params.map((p) => p.data);
    const attend = (x: Floats, B: number, N: number) => {
      const q = matmul(x, B * N, d, wq, d);
      const k = matmul(x, B * N, d, wk, d);
      const v = matmul(x, B * N, d, wv, d);
      rope(q, B, N, H, Dh, 1);
      rope(k, B, N, H, Dh, 1);
      const p = zerosLike(x, B * H * N * N);
      const o = zerosLike(x, B * N * d);
      const at = (b: number, n: number, h: number) => (b * N + n) * d + h * Dh;
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++)
          for (let i = 0; i < N; i++) {
            const row = ((b * H + h) * N + i) * N;
            let max = -Infinity;
            for (let j = 0; j <= i; j++) {
              let s = 0;
              for (let t = 0; t < Dh; t++) s += q[at(b, i, h) + t] * k[at(b, j, h) + t];
              p[row + j] = s / Math.sqrt(Dh);
              max = Math.max(max, p[row + j]);
            }
            let sum = 0;
            for (let j = 0; j <= i; j++) sum += p[row + j] = Math.exp(p[row + j] - max);
            for (let j = 0; j <= i; j++) {
              p[row + j] /= sum;
              for (let t = 0; t < Dh; t++) o[at(b, i, h) + t] += p[row + j] * v[at(b, j, h) + t];
            }
          }
      return { q, k, v, p, o, at };
    };
    return {
      params,
      forward(x) {
        const [B, N] = x.shape;
        return matmul(attend(x.data, B, N).o, B * N, d, wo, d);
      },
      backward(x, dOut) {
        const [B, N] = x.shape;
        const { q, k, v, p, o, at } = attend(x.data, B, N);
        const grads = params.map((param) => zerosLike(param.data, param.data.length));
        accumulateWeightGrad(o, B * N, d, dOut, d, grads[3]);
        const dO = matmulTransB(dOut, B * N, d, wo, d);
        const [dq, dk, dv] = [q, k, v].map((t) => zerosLike(t, t.length));
        for (let b = 0; b < B; b++)
          for (let h = 0; h < H; h++)
            for (let i = 0; i < N; i++) {
              const row = ((b * H + h) * N + i) * N;
              let rowDot = 0;
              for (let t = 0; t < Dh; t++) rowDot += dO[at(b, i, h) + t] * o[at(b, i, h) + t];
              for (let j = 0; j <= i; j++) {
                let dP = 0;
                for (let t = 0; t < Dh; t++) {
                  dP += dO[at(b, i, h) + t] * v[at(b, j, h) + t];
                  dv[at(b, j, h) + t] += p[row + j] * dO[at(b, i, h) + t];
                }
                const dS = (p[row + j] * (dP - rowDot)) / Math.sqrt(Dh);
                for (let t = 0; t < Dh; t++) {
                  dq[at(b, i, h) + t] += dS * k[at(b, j, h) + t];
                  dk[at(b, j, h) + t] += dS * q[at(b, i, h) + t];
                }
              }
            }
        rope(dq, B, N, H, Dh, -1);
        rope(dk, B, N, H, Dh, -1);
        const dx = zerosLike(x.data, x.data.length);
        [dq, dk, dv].forEach((g, i) => {
          accumulateWeightGrad(x.data, B * N, d, g, d, grads[i]);
          const part = matmulTransB(g, B * N, d, params[i].data, d);
          for (let j = 0; j < dx.length; j++) dx[j] += part[j];
        });
        return { dx, grads };
      },
    };
  };
}
