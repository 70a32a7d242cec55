/**
 * The cost of a score bias inside chunked attention: no bias, ALiBi, and a T5 relative bias,
 * one head, d = 64, non-causal and causal, interleaved in one run. The ratio is the median over
 * rounds of biased time over unbiased time in the same round, in wall time and in process CPU
 * time (which other processes' load inflates less). Target (issue 9): ALiBi < 1.15× at N = 16384.
 * Run: pnpm --filter @attnkit/benchmarks bench:score-bias   (env: N=4096,16384 ROUNDS=3)
 */
import { chunked } from '@attnkit/chunked';
import { alibi, t5Bias } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { interleavedSamples, median, pairedRatio } from './lib/interleaved.ts';
import { loadLine, machineLine, table } from './lib/measure.ts';
import { oneHead } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '4096,16384').split(',').map(Number);
const rounds = Number(process.env.ROUNDS ?? 3);
console.log(
  `score bias inside chunked · one head, d = ${d} · backend ${getKernels('auto').name} · ${machineLine()} · ${loadLine()}`,
);
const rows: (string | number)[][] = [];
for (const n of lengths) {
  const { q, k, v } = oneHead(n, d);
  const attention = chunked();
  const biases = {
    none: undefined,
    alibi: alibi(1),
    t5: t5Bias({ heads: 1, maxDistance: 128, seed: 1 }),
  };
  for (const causal of [false, true]) {
    const configs = Object.fromEntries(
      Object.entries(biases).map(([name, scoreBias]) => [
        name,
        () => attention.forward(q, k, v, { causal, scoreBias }),
      ]),
    );
    const { wall, cpu } = interleavedSamples(n, configs, rounds);
    for (const name of Object.keys(biases)) {
      rows.push([
        n,
        causal ? 'yes' : 'no',
        name,
        median(wall[name]).toFixed(1),
        pairedRatio(wall, name, 'none').toFixed(3),
        pairedRatio(cpu, name, 'none').toFixed(3),
      ]);
    }
  }
}
console.log(
  table(['N', 'causal', 'bias', 'median ms', '× no bias (wall)', '× no bias (cpu)'], rows),
);
console.log(
  `× no bias: median over ${rounds} rounds (5 at N <= 4096) of the ratio within each round`,
);
