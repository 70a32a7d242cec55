import { randn } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';
import { localWindow } from './local-window.ts';
import { naiveLocalWindow } from './naive.ts';

// Lengths past the 2048-query slab, so slab edges, the last short slab and the key range each
// slab loads are exercised: self- and cross-attention, causal, padding, GQA.
describe.each(backendChoices())('local-window slabs (%s) against the naive twin', (backend) => {
  it.each([
    { Nq: 4500, Nk: 4500, causal: false, window: 37 },
    { Nq: 4500, Nk: 4500, causal: true, window: 300 },
    { Nq: 2100, Nk: 5000, causal: true, window: 64 },
    { Nq: 5000, Nk: 2100, causal: false, window: 64 },
  ])('%o', ({ Nq, Nk, causal, window }) => {
    const [B, H, Hkv, D] = [2, 2, 1, 4];
    const q = randn([B, H, Nq, D], 1);
    const k = randn([B, Hkv, Nk, D], 2);
    const v = randn([B, Hkv, Nk, 3], 3);
    const keyLengths = Int32Array.from([Nk, Nk - 777]);
    const options = { causal, keyLengths };
    const fast = localWindow({ window, backend }).forward(q, k, v, options);
    const naive = naiveLocalWindow(q, k, v, resolveConfig({ window }), options);
    expect(fast.shape).toEqual([B, H, Nq, 3]);
    assertClose(fast.data, naive.data, { atol: 2e-5, rtol: 2e-5 });
  });
});
