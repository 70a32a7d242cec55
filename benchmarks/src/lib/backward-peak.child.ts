/**
 * Child process for the backward's peak memory (b h n d): allocates q, k, v, dOut of one head and
 * the saved state of forwardForTraining (all counted as inputs), then runs one backward under
 * `measurePeak` (VmHWM and an rss sampler, above the lowest rss once the inputs exist).
 *
 * Run by backward.bench.ts: node --expose-gc --conditions=@attnkit/source --import tsx <this> '<json>'
 */

import { measurePeak } from '@attnkit/cli/lib';
import { randn } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { BACKWARD_VARIANTS } from './backward-variants.ts';
import { oneHead, oneHeadGradient, oneHeadShape } from './one-head.ts';

export interface BackwardPeakRequest {
  variant: string;
  n: number;
  d: number;
  causal: boolean;
}

export interface BackwardPeakResult extends BackwardPeakRequest {
  backend: string;
  backwardMs: number;
  /** Peak rss above the lowest rss seen once inputs and saved state existed, bytes. */
  peakAboveInputs: number;
  hwmAboveInputs: number;
  predictedPeakBytes: number;
  inputBytes: number;
  allFinite: boolean;
}

const req = JSON.parse(process.argv[2]) as BackwardPeakRequest;
const make = BACKWARD_VARIANTS[req.variant];
const { n, d, causal } = req;
{
  // Warm the JIT on a small call so compiled code is part of the baseline, not of the peak.
  const x = randn([1, 1, 256, d], 9);
  make().backward!(x, x, x, x, { causal });
}
const { q, k, v } = oneHead(n, d);
const dOut = oneHeadGradient(n, d);
const variant = make();
const { saved } = variant.forwardForTraining!(q, k, v, { causal });
const shape = oneHeadShape(n, d);
const peak = await measurePeak(() => variant.backward!(q, k, v, dOut, { causal, saved }));
const g = peak.value;
const result: BackwardPeakResult = {
  ...req,
  backend: getKernels('auto').name,
  backwardMs: peak.ms,
  peakAboveInputs: peak.peakAboveLowest,
  hwmAboveInputs: peak.hwmAboveBase ?? Number.NaN,
  predictedPeakBytes: variant.backwardCost!(shape, { causal }).peakBytes,
  inputBytes:
    4 * (q.data.length + k.data.length + v.data.length + dOut.data.length) +
    saved.output.data.byteLength +
    (saved.logSumExp?.byteLength ?? 0),
  allFinite: [g.dq, g.dk, g.dv].every((t) => t.data.every(Number.isFinite)),
};
console.log(JSON.stringify(result));
