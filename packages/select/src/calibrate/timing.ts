/** Median ms of a call: one warm-up, then repeats until both a count and a time are reached. */
export function medianMs(call: () => unknown, minReps = 3, minMs = 150, maxReps = 15): number {
  call();
  const times: number[] = [];
  let total = 0;
  while (times.length < maxReps && (times.length < minReps || total < minMs)) {
    const t0 = performance.now();
    call();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
