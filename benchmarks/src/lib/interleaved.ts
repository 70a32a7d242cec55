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
  const rounds = n <= 4096 ? 5 : (overrideRounds ?? 1);
  const empty = () =>
    Object.fromEntries(Object.keys(configs).map((name) => [name, [] as number[]]));
  const wall: Record<string, number[]> = empty();
  const cpu: Record<string, number[]> = empty();
  if (n <= warmUpThrough) for (const fn of Object.values(configs)) fn();
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
  const { wall } = interleavedSamples(n, configs, overrideRounds, warmUpThrough);
  return Object.fromEntries(Object.entries(wall).map(([name, xs]) => [name, median(xs)]));
}
