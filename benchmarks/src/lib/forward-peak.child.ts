/**
 * Child process for peak-memory figures (b h n d): allocates q, k, v of one head, records the
 * resident set and ArrayBuffer bytes, then runs one forward and reports how far memory rose
 * above that baseline. The peak comes from the kernel's own high-water mark (VmHWM, reset through
 * /proc/self/clear_refs after the baseline) and from a worker thread sampling rss every ~1 ms
 * while the synchronous forward runs; the larger is reported, measured from the lowest resident
 * set sampled after the inputs were allocated. A fresh process per figure keeps
 * earlier allocations and JIT state of other runs out of it.
 *
 * Run by chunked.bench.ts: node --expose-gc --conditions=@attnkit/source --import tsx <this> '<json>'
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { chunked } from '@attnkit/chunked';
import { randn } from '@attnkit/core';
import { full } from '@attnkit/full';
import { getKernels } from '@attnkit/kernels';

export interface PeakRequest {
  variant: 'chunked' | 'full';
  n: number;
  d: number;
  causal: boolean;
  /** Output rows checked against a float64 computation of the same rows. */
  checkRows: number;
}

export interface PeakResult extends PeakRequest {
  backend: string;
  forwardMs: number;
  /**
   * Peak resident set above the lowest resident set seen once the inputs were allocated, bytes.
   * The lowest point, not the baseline: the allocator and V8 release a few MB of earlier garbage
   * during the call (lowestRssDrop), which would otherwise hide part of the forward's own memory.
   */
  peakAboveInputs: number;
  lowestRssDrop: number;
  hwmAboveInputs: number;
  sampledAboveInputs: number;
  arrayBuffersAfter: number;
  predictedPeakBytes: number;
  inputBytes: number;
  checkedMaxAbsError: number;
}

const statusKb = (field: string): number => {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) * 1024 : Number.NaN;
};

const req = JSON.parse(process.argv[2]) as PeakRequest;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const make = () => (req.variant === 'chunked' ? chunked() : full());
const { n, d, causal } = req;

// Warm the JIT on a small call so compiled code is part of the baseline, not of the peak.
{
  const x = randn([1, 1, 256, d], 9);
  make().forward(x, x, x, { causal });
}
const q = randn([1, 1, n, d], 1);
const k = randn([1, 1, n, d], 2);
const v = randn([1, 1, n, d], 3);
const variant = make();
const shape = {
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: d,
  valueDim: d,
};
const predictedPeakBytes = variant.cost(shape, { causal }).peakBytes;

const shared = new SharedArrayBuffer(24);
const flags = new Int32Array(shared, 0, 2);
const maxRss = new Float64Array(shared, 8, 1);
const minRss = new Float64Array(shared, 16, 1);
const sampler = new Worker(
  `const { workerData } = require('node:worker_threads');
   const flags = new Int32Array(workerData, 0, 2);
   const maxRss = new Float64Array(workerData, 8, 1);
   const minRss = new Float64Array(workerData, 16, 1);
   Atomics.store(flags, 1, 1);
   while (Atomics.load(flags, 0) === 0) {
     const r = process.memoryUsage.rss();
     if (r > maxRss[0]) maxRss[0] = r;
     if (r < minRss[0]) minRss[0] = r;
     Atomics.wait(flags, 0, 0, 1);
   }`,
  { eval: true, workerData: shared },
);
while (Atomics.load(flags, 1) === 0) await new Promise((r) => setTimeout(r, 5));
await new Promise((r) => setTimeout(r, 50));
gc();
gc();
const baseRss = process.memoryUsage.rss();
const baseArrayBuffers = process.memoryUsage().arrayBuffers;
writeFileSync('/proc/self/clear_refs', '5');
maxRss[0] = baseRss;
minRss[0] = baseRss;

const t0 = performance.now();
const out = variant.forward(q, k, v, { causal });
const forwardMs = performance.now() - t0;

const hwm = statusKb('VmHWM');
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
await sampler.terminate();
const arrayBuffersAfter = process.memoryUsage().arrayBuffers - baseArrayBuffers;

// Exactness spot check: a few rows recomputed in float64 from the definition.
let checkedMaxAbsError = 0;
for (let c = 0; c < req.checkRows; c++) {
  const i = Math.floor(((c + 0.5) / req.checkRows) * n);
  const end = causal ? i + 1 : n;
  const s = new Float64Array(end);
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < end; j++) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += q.data[i * d + t] * k.data[j * d + t];
    s[j] = dot / Math.sqrt(d);
    if (s[j] > m) m = s[j];
  }
  let sum = 0;
  for (let j = 0; j < end; j++) sum += s[j] = Math.exp(s[j] - m);
  for (let t = 0; t < d; t++) {
    let o = 0;
    for (let j = 0; j < end; j++) o += s[j] * v.data[j * d + t];
    checkedMaxAbsError = Math.max(checkedMaxAbsError, Math.abs(o / sum - out.data[i * d + t]));
  }
}

const result: PeakResult = {
  ...req,
  backend: getKernels('auto').name,
  forwardMs,
  hwmAboveInputs: hwm - baseRss,
  sampledAboveInputs: maxRss[0] - baseRss,
  lowestRssDrop: baseRss - minRss[0],
  peakAboveInputs: Math.max(hwm, maxRss[0]) - minRss[0],
  arrayBuffersAfter,
  predictedPeakBytes,
  inputBytes: q.data.byteLength + k.data.byteLength + v.data.byteLength,
  checkedMaxAbsError,
};
console.log(JSON.stringify(result));
