/** Time one forward with tinybench: median and spread (median absolute deviation), ms. */
import { Bench } from 'tinybench';

export interface Timing {
  medianMs: number;
  madMs: number;
  minMs: number;
  samples: number;
}

/**
 * `timeMs` is tinybench's time budget; at least `iterations` samples are taken, so a long
 * forward gets its minimum and a short one as many samples as fit. The gate's forward already
 * warmed the JIT at this shape, so there is no warm-up here.
 */
export async function timeForward(
  fn: () => unknown,
  opts: { timeMs: number; iterations: number },
): Promise<Timing> {
  const bench = new Bench({
    time: opts.timeMs,
    iterations: opts.iterations,
    warmup: false,
    throws: true,
  });
  bench.add('forward', fn);
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`timing: tinybench ${result.state}`);
  const lat = result.latency;
  return { medianMs: lat.p50, madMs: lat.mad, minMs: lat.min, samples: lat.samplesCount };
}
