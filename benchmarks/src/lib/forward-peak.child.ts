/**
 * Child process for peak-memory figures (b h n d): allocates q, k, v of one head, then runs one
 * forward under `measurePeak` (@attnkit/cli/lib: VmHWM and an rss sampler, above the lowest rss
 * once the inputs exist). A fresh process per figure keeps earlier allocations and JIT state of
 * other runs out of it.
 *
 * Run by chunked.bench.ts: node --expose-gc --conditions=@attnkit/source --import tsx <this> '<json>'
 */
import { chunked } from '@attnkit/chunked';
import { measurePeak } from '@attnkit/cli/lib';
import { randn } from '@attnkit/core';
import { full } from '@attnkit/full';
import { getKernels } from '@attnkit/kernels';
import { oneHead, oneHeadShape } from './one-head.ts';
import { rowError } from './row-error.ts';

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

const req = JSON.parse(process.argv[2]) as PeakRequest;
const make = () => (req.variant === 'chunked' ? chunked() : full());
const { n, d, causal } = req;

// Warm the JIT on a small call so compiled code is part of the baseline, not of the peak.
{
  const x = randn([1, 1, 256, d], 9);
  make().forward(x, x, x, { causal });
}
const { q, k, v } = oneHead(n, d);
const variant = make();
const shape = oneHeadShape(n, d);
const predictedPeakBytes = variant.cost(shape, { causal }).peakBytes;

const peak = await measurePeak(() => variant.forward(q, k, v, { causal }));
const out = peak.value;

// Exactness spot check: a few rows recomputed in float64 from the definition.
let checkedMaxAbsError = 0;
for (let c = 0; c < req.checkRows; c++) {
  const i = Math.floor(((c + 0.5) / req.checkRows) * n);
  const err = rowError(q.data, k.data, v.data, out.data, d, i, 0, causal ? i + 1 : n);
  checkedMaxAbsError = Math.max(checkedMaxAbsError, err);
}

const result: PeakResult = {
  ...req,
  backend: getKernels('auto').name,
  forwardMs: peak.ms,
  hwmAboveInputs: peak.hwmAboveBase ?? Number.NaN,
  sampledAboveInputs: peak.sampledAboveBase,
  lowestRssDrop: peak.lowestRssDrop,
  peakAboveInputs: peak.peakAboveLowest,
  arrayBuffersAfter: peak.arrayBuffersAfter,
  predictedPeakBytes,
  inputBytes: q.data.byteLength + k.data.byteLength + v.data.byteLength,
  checkedMaxAbsError,
};
console.log(JSON.stringify(result));
