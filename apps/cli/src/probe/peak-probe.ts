/**
 * How far a call raises this process's memory (child processes of the bench command and of the
 * benchmark suites). Before the call: two forced GCs, the baseline resident set, and the kernel's
 * high-water mark (VmHWM) reset through /proc/self/clear_refs. During it: a worker thread samples
 * rss every ~1 ms. The peak is the larger of VmHWM and the sampled maximum. Needs
 * node --expose-gc; without Linux's /proc only the sampled figure exists (hwm fields are null).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * What `measurePeak` saw: the call's result, its time, and its memory by each method, so a
 * report can state which figure it uses and how the methods agree.
 */
export interface Peak<T> {
  /** What the call returned. */
  value: T;
  /** Wall time of the call, ms (one run: not a benchmark figure). */
  ms: number;
  /** Peak rss above the baseline taken just before the call, bytes. */
  peakAboveBase: number;
  /**
   * Peak rss above the lowest rss sampled once the inputs existed: the allocator may release
   * earlier garbage during the call, which would otherwise hide part of the call's own memory.
   */
  peakAboveLowest: number;
  /** The kernel's high-water mark above the baseline, bytes; null without Linux's /proc. */
  hwmAboveBase: number | null;
  /** The sampled rss maximum above the baseline, bytes (misses spikes shorter than ~1 ms). */
  sampledAboveBase: number;
  /** How far rss fell below the baseline during the call. */
  lowestRssDrop: number;
  /** ArrayBuffer bytes still held after the call (the output, typically). */
  arrayBuffersAfter: number;
}

const statusBytes = (field: string): number => {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const SAMPLER = `const { workerData } = require('node:worker_threads');
  const flags = new Int32Array(workerData, 0, 2);
  const maxRss = new Float64Array(workerData, 8, 1);
  const minRss = new Float64Array(workerData, 16, 1);
  Atomics.store(flags, 1, 1);
  while (Atomics.load(flags, 0) === 0) {
    const r = process.memoryUsage.rss();
    if (r > maxRss[0]) maxRss[0] = r;
    if (r < minRss[0]) minRss[0] = r;
    Atomics.wait(flags, 0, 0, 1);
  }`;

/**
 * Runs `call` once and measures how far it raises this process's memory (see the module
 * comment). Run it in a fresh child process with `node --expose-gc`, one call per process:
 * earlier calls' garbage and heap growth would otherwise blur the figure.
 */
export async function measurePeak<T>(call: () => T | Promise<T>): Promise<Peak<T>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const shared = new SharedArrayBuffer(24);
  const flags = new Int32Array(shared, 0, 2);
  const maxRss = new Float64Array(shared, 8, 1);
  const minRss = new Float64Array(shared, 16, 1);
  const sampler = new Worker(SAMPLER, { eval: true, workerData: shared });
  while (Atomics.load(flags, 1) === 0) await new Promise((r) => setTimeout(r, 2));
  gc();
  gc();
  const baseRss = process.memoryUsage.rss();
  const baseArrayBuffers = process.memoryUsage().arrayBuffers;
  const hwmReset = resetHighWaterMark();
  maxRss[0] = baseRss;
  minRss[0] = baseRss;

  const t0 = performance.now();
  const value = await call();
  const ms = performance.now() - t0;

  const hwm = hwmReset ? statusBytes('VmHWM') : Number.NaN;
  const top = Math.max(Number.isNaN(hwm) ? 0 : hwm, maxRss[0]);
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
  await sampler.terminate();
  return {
    value,
    ms,
    peakAboveBase: top - baseRss,
    peakAboveLowest: top - minRss[0],
    hwmAboveBase: Number.isNaN(hwm) ? null : hwm - baseRss,
    sampledAboveBase: maxRss[0] - baseRss,
    lowestRssDrop: baseRss - minRss[0],
    arrayBuffersAfter: process.memoryUsage().arrayBuffers - baseArrayBuffers,
  };
}
