/**
 * Block-sparse attention (BigBird: block 64, 3 window blocks, 2 global, 3 random), one head,
 * d = 64, non-causal, same backend for every line (getKernels('auto')).
 *  (a) time at N = 4K … 256K: nonzero blocks, density, median ms, ms per nonzero block, GFLOP/s
 *      over the visible pairs (cost().flops), and the fitted exponent of time against N (target
 *      ≤ 1.15: BigBird's density falls as 1/N, so its work grows as N).
 *  (b) against exact attention (@attnkit/chunked, O(N) memory, same kernels) at lengths where
 *      BigBird's density is ≤ 10 %: the speed-up (target ≥ 5×).
 * Run: pnpm --filter @attnkit/benchmarks bench:sparse   (env: N=4096,16384 COMPARE=8192 PARTS=a,b)
 */
import { chunked } from '@attnkit/chunked';
import { logLogSlope } from '@attnkit/cli/lib';
import type { AttentionVariant } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { sparse } from '@attnkit/sparse';
import { medians, sampleRounds } from './lib/interleaved.ts';
import { gflops, loadLine, machineLine, table } from './lib/measure.ts';
import { oneHead, oneHeadShape } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '4096,16384,65536,262144').split(',').map(Number);
const compare = (process.env.COMPARE ?? '8192').split(',').map(Number);
const parts = new Set((process.env.PARTS ?? 'a,b').split(','));
const backend = getKernels('auto').name;
const bigbird = () =>
  sparse({ pattern: 'bigbird', block: 64, window: 3, globalBlocks: 2, randomBlocks: 3, seed: 0 });

/** Median ms over `rounds` runs of each config, interleaved so machine load hits all alike. */
const interleaved = (configs: Record<string, () => unknown>, rounds: number, warm: boolean) =>
  medians(sampleRounds(configs, rounds, warm).wall);

console.log(
  `sparse (BigBird b=64, w=3, g=2, r=3) · one head, d = ${d}, fp32, non-causal · backend ${backend} · ${machineLine()} · ${loadLine()}`,
);

if (parts.has('a')) {
  const rows: (string | number)[][] = [];
  const times: number[] = [];
  for (const n of lengths) {
    const variant = bigbird();
    const layout = variant.layout(oneHeadShape(n, d));
    const { q, k, v } = oneHead(n, d);
    const ms = interleaved(
      { sparse: () => variant.forward(q, k, v) },
      n <= 16384 ? 3 : 1,
      true,
    ).sparse;
    times.push(ms);
    rows.push([
      n,
      `sparse bigbird (${backend})`,
      layout.nnz,
      `${(100 * layout.density()).toFixed(2)}%`,
      ms.toFixed(1),
      ((1000 * ms) / layout.nnz).toFixed(1),
      gflops(variant.cost(oneHeadShape(n, d)).flops, ms).toFixed(2),
    ]);
  }
  console.log(
    table(
      ['N', 'variant (backend)', 'nnz blocks', 'density', 'median ms', 'µs/block', 'GFLOP/s'],
      rows,
    ),
  );
  if (lengths.length > 1) {
    const k = logLogSlope(lengths, times);
    console.log(
      `(a) fitted exponent of time vs N over ${lengths[0]}…${lengths[lengths.length - 1]}: ${k.toFixed(3)} (target ≤ 1.15: ${k <= 1.15 ? 'met' : 'NOT met'}) · backend ${backend}`,
    );
  }
}

if (parts.has('b')) {
  const rows: (string | number)[][] = [];
  for (const n of compare) {
    const variant = bigbird();
    const exact: AttentionVariant = chunked({ backend: 'auto' });
    const density = variant.layout(oneHeadShape(n, d)).density();
    const { q, k, v } = oneHead(n, d);
    const ms = interleaved(
      { sparse: () => variant.forward(q, k, v), chunked: () => exact.forward(q, k, v) },
      n <= 8192 ? 2 : 1,
      n <= 8192,
    );
    const speedup = ms.chunked / ms.sparse;
    rows.push([
      n,
      `${(100 * density).toFixed(2)}%`,
      `${ms.sparse.toFixed(1)} (${backend})`,
      `${ms.chunked.toFixed(1)} (${backend})`,
      `${speedup.toFixed(1)}×`,
      density <= 0.1 ? (speedup >= 5 ? 'met' : 'NOT met') : 'n/a (density > 10 %)',
    ]);
  }
  console.log(
    table(
      ['N', 'density', 'sparse ms (backend)', 'chunked ms (backend)', 'speed-up', '≥ 5× target'],
      rows,
    ),
  );
}
