/**
 * Chunked against full attention, one head, d = 64, same backend (getKernels('auto')).
 *  (a) time and GFLOP/s at N = 1024, 4096, 16384, non-causal and causal; GFLOP/s counts the
 *      visible pairs only (4·pairs·d), so causal work is about half of non-causal.
 *  (b) peak memory above the inputs at N = 16384, measured in a fresh child process, beside
 *      cost()'s prediction.
 *  (c) one exact N = 65536 run (causal by default, CAUSAL65K=0 for non-causal), its time, its
 *      measured peak and a float64 spot check of a few rows.
 * Run: pnpm --filter @attnkit/benchmarks bench:chunked   (env: N=1024,4096 PARTS=a,b,c)
 */
import { chunked } from '@attnkit/chunked';
import { full } from '@attnkit/full';
import { getKernels } from '@attnkit/kernels';
import type { PeakRequest, PeakResult } from './lib/forward-peak.child.ts';
import { interleaved } from './lib/interleaved.ts';
import { gflops, loadLine, machineLine, runChild, table } from './lib/measure.ts';
import { oneHead, oneHeadShape } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '1024,4096,16384').split(',').map(Number);
const parts = new Set((process.env.PARTS ?? 'a,b,c').split(','));
const backend = getKernels('auto').name;
const MB = 2 ** 20;

console.log(
  `chunked vs full · one head, d = ${d}, fp32 · backend ${backend} · ${machineLine()} · ${loadLine()}`,
);

if (parts.has('a')) {
  const rows: (string | number)[][] = [];
  const ratios: (string | number)[][] = [];
  for (const n of lengths) {
    const { q, k, v } = oneHead(n, d);
    const f = full();
    const c = chunked();
    const ms = interleaved(n, {
      full: () => f.forward(q, k, v),
      chunked: () => c.forward(q, k, v),
      'full causal': () => f.forward(q, k, v, { causal: true }),
      'chunked causal': () => c.forward(q, k, v, { causal: true }),
    });
    for (const causal of [false, true]) {
      const flops = c.cost(oneHeadShape(n, d), { causal }).flops;
      for (const name of ['full', 'chunked']) {
        const t = ms[`${name}${causal ? ' causal' : ''}`];
        rows.push([
          n,
          `${name} (${backend})`,
          causal ? 'yes' : 'no',
          t.toFixed(1),
          gflops(flops, t).toFixed(2),
        ]);
      }
    }
    ratios.push([
      n,
      backend,
      (ms['chunked causal'] / ms.chunked).toFixed(3),
      (ms['full causal'] / ms.full).toFixed(3),
      (ms.full / ms.chunked).toFixed(3),
      (ms['full causal'] / ms['chunked causal']).toFixed(3),
    ]);
  }
  console.log(
    '\n(a) median ms (5 interleaved rounds at N <= 4096, 1 at longer N) and GFLOP/s of visible pairs, same backend, same run',
  );
  console.log(table(['N', 'variant (backend)', 'causal', 'ms', 'GFLOP/s'], rows));
  console.log(
    '\nratios (targets: chunked causal/non-causal <= 0.55 at N >= 4096; chunked GFLOP/s >= full, i.e. full/chunked time >= 1)',
  );
  console.log(
    table(
      [
        'N',
        'backend',
        'chunked causal/non-causal',
        'full causal/non-causal',
        'full/chunked time',
        'full/chunked time, causal',
      ],
      ratios,
    ),
  );
}

const child = new URL('./lib/forward-peak.child.ts', import.meta.url);
const peak = (req: PeakRequest) => runChild<PeakRequest, PeakResult>(child, req);
const peakRow = (p: PeakResult) => [
  p.n,
  `${p.variant} (${p.backend})`,
  p.causal ? 'yes' : 'no',
  (p.inputBytes / MB).toFixed(1),
  (p.peakAboveInputs / MB).toFixed(1),
  (p.hwmAboveInputs / MB).toFixed(1),
  (p.sampledAboveInputs / MB).toFixed(1),
  (p.lowestRssDrop / MB).toFixed(1),
  (p.arrayBuffersAfter / MB).toFixed(1),
  (p.predictedPeakBytes / MB).toFixed(1),
  (p.forwardMs / 1000).toFixed(1),
  p.checkedMaxAbsError.toExponential(2),
];
const peakHeader = [
  'N',
  'variant (backend)',
  'causal',
  'inputs MB',
  'peak above inputs MB',
  'VmHWM Δ MB',
  'sampled rss Δ MB',
  'rss released during call MB',
  'ArrayBuffers Δ after MB',
  'cost() peak MB',
  'forward s',
  'spot-check max |err|',
];

if (parts.has('b')) {
  const n = Number(process.env.PEAK_N ?? 16384);
  const results = [
    peak({ variant: 'chunked', n, d, causal: true, checkRows: 4 }),
    peak({ variant: 'full', n, d, causal: true, checkRows: 4 }),
  ];
  console.log(
    `\n(b) peak memory above inputs, measured in a fresh child process (target chunked < 64 MB at N = ${n})`,
  );
  console.log(table(peakHeader, results.map(peakRow)));
}

if (parts.has('c')) {
  const causal = process.env.CAUSAL65K !== '0';
  const p = peak({ variant: 'chunked', n: 65536, d, causal, checkRows: 8 });
  console.log('\n(c) one exact N = 65536 run in a child process, with a float64 check of 8 rows');
  console.log(table(peakHeader, [peakRow(p)]));
}
