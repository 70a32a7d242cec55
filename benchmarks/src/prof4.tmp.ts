import { randn } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { linear } from '@attnkit/linear';

const n = 2048,
  d = 64;
const q = randn([1, 1, n, d], 1),
  k = randn([1, 1, n, d], 2),
  v = randn([1, 1, n, d], 3),
  g = randn([1, 1, n, d], 4);
const kern = getKernels('auto') as unknown as Record<string, unknown>;
if (process.argv[2] === 'noop')
  for (const name of ['scoreTile', 'gemm', 'gemmTransA', 'pvTile', 'finalizeRows'])
    kern[name] = () => {};
const L = linear();
L.backward!(q, k, v, g);
let c = process.cpuUsage();
let t = performance.now();
for (let i = 0; i < 5; i++) L.backward!(q, k, v, g);
const b = (performance.now() - t) / 5;
const cb = process.cpuUsage(c);
c = process.cpuUsage();
t = performance.now();
for (let i = 0; i < 5; i++) L.forward(q, k, v);
const cf = process.cpuUsage(c);
console.log(
  'cpu fwd',
  ((cf.user + cf.system) / 5000).toFixed(1),
  'cpu bwd',
  ((cb.user + cb.system) / 5000).toFixed(1),
);
console.log(process.argv[2], 'fwd', ((performance.now() - t) / 5).toFixed(1), 'bwd', b.toFixed(1));
