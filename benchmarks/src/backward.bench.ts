/**
 * Backward against forward, per variant, one head, d = 64, auto backend, same run.
 *  (a) backward ÷ forward time at N = 4096 and 16384 (FlashAttention-2 reports ≈ 2.5×; target
 *      ≤ 3×), by wall time and by process CPU time: rounds interleave forward and backward so the machine's load falls on both alike;
 *      the ratio is the median over rounds of backward / forward in the same round. The backward
 *      gets the state of forwardForTraining (timed beside, as the training forward).
 *  (b) backward peak memory above its inputs (q, k, v, dOut and the saved state) at N = 16384,
 *      each in a fresh child process, beside backwardCost()'s prediction (target: chunked < 64 MB;
 *      an N×N float32 matrix would be 1024 MB).
 * Run: pnpm --filter @attnkit/benchmarks bench:backward   (env: N=4096,16384 PARTS=a,b CAUSAL=1
 *      VARIANTS=full,chunked PEAK_N=16384)
 */
import { getKernels } from '@attnkit/kernels';
import type { BackwardPeakRequest, BackwardPeakResult } from './lib/backward-peak.child.ts';
import { BACKWARD_VARIANTS } from './lib/backward-variants.ts';
import { interleavedSamples, median, pairedRatio } from './lib/interleaved.ts';
import { loadLine, machineLine, runChild, table } from './lib/measure.ts';
import { oneHead, oneHeadGradient } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '4096,16384').split(',').map(Number);
const parts = new Set((process.env.PARTS ?? 'a,b').split(','));
const causal = process.env.CAUSAL === '1';
const names = process.env.VARIANTS?.split(',') ?? Object.keys(BACKWARD_VARIANTS);
const backend = getKernels('auto').name;
const MB = 2 ** 20;

console.log(
  `backward vs forward · one head, d = ${d}, fp32, causal ${causal} · backend ${backend} · ${machineLine()} · ${loadLine()}`,
);

if (parts.has('a')) {
  const rows: (string | number)[][] = [];
  for (const n of lengths) {
    const { q, k, v } = oneHead(n, d);
    const dOut = oneHeadGradient(n, d);
    for (const name of names) {
      const variant = BACKWARD_VARIANTS[name]();
      const options = { causal };
      const { saved } = variant.forwardForTraining!(q, k, v, options);
      // Rounds beyond N = 4096 take seconds each: 3 there, 5 below.
      const { wall, cpu } = interleavedSamples(
        n,
        {
          forward: () => variant.forward(q, k, v, options),
          training: () => variant.forwardForTraining!(q, k, v, options),
          backward: () => variant.backward!(q, k, v, dOut, { ...options, saved }),
        },
        3,
      );
      rows.push([
        n,
        `${name} (${backend})`,
        median(wall.forward).toFixed(1),
        median(wall.training).toFixed(1),
        median(wall.backward).toFixed(1),
        pairedRatio(wall, 'backward', 'forward').toFixed(2),
        pairedRatio(cpu, 'backward', 'forward').toFixed(2),
        pairedRatio(wall, 'training', 'forward').toFixed(2),
        wall.forward.length,
      ]);
      console.log(rows.at(-1)!.join(' · '));
    }
  }
  console.log(
    "\n(a) median wall ms; ratios are medians over rounds of the same round's times, wall and process CPU (CPU time is what a loaded machine does not inflate)",
  );
  console.log(
    table(
      [
        'N',
        'variant (backend)',
        'forward ms',
        'forwardForTraining ms',
        'backward ms',
        'backward ÷ forward',
        'backward ÷ forward (CPU)',
        'forwardForTraining ÷ forward',
        'rounds',
      ],
      rows,
    ),
  );
}

const child = new URL('./lib/backward-peak.child.ts', import.meta.url);
const peak = (req: BackwardPeakRequest) =>
  runChild<BackwardPeakRequest, BackwardPeakResult>(child, req);

if (parts.has('b')) {
  const n = Number(process.env.PEAK_N ?? 16384);
  const rows = names.map((name) => {
    const p = peak({ variant: name, n, d, causal });
    return [
      n,
      `${name} (${p.backend})`,
      (p.inputBytes / MB).toFixed(1),
      (p.peakAboveInputs / MB).toFixed(1),
      (p.hwmAboveInputs / MB).toFixed(1),
      (p.predictedPeakBytes / MB).toFixed(1),
      (p.backwardMs / 1000).toFixed(2),
      p.allFinite ? 'yes' : 'NO',
    ];
  });
  console.log(
    '\n(b) backward peak memory, each in a fresh child process (N×N float32 would be 1024 MB)',
  );
  console.log(
    table(
      [
        'N',
        'variant (backend)',
        'inputs + saved MB',
        'peak above inputs MB',
        'VmHWM Δ MB',
        'backwardCost() peak MB',
        'backward s',
        'finite',
      ],
      rows,
    ),
  );
}
