import { randn } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { naiveSparse } from './naive.ts';
import { sparse } from './sparse.ts';

// 600 tokens in blocks of 8 are 75 key blocks: more than the forward's 32-slot block cache, so
// evictions and slot collisions (blocks j and j + 32) happen; GQA heads share a kv head's cache,
// and a new batch or kv head must not reuse it.
describe.each(backendChoices())('sparse, rows streamed through the block cache (%s)', (backend) => {
  it.each([false, true])('bigbird with random blocks, causal %s, padding, GQA', (causal) => {
    const [B, H, Hkv, N, D, Dv] = [2, 4, 2, 600, 6, 5];
    const variant = sparse({
      pattern: 'bigbird',
      block: 8,
      randomBlocks: 3,
      perHead: true,
      backend,
    });
    const q = randn([B, H, N, D], 1);
    const k = randn([B, Hkv, N, D], 2);
    const v = randn([B, Hkv, N, Dv], 3);
    const options = { causal, keyLengths: Int32Array.from([N, 421]) };
    const shape = {
      batch: B,
      heads: H,
      kvHeads: Hkv,
      queryLength: N,
      keyLength: N,
      headDim: D,
      valueDim: Dv,
    };
    const fast = variant.forward(q, k, v, options);
    const naive = naiveSparse(q, k, v, variant.layout(shape, options), options);
    expect(fast.shape).toEqual([B, H, N, Dv]);
    assertClose(fast.data, naive.data, { atol: 2e-5, rtol: 2e-5 });
  });
});
