import { randn } from '@attnkit/core';
import { linear } from '@attnkit/linear';
const n = Number(process.env.NN ?? 65536), d = 64;
const q = randn([1, 1, n, d], 1), k = randn([1, 1, n, d], 2), v = randn([1, 1, n, d], 3);
const fm = (process.env.FM ?? 'elu') as 'elu';
const lin = linear({ featureMap: fm, features: 64 });
for (let i = 0; i < 6; i++) { const t = performance.now(); lin.forward(q, k, v, { causal: i % 2 === 1 }); console.log(i % 2 ? 'causal' : 'bidir', (performance.now() - t).toFixed(1)); }
