/**
 * Useful GFLOP/s of each variant at one length (one head, d = 64, not causal), timed in
 * interleaved rounds with the GEMM ceiling and, where it fits, chunked: every figure is a ratio
 * to baselines measured in the same rounds (paired per round, so drifts of load cancel).
 * Useful flops are each variant's own cost().flops: the unmasked work, not what it spends.
 * Rates are on this process's CPU time (see rateRatio); wall ms are printed beside them.
 */
import { randn } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { median, pairedRatio, sampleRounds } from '../lib/interleaved.ts';
import { gemmCeiling } from './gemm-ceiling.ts';
import { BASELINE, variantOf } from './specs.ts';

export interface Rate {
  spec: string;
  n: number;
  causal: boolean;
  ms: number;
  gflops: number;
  /** Median CPU ms of one call (this process's user + system time). */
  cpuMs: number;
  /** Paired per-round ratios of useful GFLOP/s on CPU time: variant ÷ GEMM ceiling, ÷ chunked. */
  ofCeiling: number;
  ofChunked: number | null;
}

const D = 64;
const gflopsOf = (flops: number, ms: number) => flops / (ms * 1e6);

export function measureRates(
  specs: string[],
  n: number,
  rounds: number,
  opts: { causal?: boolean; withChunked: boolean },
): { rates: Rate[]; ceilingGflops: number; chunkedGflops: number | null } {
  const causal = opts.causal ?? false;
  const q = randn([1, 1, n, D], 1);
  const k = randn([1, 1, n, D], 2);
  const v = randn([1, 1, n, D], 3);
  const shape = {
    batch: 1,
    heads: 1,
    kvHeads: 1,
    queryLength: n,
    keyLength: n,
    headDim: D,
    valueDim: D,
  };
  const ceiling = gemmCeiling(getKernels('auto'));
  const all = opts.withChunked ? [BASELINE, ...specs.filter((s) => s !== BASELINE)] : specs;
  const flops: Record<string, number> = { ceiling: ceiling.flops };
  const fns: Record<string, () => unknown> = { ceiling: ceiling.run };
  for (const spec of all) {
    const variant = variantOf(spec);
    flops[spec] = variant.cost(shape, { causal }).flops;
    fns[spec] = () => variant.forward(q, k, v, { causal });
  }
  // A warm-up round (JIT, wasm memory growth), then the timed rounds.
  const { wall, cpu } = sampleRounds(fns, rounds, true);
  // Rate ratio = (flops_a / t_a) / (flops_b / t_b) = (flops_a / flops_b) · (t_b / t_a).
  const rateRatio = (a: string, b: string) => flops[a] / flops[b] / pairedRatio(wall, a, b);
  const rates = specs.map((spec) => {
    const ms = median(wall[spec]);
    return {
      spec,
      n,
      causal,
      ms,
      cpuMs: median(cpu[spec]),
      gflops: gflopsOf(flops[spec], median(cpu[spec])),
      ofCeiling: rateRatio(spec, 'ceiling'),
      ofChunked: opts.withChunked ? rateRatio(spec, BASELINE) : null,
    };
  });
  return {
    rates,
    ceilingGflops: gflopsOf(ceiling.flops, median(cpu.ceiling)),
    chunkedGflops: opts.withChunked ? gflopsOf(flops[BASELINE], median(cpu[BASELINE])) : null,
  };
}
