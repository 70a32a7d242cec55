/**
 * Child process of the efficiency suite's memory column (b h n d, one head, d = 64): warms the
 * variant on a short call, allocates q, k, v, then measures one forward's peak resident set
 * above the inputs (peak-probe.ts) beside its cost().peakBytes. A fresh process per figure.
 * Argument: JSON { spec, n, causal }.
 */

import { measurePeak } from '@attnkit/cli/lib';
import { randn } from '@attnkit/core';
import { variantOf } from './specs.ts';

const { spec, n, causal } = JSON.parse(process.argv[2]) as {
  spec: string;
  n: number;
  causal: boolean;
};
const d = 64;
const variant = variantOf(spec);
{
  const x = randn([1, 1, 512, d], 9);
  variant.forward(x, x, x, { causal });
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
const predicted = variant.cost(shape, { causal }).peakBytes;
const peak = await measurePeak(() => variant.forward(q, k, v, { causal }));
console.log(
  JSON.stringify({
    spec,
    n,
    outputBytes: peak.value.data.byteLength,
    measured: peak.peakAboveLowest,
    predicted,
  }),
);
