/**
 * Local-window attention (window 256 each side, non-causal unless noted), one head, d = 64, on
 * getKernels('auto') unless BACKEND says otherwise; every line names the backend.
 *  (a) scaling: time at N = 4K, 16K, 64K, 256K and the fitted exponent of time vs N (log-log
 *      least squares; target 1.0 ± 0.15).
 *  (b) against exact attention (@attnkit/chunked) from N = 1024 on, interleaved in one run.
 *  (c) N = 65,536 and N = 1,048,576 in fresh child processes: one timed forward, peak memory
 *      above the inputs (it must stay O(N·D): a constant number of bytes per token), float64
 *      spot check of a few rows.
 * Run: pnpm --filter @attnkit/benchmarks bench:local-window   (env: PARTS=a,b,c FIT_N=… CMP_N=… BIG_N=… BACKEND=auto|js|wasm)
 */
import { chunked } from '@attnkit/chunked';
import { logLogSlope } from '@attnkit/cli/lib';
import { type BackendChoice, getKernels } from '@attnkit/kernels';
import { localWindow } from '@attnkit/local-window';
import { interleaved as interleavedRuns } from './lib/interleaved.ts';
import type { LocalPeakRequest, LocalPeakResult } from './lib/local-window-peak.child.ts';
import { gflops, loadLine, machineLine, runChild, table } from './lib/measure.ts';
import { oneHead, oneHeadShape } from './lib/one-head.ts';

/** Median ms per config, interleaved: 5 rounds up to 4K, 3 up to 16K, then 1; warm-up up to 16K. */
const interleaved = (n: number, configs: Record<string, () => unknown>) =>
  interleavedRuns(n, configs, n <= 16384 ? 3 : 1, 16384);

const d = 64;
const window = 256;
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(',').map(Number);
const parts = new Set((process.env.PARTS ?? 'a,b,c').split(','));
const choice = (process.env.BACKEND ?? 'auto') as BackendChoice;
const backend = getKernels(choice).name;
const MB = 2 ** 20;

console.log(
  `local-window (window ${window} each side) · one head, d = ${d}, fp32 · backend ${backend} · ${machineLine()} · ${loadLine()}`,
);

if (parts.has('a')) {
  const lengths = list('FIT_N', '4096,16384,65536,262144');
  const lw = localWindow({ window, backend: choice });
  const rows: (string | number)[][] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const n of lengths) {
    const { q, k, v } = oneHead(n, d);
    if (n <= 16384) lw.forward(q, k, v);
    const runs = n <= 16384 ? 5 : 2;
    const w: number[] = [];
    const c: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      lw.forward(q, k, v);
      w.push(performance.now() - t0);
      const dc = process.cpuUsage(c0);
      c.push((dc.user + dc.system) / 1000);
    }
    // Minimum: the run least disturbed by the other processes sharing the 2 cores.
    const wMin = Math.min(...w);
    const cMin = Math.min(...c);
    wall.push(wMin);
    cpu.push(cMin);
    const flops = lw.cost(oneHeadShape(n, d)).flops;
    rows.push([
      n,
      `local-window (${backend})`,
      runs,
      wMin.toFixed(1),
      [...w].sort((x, y) => x - y)[Math.floor(runs / 2)].toFixed(1),
      cMin.toFixed(1),
      gflops(flops, wMin).toFixed(2),
      ((wMin / n) * 1000).toFixed(2),
    ]);
  }
  console.log(
    '\n(a) wall ms (min and median of the runs) and process CPU ms (min; CPU time does not count waiting for a core), GFLOP/s of band pairs at the min wall time',
  );
  console.log(
    table(
      [
        'N',
        'variant (backend)',
        'runs',
        'wall min ms',
        'wall median ms',
        'CPU min ms',
        'GFLOP/s',
        'µs per token',
      ],
      rows,
    ),
  );
  for (const [what, ys] of [
    ['wall time', wall],
    ['CPU time', cpu],
  ] as const) {
    const slope = logLogSlope(lengths, ys);
    console.log(
      `fitted exponent of ${what} vs N over ${lengths.join(', ')} (backend ${backend}): ${slope.toFixed(3)} (target 1.0 ± 0.15: ${Math.abs(slope - 1) <= 0.15 ? 'met' : 'NOT met'})`,
    );
  }
}

if (parts.has('b')) {
  const rows: (string | number)[][] = [];
  for (const n of list('CMP_N', '1024,2048,4096,8192')) {
    const { q, k, v } = oneHead(n, d);
    const lw = localWindow({ window, backend: choice });
    const exact = chunked({ backend: choice });
    const ms = interleaved(n, {
      lw: () => lw.forward(q, k, v),
      exact: () => exact.forward(q, k, v),
      'lw causal': () => lw.forward(q, k, v, { causal: true }),
      'exact causal': () => exact.forward(q, k, v, { causal: true }),
    });
    for (const causal of [false, true]) {
      const c = causal ? ' causal' : '';
      rows.push([
        n,
        backend,
        causal ? 'yes' : 'no',
        ms[`lw${c}`].toFixed(1),
        ms[`exact${c}`].toFixed(1),
        (ms[`exact${c}`] / ms[`lw${c}`]).toFixed(2),
      ]);
    }
  }
  console.log(
    '\n(b) against exact attention (@attnkit/chunked, default blocks), interleaved in one run: speed-up = chunked ms / local-window ms (target > 1 from N = 1024)',
  );
  console.log(table(['N', 'backend', 'causal', 'local-window ms', 'chunked ms', 'speed-up'], rows));
}

if (parts.has('c')) {
  const child = new URL('./lib/local-window-peak.child.ts', import.meta.url);
  const peak = (req: LocalPeakRequest) => runChild<LocalPeakRequest, LocalPeakResult>(child, req);
  const rows = list('BIG_N', '65536,1048576').map((n) => {
    const p = peak({ n, d, window, backend: choice, checkRows: 6 });
    return [
      p.n,
      `local-window (${p.backendName})`,
      (p.forwardMs / 1000).toFixed(1),
      (p.inputBytes / MB).toFixed(1),
      (p.outputBytes / MB).toFixed(1),
      (p.peakAboveInputs / MB).toFixed(1),
      (p.predictedPeakBytes / MB).toFixed(1),
      (p.peakAboveInputs / p.n).toFixed(0),
      (p.peakAboveInputs / (p.n * d * 4)).toFixed(2),
      p.checkedMaxAbsError.toExponential(2),
    ];
  });
  console.log(
    '\n(c) one forward per N in a fresh child process: time, peak rss above the inputs (output included), cost() prediction; O(N·D) means bytes per token stays flat',
  );
  console.log(
    table(
      [
        'N',
        'variant (backend)',
        'forward s',
        'inputs MB',
        'output MB',
        'peak above inputs MB',
        'cost() peak MB',
        'bytes/token',
        '÷ (N·D·4)',
        'spot-check max |err|',
      ],
      rows,
    ),
  );
}
