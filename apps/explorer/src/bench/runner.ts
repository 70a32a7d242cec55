/**
 * The live benchmark (b h n d): each spec at each N on the Web Worker pool (wasm kernels in the
 * workers), one warm-up call, then timed calls until `minSamples` and `budgetMs` are both met
 * (or `maxSamples`); the median is reported with its spread. Cancel aborts between calls and
 * closes the pool, which rejects a call still running.
 */
import { randn } from '@attnkit/core';
import { createVariant } from '../variants.ts';
import { type AttentionPool, poolSpec, startPool } from './pool.ts';

export interface BenchSettings {
  specs: string[];
  lengths: number[];
  heads: number;
  headDim: number;
  causal: boolean;
  threads: number;
  minSamples: number;
  maxSamples: number;
  budgetMs: number;
}

export interface BenchPoint {
  spec: string;
  n: number;
  causal: boolean;
  threads: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samples: number;
  gflops: number;
}

export interface BenchProgress {
  done: number;
  total: number;
  label: string;
}

export class Cancelled extends Error {
  constructor() {
    super('benchmark cancelled');
  }
}

export async function runBench(
  s: BenchSettings,
  onPoint: (p: BenchPoint) => void,
  onProgress: (p: BenchProgress) => void,
  signal: AbortSignal,
): Promise<BenchPoint[]> {
  const points: BenchPoint[] = [];
  const total = s.specs.length * s.lengths.length;
  // Validate every spec before starting workers: a typo fails at once, with its message.
  const variants = s.specs.map((spec) => ({
    spec,
    variant: createVariant(spec),
    wire: poolSpec(spec),
  }));
  const pool: AttentionPool = startPool(s.threads);
  const stop = () => void pool.close();
  signal.addEventListener('abort', stop);
  try {
    let done = 0;
    for (const n of s.lengths) {
      const shape = [1, s.heads, n, s.headDim];
      const q = randn(shape, 1);
      const k = randn(shape, 2);
      const v = randn(shape, 3);
      for (const { spec, variant, wire } of variants) {
        if (signal.aborted) throw new Cancelled();
        onProgress({ done, total, label: `${spec} at N ${n}` });
        const options = { causal: s.causal };
        await pool.forward(wire, q, k, v, options);
        const times: number[] = [];
        const started = performance.now();
        while (
          times.length < s.maxSamples &&
          (times.length < s.minSamples || performance.now() - started < s.budgetMs)
        ) {
          if (signal.aborted) throw new Cancelled();
          const t = performance.now();
          await pool.forward(wire, q, k, v, options);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const medianMs = times[Math.floor(times.length / 2)];
        const flops = variant.cost(
          {
            batch: 1,
            heads: s.heads,
            kvHeads: s.heads,
            queryLength: n,
            keyLength: n,
            headDim: s.headDim,
            valueDim: s.headDim,
          },
          options,
        ).flops;
        const point = {
          spec,
          n,
          causal: s.causal,
          threads: s.threads,
          medianMs,
          minMs: times[0],
          maxMs: times[times.length - 1],
          samples: times.length,
          gflops: flops / (medianMs * 1e6),
        };
        points.push(point);
        onPoint(point);
        done++;
      }
    }
    onProgress({ done: total, total, label: 'done' });
    return points;
  } catch (error) {
    if (signal.aborted) throw new Cancelled();
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    await pool.close();
  }
}
