/** The one tinybench wrapper of the CLI and the benchmark suites: median and spread, ms. */
import { Bench } from 'tinybench';

/** Timing of one call: robust figures only (median, MAD), since shared machines are noisy. */
export interface Timing {
  /** Median of the samples, ms: the figure to report. */
  medianMs: number;
  /** Median absolute deviation of the samples, ms: the spread that survives outliers. */
  madMs: number;
  /** Fastest sample, ms. */
  minMs: number;
  /** Samples taken. */
  samples: number;
}

/** How long `timeCall` may measure, and how many samples it must take. */
export interface TimingOptions {
  /** tinybench's time budget, ms. */
  timeMs: number;
  /** At least this many samples, so a long call gets its minimum and a short one what fits. */
  iterations: number;
  /** Untimed calls first (0 when an earlier call at this shape already warmed the JIT). */
  warmupIterations?: number;
}

/**
 * Times `fn` with tinybench (time budget, minimum iterations, optional warm-up) and returns its
 * median, MAD and minimum; throws when tinybench reports the task did not complete.
 */
export async function timeCall(fn: () => unknown, opts: TimingOptions): Promise<Timing> {
  const warm = opts.warmupIterations ?? 0;
  const bench = new Bench({
    time: opts.timeMs,
    iterations: opts.iterations,
    warmup: warm > 0,
    warmupIterations: warm,
    warmupTime: 0,
    throws: true,
  });
  bench.add('call', fn);
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`timing: tinybench ${result.state}`);
  const lat = result.latency;
  return { medianMs: lat.p50, madMs: lat.mad, minMs: lat.min, samples: lat.samplesCount };
}
