/**
 * Median ms of each config, run interleaved (a, b, c, d, a, b, …) so load from other processes
 * on this shared machine falls on every config alike; one warm-up round first up to N =
 * `warmUpThrough`. 5 rounds up to N = 4096; beyond, `overrideRounds` (default 1: each run takes
 * seconds, after the shorter N warmed the JIT).
 */
export function interleaved(
  n: number,
  configs: Record<string, () => unknown>,
  overrideRounds?: number,
  warmUpThrough = 4096,
): Record<string, number> {
  const rounds = n <= 4096 ? 5 : (overrideRounds ?? 1);
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(configs).map((name) => [name, []]),
  );
  if (n <= warmUpThrough) for (const fn of Object.values(configs)) fn();
  for (let round = 0; round < rounds; round++)
    for (const [name, fn] of Object.entries(configs)) {
      const t0 = performance.now();
      fn();
      samples[name].push(performance.now() - t0);
    }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
}
