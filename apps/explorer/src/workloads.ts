/**
 * Inputs for the maps (b h n d): every quality workload of @attnkit/metrics (the same seeded
 * tensors the bench, ablate and select measure on), plus 'text' — toy tokens whose hover readout
 * shows which token attends to which. A name and { n, heads, headDim, causal, seed } in,
 * q, k, v [1, H, N, D] out.
 */
import { createRng, randn, type Tensor } from '@attnkit/core';
import {
  WORKLOADS as METRICS_WORKLOADS,
  type WorkloadName as MetricsWorkloadName,
  makeWorkload as metricsWorkload,
} from '@attnkit/metrics';

const VOCAB = 48;

export const WORKLOAD_NAMES = [...METRICS_WORKLOADS.map((w) => w.name), 'text'] as const;
export type WorkloadName = MetricsWorkloadName | 'text';

export interface WorkloadParams {
  n: number;
  heads: number;
  headDim: number;
  causal: boolean;
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
  ...(Object.fromEntries(METRICS_WORKLOADS.map((w) => [w.name, w.description])) as Record<
    MetricsWorkloadName,
    string
  >),
  text: 'toy tokens (Zipf vocabulary, repeated phrases): a query favours keys of the same token',
};

export function makeWorkload(name: WorkloadName, params: WorkloadParams): Workload {
  const { n, heads, headDim, causal, seed } = params;
  if (name !== 'text') {
    const w = metricsWorkload(name, { queryLength: n, heads, headDim, causal, seed });
    return { name, description: w.description, q: w.q, k: w.k, v: w.v };
  }
  const shape = [1, heads, n, headDim];
  const v = randn(shape, seed + 2);
  const tokens = toyTokens(n, seed);
  const q = tokenCoded(shape, tokens, seed, 0);
  const k = tokenCoded(shape, tokens, seed, 1);
  return { name, description: WORKLOAD_DESCRIPTIONS[name], q, k, v, tokens };
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
