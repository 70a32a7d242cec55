/**
 * Configs run interleaved (a, b, c, a, b, c, …) so load from other processes on this shared
 * machine falls on every config alike; one warm-up round first up to N = `warmUpThrough`.
 * 5 rounds up to N = 4096; beyond, `overrideRounds` (default 1: each run takes seconds, after
 * the shorter N warmed the JIT).
 */
export interface RoundSamples {
  /** Wall ms of each config, one entry per round. */
  wall: Record<string, number[]>;
  /** Process CPU ms (user + system) of each config, one entry per round. */
  cpu: Record<string, number[]>;
}

export function interleavedSamples(
  n: number,
  configs: Record<string, () => unknown>,
  overrideRounds?: number,
  warmUpThrough = 4096,
): RoundSamples {
  return sampleRounds(configs, n <= 4096 ? 5 : (overrideRounds ?? 1), n <= warmUpThrough);
}

/** `rounds` interleaved rounds of every config, after one warm-up round if `warm`. */
export function sampleRounds(
  configs: Record<string, () => unknown>,
  rounds: number,
  warm: boolean,
): RoundSamples {
  const empty = () =>
    Object.fromEntries(Object.keys(configs).map((name) => [name, [] as number[]]));
  const wall: Record<string, number[]> = empty();
  const cpu: Record<string, number[]> = empty();
  if (warm) for (const fn of Object.values(configs)) fn();
  for (let round = 0; round < rounds; round++)
    for (const [name, fn] of Object.entries(configs)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn();
      wall[name].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[name].push((c.user + c.system) / 1000);
    }
  return { wall, cpu };
}

export const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/**
 * Median over rounds of a config's time over a baseline's time in the same round: slow drifts
 * of the machine's load cancel within a round, which a ratio of medians does not do.
 */
export const pairedRatio = (samples: Record<string, number[]>, name: string, base: string) =>
  median(samples[name].map((t, round) => t / samples[base][round]));

/** Median wall ms of each config (see interleavedSamples). */
export function interleaved(
  n: number,
  configs: Record<string, () => unknown>,
  overrideRounds?: number,
  warmUpThrough = 4096,
): Record<string, number> {
  return medians(interleavedSamples(n, configs, overrideRounds, warmUpThrough).wall);
}

/** The median of each config's samples. */
export const medians = (samples: Record<string, number[]>): Record<string, number> =>
  Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
