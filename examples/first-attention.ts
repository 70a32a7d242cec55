// The ten-line example of the root README. Run: pnpm --filter @attnkit/examples first

import { chunked } from '@attnkit/chunked';
import { randn } from '@attnkit/core';
import { localWindow } from '@attnkit/local-window';

const q = randn([1, 8, 4096, 64], 1); // [batch, heads, length, head dim], seeded unit normal
const k = randn([1, 2, 4096, 64], 2); // 2 kv heads: grouped-query attention
const v = randn([1, 2, 4096, 64], 3);
const exact = chunked().forward(q, k, v, { causal: true }); // exact, O(N) memory
const local = localWindow({ window: 256 }).forward(q, k, v, { causal: true }); // O(N·w) time
const gap = exact.data.reduce((m, x, i) => Math.max(m, Math.abs(x - local.data[i])), 0);
console.log(exact.shape, `max |exact − window 256| = ${gap.toFixed(3)}`);
