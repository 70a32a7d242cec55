/**
 * Child process for local-window's long-N figures (b h n d, one head): allocates q, k, v, then
 * times one forward under `measurePeak` (@attnkit/cli/lib) and recomputes a few output rows in
 * float64 over their band.
 *
 * Run by local-window.bench.ts: node --expose-gc --conditions=@attnkit/source --import tsx <this> '<json>'
 */

import { measurePeak } from '@attnkit/cli/lib';
import { randn } from '@attnkit/core';
import { type BackendChoice, getKernels } from '@attnkit/kernels';
import { localWindow } from '@attnkit/local-window';
import { oneHead, oneHeadShape } from './one-head.ts';
import { rowError } from './row-error.ts';

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

const req = JSON.parse(process.argv[2]) as LocalPeakRequest;
const { n, d, window } = req;
const variant = localWindow({ window, backend: req.backend });
{
  const x = randn([1, 1, 1024, d], 9);
  variant.forward(x, x, x); // JIT warm-up, part of the baseline
}
const { q, k, v } = oneHead(n, d);
const shape = oneHeadShape(n, d);
const predictedPeakBytes = variant.cost(shape).peakBytes;

const peak = await measurePeak(() => variant.forward(q, k, v));
const out = peak.value;

// Float64 spot check from the definition: row i sees keys max(0, i − w) … min(n − 1, i + w).
let checkedMaxAbsError = 0;
for (let c = 0; c < req.checkRows; c++) {
  const i = c === 0 ? 0 : c === 1 ? n - 1 : Math.floor(((c + 0.5) / req.checkRows) * n);
  const from = Math.max(0, i - window);
  const to = Math.min(n, i + window + 1);
  checkedMaxAbsError = Math.max(
    checkedMaxAbsError,
    rowError(q.data, k.data, v.data, out.data, d, i, from, to),
  );
}

const result: LocalPeakResult = {
  ...req,
  backendName: getKernels(req.backend).name,
  forwardMs: peak.ms,
  inputBytes: q.data.byteLength + k.data.byteLength + v.data.byteLength,
  outputBytes: out.data.byteLength,
  peakAboveInputs: peak.peakAboveLowest,
  predictedPeakBytes,
  checkedMaxAbsError,
};
console.log(JSON.stringify(result));
