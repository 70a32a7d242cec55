import type { AttentionOptions } from '@attnkit/core';
import { type CaseShape, chainCases, itChainsTrust, shapeOf } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe } from 'vitest';
import { layoutMask, naiveSparse } from './naive.ts';
import { longformer } from './patterns/longformer.ts';
import { type SparseConfig, sparse } from './sparse.ts';

const configs: SparseConfig[] = [
  { pattern: 'bigbird', block: 4, randomBlocks: 1, globalBlocks: 1, perHead: true },
  { pattern: longformer({ window: 3, globalTokens: [2, 9] }), block: 5 },
];
for (const backend of backendChoices())
  for (const config of configs) {
    const variant = sparse({ ...config, backend });
    const layoutOf = (s: CaseShape, options: AttentionOptions) =>
      variant.layout(shapeOf(s), options);
    describe(`sparse ${variant.pattern.name}: reference → naive → fast (${backend})`, () => {
      itChainsTrust({
        naive: (q, k, v, options) => {
          const [B, H, Nq, D] = q.shape;
          const s = { B, H, Hkv: k.shape[1], Nq, Nk: k.shape[2], D, Dv: v.shape[3] };
          return naiveSparse(q, k, v, layoutOf(s, options), options);
        },
        fast: () => variant,
        mask: (s, options) => layoutMask(layoutOf(s, options), shapeOf(s)),
        cases: chainCases(),
      });
    });
  }
