// The usage example from the root README. Run: pnpm --filter @attnkit/examples usage

import { chunked } from '@attnkit/chunked';
import { alibi, randn } from '@attnkit/core';

const q = randn([1, 8, 16384, 64], 1); // [B, H, N, D], seeded unit normal
const k = randn([1, 2, 16384, 64], 2); // 2 kv heads: grouped-query attention
const v = randn([1, 2, 16384, 64], 3);
const attention = chunked(); // exact, O(N) memory; or full(), localWindow({ window: 256 }), …
const out = attention.forward(q, k, v, { causal: true, scoreBias: alibi(8) }); // [1, 8, 16384, 64]
const shape = {
  batch: 1,
  heads: 8,
  kvHeads: 2,
  queryLength: 16384,
  keyLength: 16384,
  headDim: 64,
  valueDim: 64,
};
console.log(attention.cost(shape, { causal: true })); // { flops, peakBytes }
const decoder = attention.decoder!({ batch: 1, heads: 8, kvHeads: 2, headDim: 64, valueDim: 64 });
decoder.reset();
console.log(out.shape);
