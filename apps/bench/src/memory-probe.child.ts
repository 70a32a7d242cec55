/**
 * One configuration's peak memory, in a fresh process (b h n d): builds the inputs, warms the
 * JIT on a small call, records the resident set after gc as the baseline, then runs one forward
 * while a worker thread samples rss every ~1 ms; the kernel's own high-water mark (VmHWM, reset
 * through /proc/self/clear_refs after the baseline) is read too, and the larger peak wins.
 * Prints one JSON line (ProbeResult). Run by memory-probe.ts; never imported by the app.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Tensor } from '@attnkit/core';
import type { ProbeRequest, ProbeResult } from './memory-probe.ts';
import { variantSubject } from './subjects.ts';
import { makeInputs } from './workloads.ts';

type Forward = (q: Tensor, k: Tensor, v: Tensor) => unknown;

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

async function openForward(
  req: ProbeRequest,
): Promise<{ forward: Forward; close(): Promise<void> }> {
  if (req.spec.startsWith('peer:')) {
    const { getPeer, isUnavailable } = await import('@attnkit/benchmarks/peers');
    const loaded = await getPeer(req.spec.slice(5), { threads: req.threads }).load();
    if (isUnavailable(loaded)) throw new Error(loaded.unavailable);
    return {
      forward: (q, k, v) => loaded.forward(q, k, v, { causal: req.causal }),
      close: () => loaded.dispose(),
    };
  }
  // With --threads > 1 the workers run in this process, so their memory is in its rss.
  const pool =
    req.threads > 1
      ? (await import('@attnkit/kernels/pool')).createPool({ threads: req.threads })
      : null;
  const subject = variantSubject(req.spec, req.backend, pool);
  if ('reason' in subject) throw new Error(subject.reason);
  return {
    forward: (q, k, v) => subject.run(q, k, v, req.causal),
    close: async () => {
      await pool?.close();
    },
  };
}

async function main() {
  const req = JSON.parse(process.argv[2]) as ProbeRequest;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const { forward, close } = await openForward(req);
  const dims = { batch: req.batch, heads: req.heads, kvHeads: req.kvHeads, dim: req.dim };
  // Warm-up on a small call: compiled code belongs to the baseline, not to the peak.
  const warm = makeInputs('random', { ...dims, n: Math.min(req.n, 256) }, req.seed + 1);
  await forward(warm.q, warm.k, warm.v);
  const { q, k, v } = makeInputs('random', { ...dims, n: req.n }, req.seed);

  const shared = new SharedArrayBuffer(16);
  const flags = new Int32Array(shared, 0, 2);
  const maxRss = new Float64Array(shared, 8, 1);
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads');
     const flags = new Int32Array(workerData, 0, 2);
     const maxRss = new Float64Array(workerData, 8, 1);
     Atomics.store(flags, 1, 1);
     while (Atomics.load(flags, 0) === 0) {
       const r = process.memoryUsage.rss();
       if (r > maxRss[0]) maxRss[0] = r;
       Atomics.wait(flags, 0, 0, 1);
     }`,
    { eval: true, workerData: shared },
  );
  while (Atomics.load(flags, 1) === 0) await new Promise((r) => setTimeout(r, 2));
  gc();
  gc();
  const baseRss = process.memoryUsage.rss();
  const baseArrayBuffers = process.memoryUsage().arrayBuffers;
  const hwmReset = resetHighWaterMark();
  maxRss[0] = baseRss;

  const t0 = performance.now();
  const out = await forward(q, k, v);
  const forwardMs = performance.now() - t0;
  const hwm = hwmReset ? statusBytes('VmHWM') : Number.NaN;
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
  await sampler.terminate();
  const retained = process.memoryUsage().arrayBuffers - baseArrayBuffers;
  const peak = Math.max(Number.isNaN(hwm) ? 0 : hwm, maxRss[0]) - baseRss;
  const result: ProbeResult = {
    peakBytes: Math.max(0, peak),
    hwmBytes: Number.isNaN(hwm) ? null : hwm - baseRss,
    sampledBytes: maxRss[0] - baseRss,
    retainedArrayBuffers: retained,
    forwardMs,
    outputValues: (out as { data?: Float32Array }).data?.length ?? (out as Float32Array).length,
  };
  await close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exitCode = 1;
});
