/**
 * Full attention against the float64 reference, one head, d = 64, non-causal.
 * GFLOP/s counts 4·N²·d (QKᵀ and PV). Run: pnpm --filter @attnkit/benchmarks bench:full
 */
import { referenceAttention } from '@attnkit/core';
import { full } from '@attnkit/full';
import { type BackendChoice, getKernels } from '@attnkit/kernels';
import { gflops, loadLine, machineLine, measure, table } from './lib/measure.ts';
import { oneHead } from './lib/one-head.ts';

const lengths = (process.env.N ?? '512,1024,2048,4096').split(',').map(Number);
const backends = (process.env.BACKENDS ?? 'js,wasm').split(',') as BackendChoice[];
const d = 64;
const rows: (string | number)[][] = [];
console.log(
  `full attention vs float64 reference · one head, d = ${d}, fp32 · ${machineLine()} · ${loadLine()}`,
);
for (const n of lengths) {
  const { q, k, v } = oneHead(n, d);
  const flops = 4 * n * n * d;
  // The reference is ~10× slower: fewer samples, same protocol.
  const r = await measure(`reference N=${n}`, () => referenceAttention(q, k, v), {
    time: 500,
    iterations: n >= 4096 ? 2 : 3,
  });
  for (const backend of backends) {
    const variant = full({ backend });
    const f = await measure(`full ${backend} N=${n}`, () => variant.forward(q, k, v), {
      time: 1500,
    });
    rows.push([
      n,
      `full (${getKernels(backend).name})`,
      f.medianMs.toFixed(2),
      gflops(flops, f.medianMs).toFixed(2),
      f.samples,
      (r.medianMs / f.medianMs).toFixed(1),
    ]);
  }
  rows.push([
    n,
    'reference (f64)',
    r.medianMs.toFixed(2),
    gflops(flops, r.medianMs).toFixed(2),
    r.samples,
    '1.0',
  ]);
}
console.log(table(['N', 'variant', 'median ms', 'GFLOP/s', 'samples', '× reference'], rows));
