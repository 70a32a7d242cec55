/**
 * Child process for local-window's long-N figures (b h n d, one head): allocates q, k, v, then
 * times one forward and measures how far the resident set rose above the inputs (VmHWM reset
 * through /proc/self/clear_refs after the baseline, and an rss sampler thread; the larger, from
 * the lowest rss seen). A few output rows are recomputed in float64 over their band.
 *
 * Run by local-window.bench.ts: node --expose-gc --conditions=@attnkit/source --import tsx <this> '<json>'
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { randn } from '@attnkit/core';
import { type BackendChoice, getKernels } from '@attnkit/kernels';
import { localWindow } from '@attnkit/local-window';

export interface LocalPeakRequest {
  n: number;
  d: number;
  window: number;
  backend: BackendChoice;
  checkRows: number;
}

export interface LocalPeakResult extends LocalPeakRequest {
  /** The kernels that ran (what `backend` resolved to). */
  backendName: string;
  forwardMs: number;
  inputBytes: number;
  outputBytes: number;
  /** Peak rss above the lowest rss seen once the inputs existed, output included. */
  peakAboveInputs: number;
  predictedPeakBytes: number;
  checkedMaxAbsError: number;
}

const statusKb = (field: string): number => {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) * 1024 : Number.NaN;
};

const req = JSON.parse(process.argv[2]) as LocalPeakRequest;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const { n, d, window } = req;
const variant = localWindow({ window, backend: req.backend });
{
  const x = randn([1, 1, 1024, d], 9);
  variant.forward(x, x, x); // JIT warm-up, part of the baseline
}
const q = randn([1, 1, n, d], 1);
const k = randn([1, 1, n, d], 2);
const v = randn([1, 1, n, d], 3);
const shape = {
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: d,
  valueDim: d,
};
const predictedPeakBytes = variant.cost(shape).peakBytes;

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
     Atomics.wait(flags, 0, 0, 2);
   }`,
  { eval: true, workerData: shared },
);
while (Atomics.load(flags, 1) === 0) await new Promise((r) => setTimeout(r, 5));
gc();
gc();
const baseRss = process.memoryUsage.rss();
writeFileSync('/proc/self/clear_refs', '5');
maxRss[0] = baseRss;
minRss[0] = baseRss;

const t0 = performance.now();
const out = variant.forward(q, k, v);
const forwardMs = performance.now() - t0;

const hwm = statusKb('VmHWM');
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
await sampler.terminate();

// Float64 spot check from the definition: row i sees keys max(0, i − w) … min(n − 1, i + w).
let checkedMaxAbsError = 0;
for (let c = 0; c < req.checkRows; c++) {
  const i = c === 0 ? 0 : c === 1 ? n - 1 : Math.floor(((c + 0.5) / req.checkRows) * n);
  const from = Math.max(0, i - window);
  const to = Math.min(n - 1, i + window);
  const s = new Float64Array(to - from + 1);
  let m = Number.NEGATIVE_INFINITY;
  for (let j = from; j <= to; j++) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += q.data[i * d + t] * k.data[j * d + t];
    s[j - from] = dot / Math.sqrt(d);
    m = Math.max(m, s[j - from]);
  }
  let sum = 0;
  for (let x = 0; x < s.length; x++) sum += s[x] = Math.exp(s[x] - m);
  for (let t = 0; t < d; t++) {
    let o = 0;
    for (let j = from; j <= to; j++) o += s[j - from] * v.data[j * d + t];
    checkedMaxAbsError = Math.max(checkedMaxAbsError, Math.abs(o / sum - out.data[i * d + t]));
  }
}

const result: LocalPeakResult = {
  ...req,
  backendName: getKernels(req.backend).name,
  forwardMs,
  inputBytes: q.data.byteLength + k.data.byteLength + v.data.byteLength,
  outputBytes: out.data.byteLength,
  peakAboveInputs: Math.max(hwm, maxRss[0]) - minRss[0],
  predictedPeakBytes,
  checkedMaxAbsError,
};
console.log(JSON.stringify(result));
