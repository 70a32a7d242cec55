import { randn } from '@attnkit/core';
import { linear } from '@attnkit/linear';

const n = 2048,
  d = 64;
const q = randn([1, 1, n, d], 1),
  k = randn([1, 1, n, d], 2),
  v = randn([1, 1, n, d], 3),
  g = randn([1, 1, n, d], 4);
const L = linear({ backend: process.argv[2] as 'js' });
L.backward!(q, k, v, g);
const m0 = process.memoryUsage();
let t = performance.now();
for (let i = 0; i < 5; i++) L.backward!(q, k, v, g);
const b = (performance.now() - t) / 5;
t = performance.now();
for (let i = 0; i < 5; i++) L.forward(q, k, v);
const f = (performance.now() - t) / 5;
const m1 = process.memoryUsage();
console.log((globalThis as any).T1, (globalThis as any).T2, (globalThis as any).TF);
console.log(
  process.argv[2],
  'fwd',
  f.toFixed(1),
  'bwd',
  b.toFixed(1),
  'heapΔ',
  ((m1.heapUsed - m0.heapUsed) / 1e6).toFixed(1),
  'abΔ',
  ((m1.arrayBuffers - m0.arrayBuffers) / 1e6).toFixed(1),
);
