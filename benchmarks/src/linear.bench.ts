/**
 * Linear attention (elu+1, FAVOR+ m = 64), one head, d = 64, fp32, same backend throughout.
 *  (a) time at N = 4096 … 1,048,576, bidirectional and causal, and the fitted exponent of time
 *      against N (least squares on log-log; linear in N is 1.0).
 *  (b) causal linear against causal exact attention (@attnkit/chunked) from N = 1024, timed
 *      interleaved in the same run.
 *  (c) output error against exact softmax attention (float64 reference) at N = 1024.
 * Run: pnpm --filter @attnkit/benchmarks bench:linear   (env: N=4096,65536 PARTS=a,b,c)
 */
import { chunked } from '@attnkit/chunked';
import { logLogSlope } from '@attnkit/cli/lib';
import { randn } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { approximationError, type LinearConfig, linear } from '@attnkit/linear';
import { medians, sampleRounds } from './lib/interleaved.ts';
import { loadLine, machineLine, table } from './lib/measure.ts';
import { oneHead } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '4096,16384,65536,262144,1048576').split(',').map(Number);
const parts = new Set((process.env.PARTS ?? 'a,b,c').split(','));
const backend = getKernels('auto').name;
const MAPS: Record<string, LinearConfig> = {
  elu: { featureMap: 'elu' },
  'favor m=64': { featureMap: 'favor', features: 64 },
};

/** Median ms per config, run interleaved so load from other processes falls on all alike. */
const interleaved = (rounds: number, configs: Record<string, () => unknown>) =>
  medians(sampleRounds(configs, rounds, false).wall);

console.log(
  `linear attention · one head, d = ${d}, fp32 · backend ${backend} · ${machineLine()} · ${loadLine()}`,
);

if (parts.has('a')) {
  // A short warm-up so the first N is not timed cold.
  const w = randn([1, 1, 1024, d], 9);
  for (const c of Object.values(MAPS))
    for (const causal of [false, true]) linear(c).forward(w, w, w, { causal });
  const rows: (string | number)[][] = [];
  const series: Record<string, [number, number][]> = {};
  for (const n of lengths) {
    const { q, k, v } = oneHead(n, d);
    const configs: Record<string, () => unknown> = {};
    for (const [name, c] of Object.entries(MAPS)) {
      const variant = linear(c);
      configs[name] = () => variant.forward(q, k, v);
      configs[`${name} causal`] = () => variant.forward(q, k, v, { causal: true });
    }
    const ms = interleaved(n <= 16384 ? 5 : n <= 65536 ? 3 : 1, configs);
    for (const [name, t] of Object.entries(ms)) {
      if (!series[name]) series[name] = [];
      series[name].push([n, t]);
      rows.push([n, `linear ${name} (${backend})`, t.toFixed(1), ((t * 1e6) / n).toFixed(0)]);
    }
    console.log(`  N = ${n} done`);
  }
  console.log('\n(a) median ms (5 interleaved rounds at N <= 16384, 3 at 65536, 1 above)');
  console.log(table(['N', 'variant (backend)', 'ms', 'ns/token'], rows));
  console.log('\nfitted exponent of time vs N (target 1.0 ± 0.15)');
  console.log(
    table(
      ['variant (backend)', `exponent over N = ${lengths[0]} … ${lengths.at(-1)}`],
      Object.entries(series).map(([name, pts]) => [
        `linear ${name} (${backend})`,
        logLogSlope(
          pts.map(([n]) => n),
          pts.map(([, t]) => t),
        ).toFixed(3),
      ]),
    ),
  );
}

if (parts.has('b')) {
  const rows: (string | number)[][] = [];
  for (const n of [1024, 2048, 4096, 8192]) {
    const q = randn([1, 1, n, d], 4);
    const k = randn([1, 1, n, d], 5);
    const v = randn([1, 1, n, d], 6);
    const exact = chunked();
    const configs: Record<string, () => unknown> = {
      'chunked (exact)': () => exact.forward(q, k, v, { causal: true }),
    };
    for (const [name, c] of Object.entries(MAPS)) {
      const variant = linear(c);
      configs[name] = () => variant.forward(q, k, v, { causal: true });
    }
    for (const fn of Object.values(configs)) fn();
    const ms = interleaved(n <= 2048 ? 9 : 5, configs);
    const base = ms['chunked (exact)'];
    for (const [name, t] of Object.entries(ms))
      rows.push([n, `${name} (${backend})`, t.toFixed(2), (base / t).toFixed(2)]);
  }
  console.log(
    '\n(b) causal, median ms of interleaved rounds; speed-up = chunked exact ms / variant ms',
  );
  console.log(table(['N', 'variant (backend)', 'ms', 'speed-up vs exact'], rows));
}

if (parts.has('c')) {
  const n = 1024;
  const rows: (string | number)[][] = [];
  const configs: Record<string, LinearConfig> = {
    elu: { featureMap: 'elu' },
    relu: { featureMap: 'relu' },
    'favor m=64': { featureMap: 'favor', features: 64 },
    'favor m=256': { featureMap: 'favor', features: 256 },
  };
  // Unit-normal q, k as they come, and scaled by d^-1/4 (|q|·|k|·scale ≈ 1, as after a norm layer).
  for (const [label, s] of [
    ['unit-normal', 1],
    ['× d^-1/4', d ** -0.25],
  ] as const) {
    const q = randn([1, 1, n, d], 7, s);
    const k = randn([1, 1, n, d], 8, s);
    const v = randn([1, 1, n, d], 10);
    for (const [name, variant] of Object.entries(configs))
      for (const causal of [false, true]) {
        const e = approximationError(q, k, v, { variant: { ...variant }, causal });
        rows.push([
          label,
          `linear ${name} (${backend})`,
          causal ? 'yes' : 'no',
          e.maxAbs.toFixed(3),
          e.relRms.toFixed(3),
          e.meanRowRelative.toFixed(3),
        ]);
      }
  }
  console.log(
    `\n(c) error against exact softmax attention (float64 reference), N = ${n}, v unit-normal, scale 1/√d`,
  );
  console.log(
    table(['q, k', 'variant (backend)', 'causal', 'max |err|', 'rel RMS', 'mean row rel.'], rows),
  );
}
