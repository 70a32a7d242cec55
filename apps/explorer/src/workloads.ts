/**
 * Toy inputs for the maps (b h n d). Shaped like `makeWorkload(name, params)` of the quality
 * metrics so the picker can later delegate to it: a name and { n, heads, headDim, seed } in,
 * q, k, v [1, H, N, D] out. Until then: random, local and text-like.
 */
import { createRng, randn, type Tensor } from '@attnkit/core';

const VOCAB = 48;

export const WORKLOAD_NAMES = ['random', 'local', 'text'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface WorkloadParams {
  n: number;
  heads: number;
  headDim: number;
  seed: number;
}

export interface Workload {
  name: WorkloadName;
  description: string;
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** text: the token id at each position, for the hover readout. */
  tokens?: Int32Array;
}

export const WORKLOAD_DESCRIPTIONS: Record<WorkloadName, string> = {
  random: 'unit-normal q, k, v: maps close to uniform, the hardest case for approximations',
  local: 'q and k carry a smooth position code: each query favours nearby keys',
  text: 'toy tokens (Zipf vocabulary, repeated phrases): a query favours keys of the same token',
};

export function makeWorkload(name: WorkloadName, params: WorkloadParams): Workload {
  const { n, heads, headDim, seed } = params;
  const shape = [1, heads, n, headDim];
  const v = randn(shape, seed + 2);
  if (name === 'random')
    return {
      name,
      description: WORKLOAD_DESCRIPTIONS[name],
      q: randn(shape, seed),
      k: randn(shape, seed + 1),
      v,
    };
  if (name === 'local') {
    const q = positionCoded(shape, seed, 0.5);
    const k = positionCoded(shape, seed + 1, 0.5);
    return { name, description: WORKLOAD_DESCRIPTIONS[name], q, k, v };
  }
  const tokens = toyTokens(n, seed);
  const q = tokenCoded(shape, tokens, seed, 0);
  const k = tokenCoded(shape, tokens, seed, 1);
  return { name, description: WORKLOAD_DESCRIPTIONS[name], q, k, v, tokens };
}

/**
 * A shared position code plus noise: dim pair p rotates with wavelength 4·(N/4)^(p/P), so
 * q_i·k_j ≈ A²·Σ_p cos(2π(i − j)/λ_p) peaks at i = j and falls off with |i − j|. The amplitude
 * A grows with the head index, so later heads look more locally.
 */
function positionCoded(shape: number[], seed: number, noise: number): Tensor {
  const [, H, N, D] = shape;
  const out = randn(shape, seed, noise);
  const pairs = Math.max(1, Math.floor(D / 2));
  for (let h = 0; h < H; h++) {
    const amplitude = 0.9 + (0.6 * h) / Math.max(1, H - 1);
    for (let p = 0; p < pairs; p++) {
      const wavelength = 4 * Math.max(1, N / 4) ** (p / pairs);
      for (let n = 0; n < N; n++) {
        const angle = (2 * Math.PI * n) / wavelength;
        const at = (h * N + n) * D + 2 * p;
        out.data[at] += amplitude * Math.cos(angle);
        if (2 * p + 1 < D) out.data[at + 1] += amplitude * Math.sin(angle);
      }
    }
  }
  return out;
}

/** Zipf-distributed ids over a small vocabulary, with a phrase of 6 copied now and then (induction). */
export function toyTokens(n: number, seed: number): Int32Array {
  const rng = createRng(seed + 7);
  const weights = Array.from({ length: VOCAB }, (_, t) => 1 / (t + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = rng.uniform() * total;
    for (let t = 0; t < VOCAB; t++) {
      u -= weights[t];
      if (u <= 0) return t;
    }
    return VOCAB - 1;
  };
  const tokens = new Int32Array(n);
  let i = 0;
  while (i < n) {
    if (i >= 12 && rng.uniform() < 0.08) {
      const from = rng.int(i - 6);
      for (let c = 0; c < 6 && i < n; c++) tokens[i++] = tokens[from + c];
    } else tokens[i++] = draw();
  }
  return tokens;
}

/** A shared random embedding per token, projected per head; q and k see the same embedding. */
function tokenCoded(shape: number[], tokens: Int32Array, seed: number, which: 0 | 1): Tensor {
  const [, H, N, D] = shape;
  const embedding = randn([VOCAB, H, D], seed + 11, 1.6);
  const out = randn(shape, seed + 20 + which, 0.5);
  for (let h = 0; h < H; h++)
    for (let n = 0; n < N; n++)
      for (let d = 0; d < D; d++)
        out.data[(h * N + n) * D + d] += embedding.data[(tokens[n] * H + h) * D + d];
  return out;
}
