/** Seeded inputs of one configuration: a workload of @attnkit/metrics at the suite's dims. */
import { type Workload as Inputs, makeWorkload } from '@attnkit/metrics';
import type { Workload } from './options.ts';

export type { Inputs };

export interface Dims {
  batch: number;
  heads: number;
  kvHeads: number;
  n: number;
  dim: number;
}

/** Nq = Nk = n, D = Dv = dim; the same (workload, dims, causal, seed) give the same tensors. */
export const makeInputs = (workload: Workload, dims: Dims, causal: boolean, seed: number): Inputs =>
  makeWorkload(workload, {
    queryLength: dims.n,
    batch: dims.batch,
    heads: dims.heads,
    kvHeads: dims.kvHeads,
    headDim: dims.dim,
    causal,
    seed,
  });
