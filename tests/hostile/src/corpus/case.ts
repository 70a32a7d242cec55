import { chunked } from '@attnkit/chunked';
import type { AttentionErrorCode, AttentionVariant, Tensor } from '@attnkit/core';
import { randn } from '@attnkit/core';
import { full } from '@attnkit/full';
import { linear } from '@attnkit/linear';
import { localWindow } from '@attnkit/local-window';
import { sparse } from '@attnkit/sparse';

/** One hostile input: what to run, the code it must end with, and what its message must name. */
export interface CorpusCase {
  name: string;
  run: () => unknown;
  code: AttentionErrorCode;
  /** Must appear in the error's argument (and so in its message). */
  argument: string;
  /** Must appear in what the message says came (default: the message just says something). */
  received?: string;
}

/** One small variant of each kind, js backend (the wasm twins are fuzzed; shapes are checked first). */
export const VARIANTS: Record<string, () => AttentionVariant> = {
  full: () => full({ backend: 'js' }),
  chunked: () => chunked({ backend: 'js', queryBlock: 4, keyBlock: 4 }),
  'local-window': () => localWindow({ window: 3, block: 4, backend: 'js' }),
  sparse: () => sparse({ pattern: 'bigbird', block: 4, backend: 'js' }),
  linear: () => linear({ backend: 'js' }),
};
export const EXACT = ['full', 'chunked', 'local-window', 'sparse'] as const;

export const t = (shape: number[], seed = 1, scale = 1): Tensor => randn(shape, seed, scale);
export const poke = (x: Tensor, i: number, value: number): Tensor => {
  const data = x.data.slice();
  data[i] = value;
  return { data, shape: x.shape };
};
/** q, k, v of [1, 2, 8, 4] (B H N D). */
export const qkv = () => ({ q: t([1, 2, 8, 4], 1), k: t([1, 2, 8, 4], 2), v: t([1, 2, 8, 4], 3) });
export const SHAPE = {
  batch: 1,
  heads: 2,
  kvHeads: 2,
  queryLength: 8,
  keyLength: 8,
  headDim: 4,
  valueDim: 4,
};
export const DECODER_SHAPE = { batch: 1, heads: 2, kvHeads: 2, headDim: 4, valueDim: 4 };
