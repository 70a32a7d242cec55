import { chunked } from '@attnkit/chunked';
import type { AttentionVariant } from '@attnkit/core';
import { full } from '@attnkit/full';
import { linear } from '@attnkit/linear';
import { localWindow } from '@attnkit/local-window';
import { sparse } from '@attnkit/sparse';

/** The variants the backward bench times, by the label it prints (default configs, auto backend). */
export const BACKWARD_VARIANTS: Record<string, () => AttentionVariant> = {
  full: () => full(),
  chunked: () => chunked(),
  'local-window:window=256': () => localWindow({ window: 256 }),
  'sparse:bigbird,block=64': () => sparse({ pattern: 'bigbird', block: 64 }),
  'linear:elu': () => linear(),
  'linear:favor,features=256': () => linear({ featureMap: 'favor', features: 256 }),
};
